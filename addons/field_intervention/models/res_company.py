from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.response_time import RESPONSE_HOURS_FIELDS, check_response_hours


class ResCompany(models.Model):
    _inherit = "res.company"

    intervention_time_tracking = fields.Selection(
        [
            ("none", "No Tracking"),
            ("manual", "Manual Entry"),
            ("timer", "Timer"),
        ],
        string="Time Tracking",
        default="none",
        required=True,
        help="No Tracking: the actual duration is typed in the report tab.\n"
        "Manual Entry: on Finish, the technician types the duration and the travel time.\n"
        "Timer: Start starts a timer and Finish records the time spent.",
    )
    intervention_time_tracking_required = fields.Boolean(
        string="Time Tracking Required",
        help="The report of an appointment cannot be filled until Start is pressed.",
    )
    intervention_travel_buffer = fields.Float(
        string="Travel Buffer",
        default=0.5,
        help="Time kept free before and after each appointment when looking for a slot (hours).",
    )
    intervention_arrival_window = fields.Float(
        string="Arrival Window",
        default=2.0,
        help="On the day of a visit, the customer is told the technician arrives between its start and "
        "its start plus this many hours.",
    )
    # Response time (SLA) by request priority, in working hours of the company's calendar;
    # 0 means no commitment, so no deadline. A contract can give its own.
    intervention_response_hours_0 = fields.Float(
        string="Response Time (Normal)",
        default=40.0,
        help="Working hours to reach a Normal request (0: no deadline).",
    )
    intervention_response_hours_1 = fields.Float(
        string="Response Time (Important)",
        default=24.0,
        help="Working hours to reach an Important request (0: no deadline).",
    )
    intervention_response_hours_2 = fields.Float(
        string="Response Time (Very Important)",
        default=16.0,
        help="Working hours to reach a Very Important request (0: no deadline).",
    )
    intervention_response_hours_3 = fields.Float(
        string="Response Time (Urgent)",
        default=8.0,
        help="Working hours to reach an Urgent request (0: no deadline).",
    )
    intervention_sla_risk_percent = fields.Float(
        string="At Risk Threshold",
        default=25.0,
        help="A request is at risk when less than this share of its response time is left (%).",
    )

    # Customer portal: what customers may ask for, and whether they pick the slot themselves.
    intervention_portal_breakdown_template_id = fields.Many2one(
        "intervention.template",
        string="Breakdown Requests",
        check_company=True,
        help="Template of the requests customers send from the portal for a breakdown; none: the "
        "portal does not offer this kind.",
    )
    intervention_portal_maintenance_template_id = fields.Many2one(
        "intervention.template",
        string="Maintenance Requests",
        check_company=True,
        help="Template of the requests customers send from the portal for a maintenance visit; "
        "none: the portal does not offer this kind.",
    )
    intervention_portal_other_template_id = fields.Many2one(
        "intervention.template",
        string="Other Requests",
        check_company=True,
        help="Template of the other requests customers send from the portal; none: the portal "
        "does not offer this kind.",
    )
    intervention_portal_book_breakdown = fields.Boolean(
        string="Customers Book Breakdown Visits",
        help="After a breakdown request, the customer picks a free slot on the portal.",
    )
    intervention_portal_book_maintenance = fields.Boolean(
        string="Customers Book Maintenance Visits",
        help="After a maintenance request, or for a visit their contract owes, the customer picks "
        "a free slot on the portal.",
    )
    intervention_portal_book_other = fields.Boolean(
        string="Customers Book Other Visits",
        help="After another request, the customer picks a free slot on the portal.",
    )
    intervention_portal_booking_state = fields.Selection(
        [("confirmed", "Confirmed at once"), ("draft", "Draft, confirmed by the office")],
        string="Booked Appointments",
        default="confirmed",
        required=True,
        help="State of the appointments customers book on the portal.",
    )
    intervention_portal_booking_weeks = fields.Integer(
        string="Booking Horizon",
        default=4,
        help="How many weeks ahead customers are offered slots.",
    )
    intervention_portal_change_hours = fields.Float(
        string="Changes Allowed Until",
        default=24.0,
        help="Customers may reschedule or cancel a visit on the portal until this many hours "
        "before it; later, the page asks them to call.",
    )
    intervention_portal_request_limit = fields.Integer(
        string="Portal Requests per Day",
        default=5,
        help="Most requests one customer may send from the portal in 24 hours.",
    )
    intervention_portal_user_id = fields.Many2one(
        "res.users",
        string="Portal Requests Responsible",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Responsible of the requests customers send from the portal, given an activity for "
        "each; none: the company's first dispatcher.",
    )

    @api.constrains(*RESPONSE_HOURS_FIELDS, "intervention_sla_risk_percent")
    def _check_intervention_response_hours(self):
        for company in self:
            check_response_hours(company, RESPONSE_HOURS_FIELDS)
            if not 0 <= company.intervention_sla_risk_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "%(company)s: %(field)s must be between 0 and 100 %%.",
                        company=company.name,
                        field=self._fields["intervention_sla_risk_percent"]._description_string(self.env),
                    )
                )

    @api.constrains(
        "intervention_arrival_window",
        "intervention_portal_booking_weeks",
        "intervention_portal_change_hours",
        "intervention_portal_request_limit",
    )
    def _check_intervention_portal_settings(self):
        for company in self:
            for field_name, low, high in (
                ("intervention_arrival_window", 0, 12),
                ("intervention_portal_booking_weeks", 1, 26),
                ("intervention_portal_change_hours", 0, 24 * 30),
                ("intervention_portal_request_limit", 1, 100),
            ):
                if not low <= company[field_name] <= high:
                    raise ValidationError(
                        self.env._(
                            "%(company)s: %(field)s must be between %(low)s and %(high)s.",
                            company=company.name,
                            field=self._fields[field_name]._description_string(self.env),
                            low=low,
                            high=high,
                        )
                    )
