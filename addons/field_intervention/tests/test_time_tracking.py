from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestTimeTracking(FieldInterventionCase):
    def _confirmed(self):
        appointment = self._create_appointment()
        appointment.action_confirm()
        return appointment.with_user(self.technician)

    def test_settings_write_company(self):
        settings = self.env["res.config.settings"].create(
            {
                "intervention_time_tracking": "timer",
                "intervention_time_tracking_required": True,
            }
        )
        settings.execute()
        self.assertEqual(self.company.intervention_time_tracking, "timer")
        self.assertTrue(self.company.intervention_time_tracking_required)

    def test_no_tracking_actual_duration_typed(self):
        appointment = self._confirmed()
        appointment.actual_duration = 2.25
        appointment.action_start()
        self.assertFalse(appointment.timer_start, "no timer without the timer mode")
        self.assertIs(appointment.action_finish(), True, "finishes without asking the times")
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.actual_duration, 2.25)

    def test_no_tracking_finish_without_start(self):
        appointment = self._confirmed()
        appointment.action_finish()
        self.assertEqual(appointment.state, "done")

    def test_manual_mode_asks_duration_and_travel_time(self):
        self.company.intervention_time_tracking = "manual"
        appointment = self._confirmed()
        appointment.action_start()
        action = appointment.action_finish()
        self.assertEqual(action["res_model"], "intervention.appointment.finish")
        self.assertEqual(appointment.state, "in_progress", "nothing is done before the times are entered")
        wizard_env = self.env(user=self.technician, context=action["context"])
        with Form(wizard_env["intervention.appointment.finish"]) as wizard:
            self.assertEqual(wizard.actual_duration, 1.5, "the planned duration is offered")
            wizard.actual_duration = 1.75
            wizard.travel_duration = 0.5
        wizard.record.action_confirm()
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.actual_duration, 1.75)
        self.assertEqual(appointment.travel_duration, 0.5)

    def test_manual_mode_negative_time_refused(self):
        self.company.intervention_time_tracking = "manual"
        appointment = self._confirmed()
        appointment.action_start()
        with self.assertRaisesRegex(ValidationError, "Travel Time cannot be negative"):
            self.env["intervention.appointment.finish"].with_user(self.technician).create(
                {
                    "appointment_id": appointment.id,
                    "actual_duration": 1,
                    "travel_duration": -1,
                }
            )
        self.assertEqual(appointment.state, "in_progress")

    def test_timer_mode_records_elapsed_time(self):
        self.company.intervention_time_tracking = "timer"
        appointment = self._confirmed()
        with freeze_time(datetime(2030, 3, 4, 9, 5)):
            appointment.action_start()
        self.assertEqual(appointment.timer_start, datetime(2030, 3, 4, 9, 5))
        self.assertEqual(appointment.state, "in_progress")
        appointment.travel_duration = 0.75
        with freeze_time(datetime(2030, 3, 4, 10, 50)):
            self._finish_with_wizard(appointment)
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.actual_duration, 1.75, "the timer's time, pre-filled")
        self.assertEqual(appointment.travel_duration, 0.75, "travel time can always be typed")
        self.assertFalse(appointment.timer_start, "the timer is stopped")

    def test_timer_mode_time_corrected_at_finish(self):
        """A forgotten pause: the technician corrects the time the timer counted."""
        self.company.intervention_time_tracking = "timer"
        appointment = self._confirmed()
        with freeze_time(datetime(2030, 3, 4, 9, 0)):
            appointment.action_start()
        with freeze_time(datetime(2030, 3, 4, 12, 0)):
            self._finish_with_wizard(appointment, actual_duration=1.5, travel_duration=0.5)
        self.assertEqual((appointment.actual_duration, appointment.travel_duration), (1.5, 0.5))
        self.assertFalse(appointment.timer_start, "the timer is stopped")

    def test_timer_mode_batch_finish_keeps_timer_times(self):
        self.company.intervention_time_tracking = "timer"
        first, second = self._confirmed(), self._confirmed()
        with freeze_time(datetime(2030, 3, 4, 9, 0)):
            first.action_start()
            first.action_timer_pause()
            second.action_start()
        with freeze_time(datetime(2030, 3, 4, 10, 0)):
            self.assertIs((first | second).action_finish(), True, "no wizard for several at once")
        self.assertEqual((first.actual_duration, second.actual_duration), (0.0, 1.0))
        self.assertEqual((first | second).mapped("state"), ["done", "done"])

    def _finish_with_wizard(self, appointment, **times):
        action = appointment.action_finish()
        self.assertEqual(action["res_model"], "intervention.appointment.finish")
        self.assertEqual(appointment.state, "in_progress", "nothing is done before the times are confirmed")
        wizard_form = Form(self.env(user=self.technician, context=action["context"])[action["res_model"]])
        for name, value in times.items():
            setattr(wizard_form, name, value)
        wizard_form.save().action_confirm()

    def test_timer_pauses_are_not_counted(self):
        self.company.intervention_time_tracking = "timer"
        appointment = self._confirmed()
        with freeze_time(datetime(2030, 3, 4, 9, 0)):
            appointment.action_start()
        with freeze_time(datetime(2030, 3, 4, 9, 30)):
            appointment.action_timer_pause()
        self.assertEqual(appointment.timer_pause, datetime(2030, 3, 4, 9, 30))
        with freeze_time(datetime(2030, 3, 4, 10, 15)):
            appointment.action_timer_resume()
        self.assertFalse(appointment.timer_pause)
        self.assertEqual(appointment.timer_start, datetime(2030, 3, 4, 9, 45), "moved by the pause")
        with freeze_time(datetime(2030, 3, 4, 10, 45)):
            appointment.action_timer_pause()
        with freeze_time(datetime(2030, 3, 4, 11, 30)):
            self._finish_with_wizard(appointment)
        self.assertEqual(appointment.actual_duration, 1.0, "30 min + 30 min, the pauses are left out")
        self.assertFalse(appointment.timer_start or appointment.timer_pause)

    def test_one_running_timer_per_technician(self):
        self.company.intervention_time_tracking = "timer"
        first = self._confirmed()
        second = self._confirmed()
        first.action_start()
        with self.assertRaisesRegex(UserError, f"timer running on appointment {first.name}"):
            second.action_start()
        self.assertEqual(second.state, "confirmed", "nothing is half written")
        first.action_timer_pause()
        second.action_start()
        with self.assertRaisesRegex(UserError, f"timer running on appointment {second.name}"):
            first.action_timer_resume()
        self.assertTrue(first.timer_pause, "still paused")

    def test_timers_of_other_technicians_do_not_block(self):
        self.company.intervention_time_tracking = "timer"
        first = self._confirmed()
        other = self._create_appointment(technician_ids=[Command.set(self.technician_2.ids)])
        other.action_confirm()
        first.action_start()
        other.action_start()
        self.assertEqual(other.state, "in_progress")

    def test_elapsed_time_comes_from_timestamps(self):
        """The widget shows (timer_pause or now) - timer_start: both are stored, so a reload
        or a phone waking up shows the same time."""
        self.company.intervention_time_tracking = "timer"
        appointment = self._confirmed()
        with freeze_time(datetime(2030, 3, 4, 9, 0)):
            appointment.action_start()
        with freeze_time(datetime(2030, 3, 4, 9, 20, 30)):
            appointment.action_timer_pause()
        appointment.invalidate_recordset()
        self.assertEqual(
            (appointment.timer_pause - appointment.timer_start).total_seconds(),
            20 * 60 + 30,
        )

    def test_pause_without_running_timer_refused(self):
        appointment = self._confirmed()
        with self.assertRaisesRegex(UserError, "no running timer"):
            appointment.action_timer_pause()
        appointment.action_start()
        with self.assertRaisesRegex(UserError, "no running timer"):
            appointment.action_timer_pause()

    def test_timer_mode_needs_start(self):
        self.company.intervention_time_tracking = "timer"
        appointment = self._confirmed()
        with self.assertRaisesRegex(UserError, "press Start first"):
            appointment.action_finish()
        self.assertEqual(appointment.state, "confirmed")

    def test_required_blocks_report_before_start(self):
        self.company.intervention_time_tracking_required = True
        appointment = self._confirmed()
        with self.assertRaisesRegex(UserError, "press Start before filling in the report .*Work Summary"):
            appointment.write({"work_summary": "<p>Swept</p>", "travel_duration": 0.5})
        self.assertFalse(appointment.work_summary, "nothing half written")
        self.assertEqual(appointment.travel_duration, 0.0)
        appointment.travel_duration = 0.5
        self.assertEqual(appointment.travel_duration, 0.5, "travel time is not part of the report")
        with self.assertRaisesRegex(UserError, "press Start first"):
            appointment.action_finish()
        appointment.action_start()
        appointment.write({"work_summary": "<p>Swept</p>", "signed_by": "Jeanne Martin"})
        appointment.action_finish()
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.signed_by, "Jeanne Martin")

    def test_not_required_report_editable_before_start(self):
        appointment = self._confirmed()
        appointment.work_summary = "<p>Prepared</p>"
        self.assertEqual(appointment.work_summary, "<p>Prepared</p>")
