from datetime import date

from freezegun import freeze_time

from odoo.addons.field_intervention.tests.common import FieldInterventionCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

LEND_VIEW = "field_intervention_loaner.installed_equipment_loan_view_form_lend"


@tagged("post_install", "-at_install")
class TestLoaner(FieldInterventionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        heater = cls.env["product.product"].create({"name": "Electric heater", "type": "consu"})
        cls.loaner, cls.loaner_2 = cls.env["installed.equipment"].create(
            [
                {
                    "partner_id": cls.company.partner_id.id,
                    "product_id": heater.id,
                    "serial_number": f"LOAN-{index}",
                    "is_loaner": True,
                    "condition": "good",
                }
                for index in (1, 2)
            ]
        )
        cls.request = cls._create_request(task_id=cls.task.id)
        cls.appointment = cls._create_appointment(request_id=cls.request.id, state="confirmed")

    def _lend(self, source, loaner=None, user=None, expected="2030-03-20"):
        source = source.with_user(user) if user else source
        action = source.action_lend_loaner()
        Loan = self.env["installed.equipment.loan"].with_user(user or self.env.user)
        with freeze_time("2030-03-04"), Form(Loan.with_context(**action["context"]), view=LEND_VIEW) as form:
            form.loaner_id = loaner or self.loaner
            form.date_expected_back = expected
            form.condition_out = "good"
        return form.record

    def _receive(self, action, user=None, condition="used"):
        Wizard = self.env[action["res_model"]].with_user(user or self.env.user)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.condition_back = condition
            form.date_returned = date(2030, 3, 18)
        return form.record.action_receive()

    def test_lend_from_request_receive_from_loan(self):
        loan = self._lend(self.request)
        self.assertRecordValues(
            loan,
            [
                {
                    "loaner_id": self.loaner.id,
                    "partner_id": self.customer.id,
                    "request_id": self.request.id,
                    "state": "lent",
                    "date_out": date(2030, 3, 4),
                }
            ],
        )
        self.assertEqual(self.loaner.loaner_availability, "lent")
        self.assertIn(loan, self.equipment.customer_loan_ids, "the customer's unit shows the loaner lent")
        available = self.env["installed.equipment"].search([("loaner_availability", "=", "available")])
        self.assertIn(self.loaner_2, available)
        self.assertNotIn(self.loaner, available, "only available loaners are offered")
        self._receive(loan.action_open_receive())
        self.assertRecordValues(
            loan,
            [
                {
                    "state": "returned",
                    "date_returned": date(2030, 3, 18),
                    "condition_back": "used",
                }
            ],
        )
        self.assertEqual(self.loaner.condition, "used", "the loaner keeps the condition it came back in")
        self.assertEqual(self.loaner.loaner_availability, "available")
        self.assertEqual(self.loaner.loaner_loan_count, 1, "its history keeps the loan")

    def test_technician_lends_and_receives_on_their_appointment(self):
        loan = self._lend(self.appointment, user=self.technician)
        self.assertEqual(loan.appointment_id, self.appointment)
        self.assertEqual(loan.request_id, self.request)
        action = self.appointment.with_user(self.technician).action_receive_loaner()
        self._receive(action, user=self.technician)
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.return_appointment_id, self.appointment)

    def test_receive_loaner_is_offered_only_with_a_loaner_out(self):
        other = self._create_appointment(partner_id=self.customer_no_equipment.id, state="confirmed")
        self.assertFalse(self.appointment.has_loaner_out)
        loan = self._lend(self.request)
        (self.appointment | other).invalidate_recordset(["has_loaner_out"])
        self.assertTrue(self.appointment.with_user(self.technician).has_loaner_out)
        self.assertFalse(other.has_loaner_out, "another customer's visit has nothing to receive")
        self._receive(loan.action_open_receive())
        self.appointment.invalidate_recordset(["has_loaner_out"])
        self.assertFalse(self.appointment.has_loaner_out)

    def test_receive_from_request_and_from_loaner(self):
        first = self._lend(self.request)
        self._receive(self.request.action_receive_loaner())
        self.assertEqual(first.state, "returned")
        second = self._lend(self.request, loaner=self.loaner_2)
        self._receive(self.loaner_2.action_receive_loaner())
        self.assertEqual(second.state, "returned")
        with self.assertRaisesRegex(ValidationError, "no loaner out"):
            self.request.action_receive_loaner()

    def test_double_lending_refused(self):
        self._lend(self.request)
        other_customer = self.env["res.partner"].create({"name": "Autre Client"})
        with self.assertRaisesRegex(
            ValidationError,
            "Loaner .*LOAN-1.* is already lent to Jeanne Martin since 2030-03-04",
        ):
            self.env["installed.equipment.loan"].create(
                {
                    "loaner_id": self.loaner.id,
                    "partner_id": other_customer.id,
                    "date_out": "2030-03-05",
                    "date_expected_back": "2030-03-10",
                }
            )
        self.assertEqual(self.loaner.loaner_loan_count, 1, "nothing written")

    def test_loaner_of_another_company_refused(self):
        other_company = self.env["res.company"].create({"name": "Autre Société"})
        foreign_loaner = self.env["installed.equipment"].create(
            {
                "partner_id": other_company.partner_id.id,
                "product_id": self.loaner.product_id.id,
                "company_id": other_company.id,
                "serial_number": "LOAN-OTHER",
                "is_loaner": True,
            }
        )
        both = self.company | other_company
        dispatcher = new_test_user(
            self.env,
            "fi_loan_dispatcher_2",
            groups="field_intervention.group_intervention_dispatcher",
            company_id=self.company.id,
            company_ids=both.ids,
        )
        Loan = self.env["installed.equipment.loan"].with_user(dispatcher).with_company(self.company)
        with self.assertRaises(UserError) as error:
            Loan.create(
                {
                    "loaner_id": foreign_loaner.id,
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "date_out": "2030-03-04",
                    "date_expected_back": "2030-03-10",
                }
            )
        self.assertIn("company inconsistencies", str(error.exception))
        self.assertFalse(self.env["installed.equipment.loan"].search([("loaner_id", "=", foreign_loaner.id)]))

    def test_dates_and_loaner_flag_checked(self):
        with self.assertRaisesRegex(ValidationError, "Expected Back date .* cannot be before its Lent On"):
            self._lend(self.request, expected="2030-03-01")
        with self.assertRaisesRegex(ValidationError, "is not a loaner"):
            self.env["installed.equipment.loan"].create(
                {
                    "loaner_id": self.equipment.id,
                    "partner_id": self.customer.id,
                    "date_out": "2030-03-04",
                    "date_expected_back": "2030-03-10",
                }
            )

    def test_request_done_blocked_then_overridden_by_a_manager(self):
        self._lend(self.request)
        self.appointment.sudo().state = "done"
        with self.assertRaisesRegex(UserError, "loaner .*LOAN-1.* is still out at Jeanne Martin"):
            self.request.with_user(self.dispatcher).action_mark_done()
        self.assertEqual(self.request.state, "scheduled")
        action = self.request.with_user(self.manager).action_mark_done()
        self.assertEqual(action["res_model"], "intervention.request.done.override")
        self.assertEqual(self.request.state, "scheduled", "nothing done before the reason")
        Override = self.env[action["res_model"]].with_user(self.manager)
        with Form(Override.with_context(**action["context"])) as form:
            form.reason = "Customer keeps the heater until the new stove is delivered"
        form.record.action_confirm()
        self.assertEqual(self.request.state, "done")
        self.env.cr.flush()
        self.assertIn("until the new stove is delivered", self.request.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "Only a Field Service manager"):
            self.request.with_user(self.dispatcher)._mark_done_with_loaner_out("no")

    def test_overdue_activity_created_once(self):
        loan = self._lend(self.request)
        Loan = self.env["installed.equipment.loan"]
        # (the demo loans, if any, are late too at these dates: only this one is looked at)
        with freeze_time("2030-03-20"):
            self.assertNotIn(loan, Loan._cron_schedule_overdue_activities(), "due today is not late")
        with freeze_time("2030-03-21"):
            self.assertEqual(self.loaner.loaner_availability, "overdue")
            self.assertIn(loan, Loan._cron_schedule_overdue_activities())
            self.assertNotIn(loan, Loan._cron_schedule_overdue_activities(), "run again: nothing new")
        activity = loan.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, loan.user_id)
        self.assertIn("LOAN-1", activity.summary)
        self._receive(loan.action_open_receive())
        self.assertFalse(loan.activity_ids, "received: the follow-up is gone")

    def test_access(self):
        loan = self._lend(self.request)
        self.assertEqual(loan.with_user(self.technician).loaner_id, self.loaner, "on their job")
        with self.assertRaises(AccessError):
            loan.with_user(self.technician_2).read(["partner_id"])
        portal = new_test_user(self.env, "fi_loan_portal", groups="base.group_portal")
        self.customer.user_ids = portal
        with self.assertRaises(AccessError):
            loan.with_user(portal).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.env["installed.equipment.loan"].with_user(portal).search([])

    def test_report_shows_the_loaner(self):
        loan = self._lend(self.appointment)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "field_intervention.action_report_intervention_appointment",
                self.appointment.ids,
            )[0]
            .decode()
        )
        self.assertIn("LOAN-1", html)
        self.assertIn("Lent on", html)
        self._receive(loan.action_open_receive(), condition="good")
        other = self._create_appointment(request_id=self.request.id)
        loan.return_appointment_id = other
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "field_intervention.action_report_intervention_appointment",
                other.ids,
            )[0]
            .decode()
        )
        self.assertIn("Returned on", html)
