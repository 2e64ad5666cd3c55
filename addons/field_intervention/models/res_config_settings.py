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
