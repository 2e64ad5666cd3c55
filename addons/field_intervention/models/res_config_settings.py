from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    intervention_time_tracking = fields.Selection(
        related="company_id.intervention_time_tracking",
        readonly=False,
    )
    intervention_time_tracking_required = fields.Boolean(
        related="company_id.intervention_time_tracking_required",
        readonly=False,
    )
    intervention_travel_buffer = fields.Float(
        related="company_id.intervention_travel_buffer",
        readonly=False,
    )
    intervention_arrival_window = fields.Float(
        related="company_id.intervention_arrival_window",
        readonly=False,
    )
    intervention_response_hours_0 = fields.Float(
        related="company_id.intervention_response_hours_0", readonly=False
    )
    intervention_response_hours_1 = fields.Float(
        related="company_id.intervention_response_hours_1", readonly=False
    )
    intervention_response_hours_2 = fields.Float(
        related="company_id.intervention_response_hours_2", readonly=False
    )
    intervention_response_hours_3 = fields.Float(
        related="company_id.intervention_response_hours_3", readonly=False
    )
    intervention_sla_risk_percent = fields.Float(
        related="company_id.intervention_sla_risk_percent", readonly=False
    )
    intervention_portal_breakdown_template_id = fields.Many2one(
        related="company_id.intervention_portal_breakdown_template_id", readonly=False
    )
    intervention_portal_maintenance_template_id = fields.Many2one(
        related="company_id.intervention_portal_maintenance_template_id", readonly=False
    )
    intervention_portal_other_template_id = fields.Many2one(
        related="company_id.intervention_portal_other_template_id", readonly=False
    )
    intervention_portal_book_breakdown = fields.Boolean(
        related="company_id.intervention_portal_book_breakdown", readonly=False
    )
    intervention_portal_book_maintenance = fields.Boolean(
        related="company_id.intervention_portal_book_maintenance", readonly=False
    )
    intervention_portal_book_other = fields.Boolean(
        related="company_id.intervention_portal_book_other", readonly=False
    )
    intervention_portal_booking_state = fields.Selection(
        related="company_id.intervention_portal_booking_state", readonly=False
    )
    intervention_portal_booking_weeks = fields.Integer(
        related="company_id.intervention_portal_booking_weeks", readonly=False
    )
    intervention_portal_change_hours = fields.Float(
        related="company_id.intervention_portal_change_hours", readonly=False
    )
    intervention_portal_request_limit = fields.Integer(
        related="company_id.intervention_portal_request_limit", readonly=False
    )
    intervention_portal_user_id = fields.Many2one(
        related="company_id.intervention_portal_user_id", readonly=False
    )
