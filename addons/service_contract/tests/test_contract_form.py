from datetime import date

from odoo.tests import Form, tagged

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractForm(ServiceContractCase):
    def test_form_fills_the_term_task_and_line_values(self):
        fiscal_position = self.env["account.fiscal.position"].create({"name": "SC customer position"})
        self.customer.property_account_position_id = fiscal_position
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.customer
            form.date_start = date(2026, 4, 1)
            form.template_id = self.template
            form.equipment_ids.add(self.equipment)
            with form.line_ids.new() as line:
                line.product_id = self.service
        contract = form.record
        self.assertRecordValues(
            contract,
            [
                {
                    "date_end": date(2027, 3, 31),
                    "task_id": self.task.id,
                    "fiscal_position_id": fiscal_position.id,
                    "auto_renew": True,
                    "state": "draft",
                }
            ],
        )
        self.assertRecordValues(
            contract.line_ids,
            [
                {
                    "name": "Annual stove service",
                    "price_unit": 200.0,
                    "quantity": 1.0,
                    "price_subtotal": 200.0,
                }
            ],
        )
        # the product's 20 % through the customer's position, which maps nothing: Odoo's empty
        # positions remove every tax, on the contract as on its invoices
        self.assertFalse(contract.line_ids.tax_ids)
        contract.fiscal_position_id = False
        self.assertEqual(contract.line_ids.tax_ids, self.tax_20)
        self.assertEqual(contract.amount_untaxed, 200.0)
