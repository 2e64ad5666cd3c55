from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingTotals(InterventionBillingCase):
    def _assert_same_totals_as_sale_order(self, request):
        order = self._create_sale_order_like(request)
        self.assertEqual(
            request.billing_line_ids.mapped("price_unit"),
            order.order_line.mapped("price_unit"),
        )
        self.assertEqual(request.billing_line_ids.tax_ids, order.order_line.tax_ids)
        self.assertEqual(request.tax_totals, order.tax_totals)
        self.assertEqual(
            (request.amount_untaxed, request.amount_tax, request.amount_total),
            (order.amount_untaxed, order.amount_tax, order.amount_total),
        )
        return order

    def test_flat_rate_at_french_reduced_vat_totals_like_sale_order(self):
        request = self._create_request(lines=[(self.product_installation, 1)])
        line = request.billing_line_ids
        self.assertEqual(line.price_unit, 175.0)
        self.assertEqual(line.tax_ids, self.tax_5_5)
        self.assertEqual(line.price_subtotal, 175.0)
        self.assertAlmostEqual(line.price_tax, 9.63)
        self.assertAlmostEqual(line.price_total, 184.63)
        self._assert_same_totals_as_sale_order(request)
        self.assertEqual(request.tax_totals["base_amount_currency"], 175.0)

    def test_fiscal_position_maps_20_to_5_5(self):
        fiscal_position = self.env["account.fiscal.position"].create({"name": "VEN-5.5"})
        self.tax_5_5.write(
            {
                "fiscal_position_ids": [Command.link(fiscal_position.id)],
                "original_tax_ids": [Command.link(self.tax_20.id)],
            }
        )
        self.customer_b.property_account_position_id = fiscal_position
        request = self._create_request(
            partner_id=self.customer_b.id,
            lines=[(self.product_service, 2), (self.product_installation, 1)],
        )
        self.assertEqual(request.fiscal_position_id, fiscal_position)
        self.assertEqual(request.billing_line_ids.tax_ids, self.tax_5_5)
        self._assert_same_totals_as_sale_order(request)
        self.assertAlmostEqual(request.amount_total, 375.0 * 1.055, places=2)

    def test_fiscal_position_changed_by_hand_remaps_taxes(self):
        fiscal_position = self.env["account.fiscal.position"].create({"name": "VEN-5.5"})
        self.tax_5_5.write(
            {
                "fiscal_position_ids": [Command.link(fiscal_position.id)],
                "original_tax_ids": [Command.link(self.tax_20.id)],
            }
        )
        request = self._create_request(lines=[(self.product_service, 1)])
        self.assertEqual(request.billing_line_ids.tax_ids, self.tax_20)
        with Form(request) as form:
            form.fiscal_position_id = fiscal_position
        self.assertEqual(request.billing_line_ids.tax_ids, self.tax_5_5)
        self.assertAlmostEqual(request.amount_tax, 5.5)

    def test_tax_included_price(self):
        product = self.env["product.product"].create(
            {
                "name": "Pellet bag (tax incl.)",
                "type": "consu",
                "list_price": 120.0,
                "taxes_id": [Command.set(self.tax_20_included.ids)],
            }
        )
        request = self._create_request(lines=[(product, 3)])
        line = request.billing_line_ids
        self.assertEqual(line.price_unit, 120.0)
        self.assertAlmostEqual(line.price_subtotal, 300.0)
        self.assertAlmostEqual(line.price_total, 360.0)
        self._assert_same_totals_as_sale_order(request)

    def test_price_from_customer_pricelist_and_typed_price_stays(self):
        self._enable_pricelists()
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Loyal customers",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.product_service.id,
                            "compute_price": "fixed",
                            "fixed_price": 80.0,
                        }
                    )
                ],
            }
        )
        self.customer_a.property_product_pricelist = pricelist
        request = self._create_request(lines=[(self.product_service, 1)])
        self.assertEqual(request.pricelist_id, pricelist)
        line = request.billing_line_ids
        self.assertEqual(line.price_unit, 80.0)
        self._assert_same_totals_as_sale_order(request)
        line.price_unit = 95.0
        line.quantity = 2
        self.assertEqual(line.price_unit, 95.0, "a price typed by hand stays")
        self.assertAlmostEqual(request.amount_untaxed, 190.0)
        line.discount = 10.0
        line.quantity = 3
        self.assertEqual((line.price_unit, line.discount), (95.0, 10.0))
        self.assertAlmostEqual(request.amount_untaxed, 256.5)

    def test_task_product_is_the_first_line(self):
        request = self._create_request()
        self.assertEqual(request.billing_line_ids.product_id, self.product_service)
        self.assertEqual(request.billing_line_ids.price_unit, 100.0)
        with Form(self.env["intervention.request"]) as form:
            form.partner_id = self.customer_a
            form.template_id = self.template
            form.date_end = "2030-03-15"
            self.assertEqual(len(form.billing_line_ids), 1)
        self.assertEqual(form.record.billing_line_ids.product_id, self.product_service)

    def test_negative_quantity_refused(self):
        request = self._create_request()
        with self.assertRaisesRegex(ValidationError, "Quantity"):
            request.billing_line_ids.quantity = -1
