from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InterventionAppointmentFinish(models.TransientModel):
    _name = "intervention.appointment.finish"
    _description = "Finish an Appointment: Time Spent"

    appointment_id = fields.Many2one("intervention.appointment", required=True, ondelete="cascade")
    actual_duration = fields.Float(
        compute="_compute_durations",
        store=True,
        readonly=False,
        help="Time spent on site, in hours.",
    )
    travel_duration = fields.Float(
        string="Travel Time",
        compute="_compute_durations",
        store=True,
        readonly=False,
        help="In hours.",
    )

    @api.depends("appointment_id")
    def _compute_durations(self):
        for wizard in self:
            appointment = wizard.appointment_id
            wizard.actual_duration = (
                appointment._get_timer_duration() or appointment.actual_duration or appointment.duration
            )
            wizard.travel_duration = appointment.travel_duration

    @api.constrains("actual_duration", "travel_duration")
    def _check_durations(self):
        for wizard in self:
            if wizard.actual_duration < 0:
                raise ValidationError(self.env._("The Actual Duration cannot be negative."))
            if wizard.travel_duration < 0:
                raise ValidationError(self.env._("The Travel Time cannot be negative."))

    def action_confirm(self):
        self.ensure_one()
        self.appointment_id._action_done(
            {
                "actual_duration": self.actual_duration,
                "travel_duration": self.travel_duration,
            }
        )
        return {"type": "ir.actions.act_window_close"}
