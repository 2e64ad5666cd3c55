from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestStateMachine(FieldInterventionCase):
    def _appointment_in(self, state, **values):
        appointment = self._create_appointment(**values)
        path = {
            "draft": [],
            "confirmed": ["confirmed"],
            "in_progress": ["confirmed", "in_progress"],
            "done": ["confirmed", "in_progress", "done"],
            "cancelled": ["cancelled"],
        }[state]
        for step in path:
            appointment.write({"state": step})
        self.assertEqual(appointment.state, state)
        return appointment

    def test_dispatcher_confirms_and_cancels(self):
        appointment = self._appointment_in("draft").with_user(self.dispatcher)
        appointment.action_confirm()
        self.assertEqual(appointment.state, "confirmed")
        appointment.action_cancel()
        self.assertEqual(appointment.state, "cancelled")
        appointment.action_draft()
        self.assertEqual(appointment.state, "draft")

    def test_technician_cannot_confirm_nor_cancel(self):
        appointment = self._appointment_in("draft").with_user(self.technician)
        with self.assertRaisesRegex(UserError, 'requires the right "Dispatcher"'):
            appointment.action_confirm()
        confirmed = self._appointment_in("confirmed").with_user(self.technician)
        with self.assertRaisesRegex(UserError, "requires the right"):
            confirmed.action_cancel()
        self.assertEqual(confirmed.state, "confirmed")

    def test_technician_starts_and_finishes(self):
        appointment = self._appointment_in("confirmed").with_user(self.technician)
        appointment.action_start()
        self.assertEqual(appointment.state, "in_progress")
        appointment.action_finish()
        self.assertEqual(appointment.state, "done")

    def test_start_refused_unless_confirmed(self):
        draft = self._appointment_in("draft")
        with self.assertRaisesRegex(UserError, "only confirmed appointments can"):
            draft.action_start()
        no_technician = self._appointment_in("confirmed", technician_ids=[])
        with self.assertRaisesRegex(UserError, "no Technicians"):
            no_technician.action_start()

    def test_finish_refused_from_draft_or_cancelled(self):
        for state in ("draft", "cancelled"):
            appointment = self._appointment_in(state)
            with self.assertRaisesRegex(UserError, "cannot be finished"):
                appointment.action_finish()
            self.assertEqual(appointment.state, state)

    def test_impossible_transition_refused_even_for_manager(self):
        appointment = self._appointment_in("draft").with_user(self.manager)
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Done"):
            appointment._system_write({"state": "done"})
        with self.assertRaisesRegex(UserError, "cannot be finished from this state"):
            appointment.action_finish()
        cancelled = self._appointment_in("cancelled").with_user(self.manager)
        with self.assertRaisesRegex(UserError, "cannot go from Cancelled to Confirmed"):
            cancelled.action_back_to_confirmed()
        self.assertEqual((appointment | cancelled).mapped("state"), ["draft", "cancelled"])

    def test_done_appointment_locked(self):
        appointment = self._appointment_in("done").with_user(self.dispatcher)
        with self.assertRaisesRegex(UserError, "is done and cannot be changed"):
            appointment.write({"description": "<p>changed</p>", "duration": 4})
        self.assertEqual(appointment.duration, 1.5, "nothing half written")

    def test_back_to_confirmed_needs_edit_done_right(self):
        technicians = self.technician | self.technician_edit_done
        appointment = self._appointment_in("done", technician_ids=technicians.ids)
        for user in (self.technician, self.dispatcher):
            with self.assertRaisesRegex(UserError, "Edit Done Appointments"):
                appointment.with_user(user).action_back_to_confirmed()
        appointment.with_user(self.technician_edit_done).action_back_to_confirmed()
        self.assertEqual(appointment.state, "confirmed")
        appointment.with_user(self.technician_edit_done).travel_duration = 0.5
        self.assertEqual(appointment.travel_duration, 0.5, "editable again once confirmed")

    def test_manager_closes_and_reopens_in_any_state(self):
        for state in ("draft", "in_progress", "done"):
            appointment = self._appointment_in(state).with_user(self.manager)
            appointment.action_close()
            self.assertTrue(appointment.is_closed)
            appointment.action_reopen()
            self.assertFalse(appointment.is_closed)

    def test_technician_and_dispatcher_cannot_close(self):
        appointment = self._appointment_in("done")
        for user in (self.technician, self.dispatcher):
            with self.assertRaisesRegex(UserError, "Only intervention managers can close"):
                appointment.with_user(user).action_close()
        self.assertFalse(appointment.is_closed)

    def test_closed_appointment_locked_except_for_manager(self):
        appointment = self._appointment_in("confirmed")
        appointment.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "is closed: only a manager can change it"):
            appointment.with_user(self.technician).write({"work_summary": "<p>late edit</p>"})
        with self.assertRaisesRegex(UserError, "is closed"):
            appointment.with_user(self.technician).action_start()
        with self.assertRaisesRegex(UserError, "Only intervention managers can close or reopen"):
            appointment.with_user(self.dispatcher).action_reopen()
        self.assertEqual(appointment.state, "confirmed")
        appointment.with_user(self.manager).travel_duration = 1.0
        self.assertEqual(appointment.travel_duration, 1.0)

    def test_state_tracked_in_chatter(self):
        appointment = self._appointment_in("draft").with_context(tracking_disable=False)
        # changes made in the transaction that created a record are not tracked: end it first
        appointment.env.flush_all()
        appointment.env.cr.precommit.run()
        appointment.action_confirm()
        appointment.env.flush_all()
        appointment.env.cr.precommit.run()
        appointment.invalidate_recordset(["message_ids"])
        tracked = appointment.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state",
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[0].new_value_char, "Confirmed")

    def test_started_or_closed_appointment_cannot_be_deleted(self):
        for state in ("in_progress", "done"):
            appointment = self._appointment_in(state)
            with self.assertRaisesRegex(UserError, "in progress or done and cannot be deleted"):
                appointment.with_user(self.dispatcher).unlink()
        closed = self._appointment_in("confirmed")
        closed.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "closed: only a manager can delete it"):
            closed.with_user(self.dispatcher).unlink()
        closed.with_user(self.manager).unlink()
        self.assertFalse(closed.exists())

    def test_technician_cannot_delete(self):
        appointment = self._appointment_in("draft")
        with self.assertRaises(AccessError):
            appointment.with_user(self.technician).unlink()
