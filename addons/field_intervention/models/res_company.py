from odoo import fields, models


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
