from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingCover(InterventionBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warranty = cls.env["installed.equipment.warranty.type"].create(
            {
                "name": "Manufacturer 2 years",
                "duration_months": 24,
                "parts_cover": 100.0,
                "labour_cover": 50.0,
                "travel_cover": 0.0,
            }
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Igniter",
                "type": "consu",
                "list_price": 100.0,
                "taxes_id": [Command.set(cls.tax_20.ids)],
            }
        )
        cls.stove = cls.env["installed.equipment"].create(
            {
                "partner_id": cls.customer_a.id,
                "product_id": cls.part.id,
                "serial_number": "COV-1",
                "installation_date": "2029-01-01",
                "warranty_type_id": cls.warranty.id,
            }
        )

    def _covered_appointment(self, date=None, **values):
        return self._create_appointment(
            template_id=self.template_timed.id,
            equipment_id=self.stove.id,
            date_start=date or datetime(2030, 3, 4, 9, 0),
            technician_ids=[Command.set(self.technician.ids)],
            billing_line_ids=[
                Command.create({"product_id": self.part.id, "quantity": 1}),
                Command.create({"product_id": self.product_labour.id, "quantity": 2}),
                Command.create({"product_id": self.product_travel.id, "quantity": 1}),
            ],
            **values,
        )

    def test_warranty_covers_parts_and_labour_on_the_visit_date(self):
        appointment = self._covered_appointment()
        part, labour, travel = appointment.billing_line_ids
        self.assertRecordValues(
            part,
            [
                {
                    "cover_type": "warranty",
                    "cover_percent": 100.0,
                    "warranty_type_id": self.warranty.id,
                    "covered_amount": 100.0,
                    "price_subtotal": 0.0,
                }
            ],
        )
        self.assertRecordValues(
            labour,
            [
                {
                    "cover_type": "warranty",
                    "cover_percent": 50.0,
                    "covered_amount": 60.0,
                    "price_subtotal": 60.0,
                }
            ],
        )
        # The template's travel product is travel: this warranty pays none of it.
        self.assertRecordValues(
            travel,
            [{"cover_type": "none", "cover_percent": 0.0, "covered_amount": 0.0, "price_subtotal": 40.0}],
        )
        self.assertEqual(appointment.amount_untaxed, 100.0)
        self.assertAlmostEqual(appointment.amount_total, 120.0)

    def test_no_cover_once_the_warranty_ended(self):
        appointment = self._covered_appointment(date=datetime(2031, 1, 2, 9, 0))
        self.assertEqual(set(appointment.billing_line_ids.mapped("cover_type")), {"none"})
        self.assertEqual(appointment.amount_untaxed, 100.0 + 120.0 + 40.0)

    def test_cover_follows_the_date_and_the_unit(self):
        appointment = self._covered_appointment(date=datetime(2031, 1, 2, 9, 0))
        part = appointment.billing_line_ids[0]
        self.assertEqual(part.cover_type, "none")
        appointment.date_start = datetime(2030, 12, 30, 9, 0)
        self.assertEqual(part.cover_type, "warranty")
        other = self.env["installed.equipment"].create(
            {"partner_id": self.customer_a.id, "product_id": self.part.id, "serial_number": "COV-2"}
        )
        appointment.equipment_id = other
        self.assertEqual(part.cover_type, "none")
        self.assertEqual(part.price_subtotal, 100.0)

    def test_cover_percentages_are_checked(self):
        with self.assertRaisesRegex(
            ValidationError, r"Parts Covered \(%\) of warranty type Bad must be between 0 and 100"
        ):
            self.env["installed.equipment.warranty.type"].create({"name": "Bad", "parts_cover": 120.0})
        with self.assertRaisesRegex(ValidationError, r"Travel Covered \(%\)"):
            self.warranty.travel_cover = -1

    def test_invoice_never_bills_the_covered_part(self):
        appointment = self._covered_appointment()
        appointment.action_confirm()
        appointment.action_start()
        appointment._action_done()
        action = appointment.action_generate_invoices()
        invoice = self.env["account.move"].browse(action["res_id"])
        lines = invoice.invoice_line_ids.sorted("sequence")
        part_line = lines.filtered(lambda aml: aml.product_id == self.part)
        self.assertEqual(part_line.discount, 100.0)
        self.assertEqual(part_line.price_subtotal, 0.0)
        self.assertIn("Covered by the warranty (Manufacturer 2 years): 100%", part_line.name)
        labour_line = lines.filtered(lambda aml: aml.product_id == self.product_labour)
        self.assertEqual(labour_line.discount, 50.0)
        self.assertIn("50%", labour_line.name)
        self.assertEqual(invoice.amount_untaxed, appointment.amount_untaxed)
        self.assertAlmostEqual(invoice.amount_total, appointment.amount_total)

    def test_quotation_never_quotes_the_covered_part(self):
        request = self._create_request(
            lines=[(self.part, 1), (self.product_labour, 1)],
            equipment_id=self.stove.id,
            date_start="2030-03-01",
        )
        self.assertEqual(request.billing_line_ids[0].cover_type, "warranty")
        action = request.action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.amount_untaxed, request.amount_untaxed)
        self.assertEqual(order.order_line.filtered(lambda sol: sol.product_id == self.part).discount, 100.0)

    def test_dispatcher_sets_the_cover_by_hand_with_a_reason(self):
        appointment = self._covered_appointment(date=datetime(2031, 1, 2, 9, 0))
        part = appointment.billing_line_ids[0]
        with self.assertRaisesRegex(ValidationError, "Cover Reason"):
            part.with_user(self.dispatcher).write({"cover_type": "warranty", "cover_percent": 100.0})
        self.assertEqual(part.cover_type, "none")
        with self.assertRaises(AccessError):
            part.with_user(self.technician).write(
                {"cover_type": "warranty", "cover_percent": 100.0, "cover_reason": "Goodwill"}
            )
        part.with_user(self.dispatcher).write(
            {
                "cover_type": "warranty",
                "cover_percent": 100.0,
                "warranty_type_id": self.warranty.id,
                "cover_reason": "Goodwill: failed three days after the end",
            }
        )
        self.assertTrue(part.cover_override)
        self.assertEqual(part.price_subtotal, 0.0)
        self.assertIn("Goodwill: failed three days after the end", appointment.message_ids[0].body)
        # Set by hand, the cover stays when the visit moves.
        appointment.date_start = datetime(2031, 2, 2, 9, 0)
        self.assertEqual(part.cover_percent, 100.0)
        with self.assertRaisesRegex(ValidationError, "must be between 0 and 100"):
            part.with_user(self.dispatcher).write({"cover_percent": 150.0, "cover_reason": "x"})
        part.action_reset_cover()
        self.assertFalse(part.cover_override)
        self.assertEqual(part.cover_type, "none")

    def _resolve_queries(self, count):
        request = self._create_request(lines=[], equipment_id=self.stove.id, date_start="2030-03-01")
        vals = [{"request_id": request.id, "product_id": self.part.id, "quantity": 1} for __ in range(count)]
        lines = self.env["intervention.billing.line"].create(vals)
        self.assertEqual(set(lines.mapped("cover_type")), {"warranty"})
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.cr.sql_log_count
        lines._resolve_cover()
        return self.cr.sql_log_count - queries

    def test_cover_of_fifty_lines_in_bounded_queries(self):
        self._resolve_queries(5)  # the registry's own first reads
        fifty, hundred = self._resolve_queries(50), self._resolve_queries(100)
        # Measured: 12 and 12 (the lines, their documents, the unit, its warranty type, the
        # products and templates, each read once for the batch).
        self.assertLessEqual(fifty, 15)
        self.assertLessEqual(hundred, fifty + 1, "the cover of 100 lines costs what 50 cost")

    def test_new_warranty_terms_apply_to_the_lines_not_billed(self):
        appointment = self._covered_appointment()
        travel = appointment.billing_line_ids[2]
        self.assertEqual(travel.cover_type, "none")
        self.warranty.travel_cover = 50.0
        self.assertEqual((travel.cover_type, travel.cover_percent), ("warranty", 50.0))
        self.assertEqual(travel.price_subtotal, 20.0)

    def test_a_maintenance_service_is_not_the_warranty_s(self):
        appointment = self._create_appointment(
            equipment_id=self.stove.id,
            billing_line_ids=[Command.create({"product_id": self.product_service.id, "quantity": 1})],
        )
        self.assertEqual(appointment.billing_line_ids.cover_type, "none")
        self.warranty.labour_product_ids = [Command.link(self.product_service.id)]
        self.assertEqual(appointment.billing_line_ids.cover_percent, 50.0)
