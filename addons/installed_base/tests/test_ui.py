from odoo import Command
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestInstalledBaseUi(EnglishCase, HttpCase):
    def test_create_equipment_from_sale_order_in_browser(self):
        self.env.ref("base.user_admin").lang = "en_US"  # the tour reads English
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        stove = self.env["product.product"].create({"name": "Tour pellet stove", "type": "consu"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": stove.id, "product_uom_qty": 2})],
            }
        )
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "installed_base_create_from_sale_order",
            login="admin",
        )
        equipment = self.env["installed.equipment"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(sorted(equipment.mapped("serial_number")), ["TOUR-0001", "TOUR-0002"])
        self.assertEqual(equipment.partner_id, customer)
        self.assertEqual(equipment.product_id, stove)
