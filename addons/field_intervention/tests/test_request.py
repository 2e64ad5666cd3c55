from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestRequest(FieldInterventionCase):
    def test_sequence_and_template_values(self):
        request = self._create_request()
        self.assertRegex(request.name, r"^DI/\d{5}$")
        self.assertEqual(request.task_id, self.task)
        self.assertEqual(request.intervention_type, "maintenance")
        self.assertTrue(request.is_recurring)
        self.assertEqual(request.equipment_id, self.equipment)
        self.assertEqual(request.sector_id, self.sector)
        self.assertEqual(request.state, "to_schedule")

    def test_required_fields(self):
        with self.assertRaises(AssertionError), Form(self.env["intervention.request"]) as form:
            form.template_id = self.template
            form.date_end = "2030-03-15"

    def test_window_end_before_start_refused(self):
        message = r"Requested Until \(2030-02-01\) is before Requested From"
        with self.assertRaisesRegex(ValidationError, message):
            self._create_request(date_end="2030-02-01")

    def test_batch_company_check(self):
        """A batch is checked one record per group of identical values: a batch of identical
        requests passes, and one request of another company's customer in it is still refused,
        by name, with nothing created."""
        Request = self.env["intervention.request"]
        values = {
            "partner_id": self.customer.id,
            "template_id": self.template.id,
            "date_start": "2030-03-01",
            "date_end": "2030-03-15",
        }
        self.assertEqual(len(Request.create([dict(values) for _index in range(5)])), 5)
        other_company = self.env["res.company"].create({"name": "Other Stoves Ltd"})
        stranger = self.env["res.partner"].create({"name": "Marc Ailleurs", "company_id": other_company.id})
        count = Request.search_count([])
        with self.assertRaisesRegex(UserError, r"Marc Ailleurs") as caught, self.env.cr.savepoint():
            Request.create([dict(values) for _index in range(4)] + [{**values, "partner_id": stranger.id}])
        self.assertNotIn("Jeanne Martin", str(caught.exception), "the valid requests are not named")
        self.assertEqual(Request.search_count([]), count)
        # Two wrong requests with the same values: one is checked, and the message still names both.
        with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
            Request.create(
                [dict(values)]
                + [
                    {**values, "partner_id": stranger.id, "name": name}
                    for name in ("DI/STRANGE-1", "DI/STRANGE-2")
                ]
            )
        self.assertIn("DI/STRANGE-1", str(caught.exception))
        self.assertIn("DI/STRANGE-2", str(caught.exception))

    def test_equipment_of_another_customer_refused(self):
        with self.assertRaisesRegex(ValidationError, "belongs to Deux Poêles"):
            self._create_request(equipment_id=self.equipment_a.id)

    def test_schedule_prefills_appointment(self):
        request = self._create_request(description="<p>Smoke in the living room</p>")
        action = request.with_user(self.dispatcher).action_schedule()
        self.assertEqual(action["res_model"], "intervention.appointment")
        env = self.env(user=self.dispatcher, context=action["context"])
        with Form(env["intervention.appointment"]) as form:
            form.date_start = self.start
        appointment = form.record
        self.assertEqual(appointment.request_id, request)
        self.assertEqual(appointment.partner_id, self.customer)
        self.assertEqual(appointment.task_id, self.task)
        self.assertEqual(appointment.equipment_id, self.equipment)
        self.assertEqual(appointment.sector_id, self.sector)
        self.assertEqual(
            appointment.technician_ids,
            self.technician,
            "sector technicians qualified for the task",
        )
        self.assertEqual(request.state, "scheduled")

    @freeze_time("2030-02-20 10:30:00")
    def test_schedule_offers_first_requested_morning(self):
        self.dispatcher.tz = "Europe/Paris"
        request = self._create_request().with_user(self.dispatcher)
        context = request.action_schedule()["context"]
        self.assertEqual(context["default_date_start"], "2030-03-01 07:00:00", "8:00 in Paris")
        request.sudo().date_start = "2030-02-18"
        context = request.action_schedule()["context"]
        self.assertEqual(context["default_date_start"], "2030-02-20 11:00:00", "window begun: next hour")

    def test_state_derivation(self):
        request = self._create_request()
        self.assertEqual(request.state, "to_schedule")
        first = self._create_appointment(request_id=request.id)
        self.assertEqual(request.state, "scheduled")
        first.action_cancel()
        self.assertEqual(request.state, "to_schedule", "a cancelled appointment does not schedule")
        first.action_draft()
        second = self._create_appointment(request_id=request.id)
        self.assertEqual(request.appointment_count, 2, "a job done in several visits")
        (first | second).action_confirm()
        first.action_finish()
        self.assertEqual(request.state, "scheduled", "done only when marked done")
        with self.assertRaisesRegex(UserError, f"appointment {second.name} is not done yet"):
            request.action_mark_done()
        second.action_finish()
        request.action_mark_done()
        self.assertEqual(request.state, "done")
        request.action_reset()
        self.assertEqual(request.state, "scheduled")

    def test_mark_done_without_appointment_refused(self):
        request = self._create_request()
        with self.assertRaisesRegex(UserError, "has no appointment"):
            request.action_mark_done()
        self.assertEqual(request.state, "to_schedule")

    def test_cancel_cancels_open_appointments(self):
        request = self._create_request()
        appointment = self._create_appointment(request_id=request.id)
        request.action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(appointment.state, "cancelled")
        with self.assertRaisesRegex(UserError, "reset it to schedule"):
            request.action_schedule()

    def test_cancel_refused_when_started(self):
        request = self._create_request()
        appointment = self._create_appointment(request_id=request.id)
        appointment.action_confirm()
        appointment.action_start()
        with self.assertRaisesRegex(UserError, "already started or done"):
            request.action_cancel()
        self.assertEqual(request.state, "scheduled")

    def test_equipment_counters(self):
        self._create_request()
        default_template = self.env.ref("field_intervention.intervention_template_default")
        self._create_request(template_id=default_template.id, task_id=self.task.id)
        scheduled = self._create_request()
        self._create_appointment(request_id=scheduled.id)
        self.assertEqual(self.equipment.recurring_request_count, 2)
        self.assertEqual(self.equipment.to_schedule_request_count, 2)
        action = self.equipment.action_view_to_schedule_requests()
        self.assertEqual(len(self.env["intervention.request"].search(action["domain"])), 2)
