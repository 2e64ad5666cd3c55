from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingAccess(InterventionBillingCase):
    def test_billing_actions_need_invoicing_rights(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        appointment = self._create_appointment(technician_ids=[Command.set(self.technician.ids)])
        for user in (self.technician, self.dispatcher):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_create_invoice()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_create_quotation()
        with self.assertRaises(AccessError):
            appointment.with_user(self.dispatcher).action_generate_invoices()
        self.assertEqual(appointment.billing_line_ids.billing_state, "to_bill")

    def test_technician_reads_lines_without_prices_when_company_hides_them(self):
        appointment = self._create_appointment(technician_ids=[Command.set(self.technician.ids)])
        as_technician = appointment.with_user(self.technician)
        self.assertTrue(as_technician.show_billing_prices)
        self.assertTrue(as_technician.billing_readonly)
        self.company.intervention_hide_prices = True
        as_technician.invalidate_recordset(["show_billing_prices"])
        self.assertFalse(as_technician.show_billing_prices)
        self.assertEqual(as_technician.billing_line_ids.product_id, self.product_service)
        self.assertEqual(as_technician.billing_line_ids.billing_state, "to_bill")
        # The office still sees them.
        self.assertTrue(appointment.with_user(self.dispatcher).show_billing_prices)
        self.assertFalse(appointment.with_user(self.dispatcher).billing_readonly)
        with self.assertRaises(AccessError):
            as_technician.billing_line_ids.write({"quantity": 3})

    def test_technician_does_not_read_lines_of_other_appointments(self):
        other = self._create_appointment()
        with self.assertRaises(AccessError):
            other.billing_line_ids.with_user(self.technician).read(["product_id"])
