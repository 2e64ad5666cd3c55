from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TECHNICIAN, InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingCosts(InterventionBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"intervention_time_tracking": "none", "intervention_hourly_cost": 40.0})
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.technician_2 = new_test_user(cls.env, "ib_tech_2", groups=TECHNICIAN, name="Léa Tech", **common)

    def _done(self, technicians=None, **values):
        appointment = self._create_appointment(
            technician_ids=[Command.set((technicians or self.technician).ids)],
            duration=2.0,
            **values,
        )
        appointment.action_confirm()
        appointment.action_finish()
        self.env.flush_all()
        return appointment

    def test_done_visit_costs_time_and_travel_at_the_company_hourly_cost(self):
        appointment = self._done(
            technicians=self.technician | self.technician_2,
            actual_duration=1.5,
            travel_duration=0.5,
        )
        self.assertRecordValues(
            appointment,
            [{"cost_time": 120.0, "cost_travel": 40.0, "cost_parts": 0.0, "cost_total": 160.0}],
        )
        self.assertEqual(appointment.company_currency_id, self.company.currency_id)

    def test_planned_duration_when_no_actual_duration(self):
        appointment = self._done()
        self.assertRecordValues(appointment, [{"cost_time": 80.0, "cost_travel": 0.0, "cost_total": 80.0}])

    def test_visit_not_done_costs_nothing(self):
        appointment = self._create_appointment(
            technician_ids=[Command.set(self.technician.ids)],
            actual_duration=1.0,
            travel_duration=1.0,
        )
        appointment.action_confirm()
        self.assertEqual(appointment.cost_total, 0.0)
        appointment.action_finish()
        self.assertEqual(appointment.cost_total, 80.0)
        appointment._system_write({"state": "confirmed"})
        self.assertEqual(appointment.cost_total, 0.0, "set back from done: the visit is not done any more")

    def test_later_hourly_cost_does_not_value_past_visits_again(self):
        appointment = self._done(actual_duration=1.0)
        self.company.intervention_hourly_cost = 55.0
        self.assertEqual(appointment.cost_time, 40.0)
        self.assertEqual(self._done(actual_duration=1.0).cost_time, 55.0)

    def test_costs_of_a_batch_read_the_hourly_costs_once_per_company(self):
        appointments = self.env["intervention.appointment"].create(
            [
                {
                    "partner_id": self.customer_a.id,
                    "template_id": self.template.id,
                    "date_start": self.start,
                    "technician_ids": [Command.set((self.technician | self.technician_2).ids)],
                    "actual_duration": 1.0,
                }
                for _index in range(20)
            ]
        )
        appointments.action_confirm()
        self.env.flush_all()
        Appointment = self.registry["intervention.appointment"]
        calls = []
        original = Appointment._get_hourly_costs

        def counting(model, users, company):
            calls.append(company)
            return original(model, users, company)

        with patch.object(Appointment, "_get_hourly_costs", counting):
            appointments.action_finish()
            self.env.flush_all()
        self.assertEqual(calls, [self.company])
        self.assertEqual(set(appointments.mapped("cost_time")), {80.0})

    def test_employee_hourly_cost_wins_over_the_company_default(self):
        if "hr.employee" not in self.env or "hourly_cost" not in self.env["hr.employee"]._fields:
            self.skipTest("Odoo's HR (Employee Hourly Cost) is not installed")
        self.env["hr.employee"].create(
            {
                "name": "Paul Tech",
                "user_id": self.technician.id,
                "company_id": self.company.id,
                "hourly_cost": 65.0,
            }
        )
        appointment = self._done(technicians=self.technician | self.technician_2, actual_duration=1.0)
        self.assertEqual(appointment.cost_time, 65.0 + 40.0, "Léa has no employee: the company's default")

    def test_negative_default_hourly_cost_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Default Hourly Cost cannot be negative"):
            self.company.intervention_hourly_cost = -1.0

    def test_costs_are_the_office_s(self):
        appointment = self._done(actual_duration=1.0)
        self.assertEqual(appointment.with_user(self.dispatcher).cost_total, 40.0)
        for fname in ("cost_time", "cost_travel", "cost_parts", "cost_total"):
            with self.subTest(fname), self.assertRaises(AccessError):
                appointment.with_user(self.technician).read([fname])
        self.assertNotIn("cost_total", appointment.with_user(self.technician).fields_get())
        arch = appointment.with_user(self.technician).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="cost_total"', arch)
        # Finishing their own visit still values it.
        other = self._create_appointment(
            technician_ids=[Command.set(self.technician.ids)], actual_duration=2.0
        )
        other.action_confirm()
        other.with_user(self.technician).action_finish()
        self.assertEqual(other.cost_time, 80.0)
