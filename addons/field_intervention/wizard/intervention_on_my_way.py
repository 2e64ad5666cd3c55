from odoo import fields, models


class InterventionOnMyWay(models.TransientModel):
    _name = "intervention.on.my.way"
    _description = "On My Way"

    appointment_id = fields.Many2one(
        "intervention.appointment", required=True, readonly=True, ondelete="cascade"
    )
    minutes = fields.Integer(
        string="Minutes to Arrival",
        default=30,
        required=True,
        help="The customer is told the technician arrives in this many minutes.",
    )

    def action_confirm(self):
        self.ensure_one()
        # The appointment's method checks the visit, the user and the minutes.
        self.appointment_id._notify_on_my_way(self.minutes)
        return {"type": "ir.actions.act_window_close"}
