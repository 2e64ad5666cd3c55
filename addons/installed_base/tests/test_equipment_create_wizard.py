from datetime import date, datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import InstalledBaseCommon


@tagged("post_install", "-at_install")
class TestEquipmentCreateWizard(InstalledBaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "partner_shipping_id": cls.site.id,
                "date_order": datetime(2025, 3, 14, 10, 0),
                "order_line": [
                    Command.create({"product_id": cls.stove.id, "product_uom_qty": 2}),
                    Command.create({"product_id": cls.service.id, "product_uom_qty": 1}),
                ],
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": date(2025, 4, 2),
                "invoice_line_ids": [
                    Command.create({"product_id": cls.boiler.id, "quantity": 1, "price_unit": 2500}),
                ],
            }
        )

    def _wizard_form(self, record):
        action = record.action_create_installed_equipment()
        self.assertEqual(action["res_model"], "installed.equipment.create")
        return Form(self.env["installed.equipment.create"].with_context(**action["context"]))

    def test_from_sale_order_prefills_customer_site_reseller_and_date(self):
        form = self._wizard_form(self.order)
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.site_partner_id, self.site)
        self.assertEqual(form.reseller_id, self.company.partner_id)
        self.assertEqual(form.sale_date, date(2025, 3, 14))
        self.assertEqual(form.sale_order_id, self.order)

    def test_from_sale_order_products_limited_to_goods_on_lines(self):
        form = self._wizard_form(self.order)
        self.assertEqual(form.allowed_product_ids[:], self.stove)
        form.product_id = self.stove
        self.assertEqual(form.quantity, 2)
        wizard = form.save()
        wizard.product_id = self.boiler
        with self.assertRaisesRegex(ValidationError, "Installed Product"):
            wizard.action_create()

    def test_from_sale_order_quantity_two_creates_one_equipment_per_serial(self):
        form = self._wizard_form(self.order)
        form.product_id = self.stove
        self.assertEqual(len(form.line_ids), 2)
        for index, serial in enumerate(["P136-0001", "P136-0002"]):
            with form.line_ids.edit(index) as line:
                line.serial_number = serial
        action = form.save().action_create_and_view()
        equipment = self.env["installed.equipment"].search(action["domain"])
        self.assertEqual(sorted(equipment.mapped("serial_number")), ["P136-0001", "P136-0002"])
        self.assertEqual(equipment.sale_order_id, self.order)
        self.assertEqual(equipment.partner_id, self.customer)
        self.assertEqual(equipment.site_partner_id, self.site)
        self.assertEqual(self.order.installed_equipment_count, 2)

    def test_quantity_change_resizes_serial_lines(self):
        form = self._wizard_form(self.order)
        form.product_id = self.stove
        form.quantity = 3
        self.assertEqual(len(form.line_ids), 3)
        form.quantity = 1
        self.assertEqual(len(form.line_ids), 0)

    def test_same_serial_typed_twice_refused_and_nothing_created(self):
        form = self._wizard_form(self.order)
        form.product_id = self.stove
        for index in range(2):
            with form.line_ids.edit(index) as line:
                line.serial_number = "DUP-1"
        wizard = form.save()
        with self.assertRaisesRegex(ValidationError, "Serial Numbers"):
            wizard.action_create()
        self.assertFalse(self.env["installed.equipment"].search([("sale_order_id", "=", self.order.id)]))

    def test_quantity_zero_refused(self):
        form = self._wizard_form(self.order)
        form.product_id = self.stove
        form.quantity = 0
        with self.assertRaisesRegex(ValidationError, "Quantity"):
            form.save().action_create()

    def test_from_invoice(self):
        form = self._wizard_form(self.invoice)
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.sale_date, date(2025, 4, 2))
        self.assertEqual(form.allowed_product_ids[:], self.boiler)
        form.serial_number = "MCR3-42"
        action = form.save().action_create_and_view()
        equipment = self.env["installed.equipment"].browse(action["res_id"])
        self.assertEqual(equipment.serial_number, "MCR3-42")
        self.assertEqual(equipment.invoice_id, self.invoice)
        self.assertEqual(equipment.invoice_count, 1)
        self.assertEqual(equipment.action_view_invoices()["res_id"], self.invoice.id)
        self.assertEqual(self.invoice.installed_equipment_count, 1)

    def test_single_goods_line_preselects_its_product(self):
        form = self._wizard_form(self.invoice)
        self.assertEqual(form.product_id, self.boiler)
        self.assertEqual(form.quantity, 1)

    def test_from_vendor_bill_refused(self):
        bill = self.env["account.move"].create({"move_type": "in_invoice", "partner_id": self.customer.id})
        with self.assertRaises(UserError):
            bill.action_create_installed_equipment()

    def test_from_customer_any_goods_product(self):
        form = self._wizard_form(self.customer)
        self.assertEqual(form.partner_id, self.customer)
        self.assertFalse(form.sale_order_id)
        self.assertFalse(form.allowed_product_ids[:])
        form.product_id = self.boiler
        form.serial_number = "B-1"
        form.save().action_create()
        equipment = self.customer.installed_equipment_ids
        self.assertEqual(equipment.product_id, self.boiler)
        self.assertEqual(equipment.reseller_id, self.company.partner_id)

    def test_equipment_sale_orders_and_invoices_smart_buttons(self):
        form = self._wizard_form(self.order)
        form.product_id = self.stove
        form.quantity = 1
        form.serial_number = "P136-9"
        form.save().action_create()
        equipment = self.order.installed_equipment_ids
        self.assertEqual(equipment.sale_order_count, 1)
        self.assertEqual(equipment.invoice_count, 0)
        action = equipment.action_view_sale_orders()
        self.assertEqual(action["res_id"], self.order.id)
        self.order.action_confirm()
        self.order.order_line.qty_delivered = 2
        invoice = self.order._create_invoices()
        equipment.invalidate_recordset(["invoice_count"])
        self.assertEqual(equipment.invoice_count, 1)
        listed = self.env["account.move"].search(equipment.action_view_invoices()["domain"])
        self.assertIn(invoice, listed)
