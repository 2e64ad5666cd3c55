from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InterventionAppointmentFinish(models.TransientModel):
    _name = "intervention.appointment.finish"
    _description = "Finish an Appointment"

    appointment_id = fields.Many2one("intervention.appointment", required=True, ondelete="cascade")
    ask_times = fields.Boolean(
        compute="_compute_ask_times",
        help="The company's time tracking mode asks the time spent and the travel time at Finish.",
    )
    missing_requirements = fields.Html(
        string="Still Missing",
        compute="_compute_missing_requirements",
        sanitize=False,
        help="What the visit still lacks: Finish is refused until every item is given.",
    )
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
    def _compute_ask_times(self):
        for wizard in self:
            wizard.ask_times = wizard.appointment_id.time_tracking in ("manual", "timer")

    @api.depends("appointment_id")
    def _compute_missing_requirements(self):
        missing = self.appointment_id._get_finish_missing_requirements()
        for wizard in self:
            items = missing.get(wizard.appointment_id.id)
            wizard.missing_requirements = (
                Markup("<ul class='mb-0'>%s</ul>")
                % Markup().join(Markup("<li>%s</li>") % item for item in items)
                if items
                else False
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
        """Finish: the times typed only when the mode asks them (without time tracking the actual
        duration is the one typed in the report); the appointment refuses what is missing."""
        self.ensure_one()
        values = None
        if self.ask_times:
            values = {"actual_duration": self.actual_duration, "travel_duration": self.travel_duration}
        self.appointment_id._action_done(values)
        return {"type": "ir.actions.act_window_close"}
