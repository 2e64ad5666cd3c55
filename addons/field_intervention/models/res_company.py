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
