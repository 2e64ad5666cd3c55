from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import InterventionStockCase


@tagged("post_install", "-at_install")
@freeze_time("2030-03-03 18:00:00")
class TestVanSupply(InterventionStockCase):
    def test_load_list_compares_needs_with_the_van(self):
        self._create_parts_appointment([(self.gasket, 8)], date_start=datetime(2030, 3, 4, 9, 0))
        self._create_parts_appointment(
            [(self.gasket, 4), (self.stove, 1, self.serial_1)], date_start=datetime(2030, 3, 4, 14, 0)
        )
        # Another day, another technician: not in the list.
        self._create_parts_appointment([(self.gasket, 50)], date_start=datetime(2030, 3, 6, 9, 0))
        self._create_parts_appointment(
            [(self.gasket, 50)], technician=self.technician_2, date_start=datetime(2030, 3, 4, 9, 0)
        )
        load_list = Form(self.env["intervention.load.list"].with_user(self.technician))
        load_list.date_from = datetime(2030, 3, 4).date()
        load_list = load_list.save()
        self.assertEqual(load_list.van_location_id, self.van)
        lines = {line.product_id: line for line in load_list.line_ids}
        self.assertEqual(set(lines), {self.gasket, self.stove})
        self.assertRecordValues(
            lines[self.gasket],
            [{"needed_qty": 12.0, "van_qty": 10.0, "incoming_qty": 0.0, "missing_qty": 2.0}],
        )
        self.assertRecordValues(lines[self.stove], [{"needed_qty": 1.0, "van_qty": 1.0, "missing_qty": 0.0}])
        action = load_list.action_replenish()
        picking = self.env["stock.picking"].search([("intervention_kind", "=", "request")])
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id, self.warehouse.intervention_van_type_id)
        self.assertEqual(picking.location_id, self.stock_location)
        self.assertEqual(picking.location_dest_id, self.van)
        self.assertEqual(picking.move_ids.product_id, self.gasket)
        self.assertEqual(picking.move_ids.product_uom_qty, 2.0)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(action["res_id"], picking.id)
        # Asked for: on its way, nothing missing any more; three days ahead the far one shows.
        load_list.action_refresh()
        gasket_line = load_list.line_ids.filtered(lambda line: line.product_id == self.gasket)
        self.assertRecordValues(gasket_line, [{"incoming_qty": 2.0, "missing_qty": 0.0}])
        with self.assertRaisesRegex(UserError, "nothing to ask for"):
            load_list.action_replenish()
        load_list.days = 3
        load_list.action_refresh()
        gasket_line = load_list.line_ids.filtered(lambda line: line.product_id == self.gasket)
        self.assertEqual(gasket_line.missing_qty, 50.0)

    def test_load_list_of_another_technician(self):
        with self.assertRaises(AccessError):
            self.env["intervention.load.list"].with_user(self.technician).create(
                {"technician_id": self.technician_2.id}
            )
        load_list = (
            self.env["intervention.load.list"]
            .with_user(self.dispatcher)
            .create({"technician_id": self.technician_2.id, "date_from": "2030-03-04"})
        )
        self.assertEqual(load_list.van_location_id, self.van_2)
        no_van = (
            self.env["intervention.load.list"]
            .with_user(self.dispatcher)
            .create({"technician_id": self.dispatcher.id})
        )
        with self.assertRaisesRegex(UserError, "has no van"):
            no_van.action_replenish()

    def test_load_list_days_are_bounded(self):
        with self.assertRaisesRegex(Exception, "Days: give from 1 to 31 days"):
            self.env["intervention.load.list"].create({"technician_id": self.technician.id, "days": 0})

    def test_technician_asks_for_a_part_from_the_field(self):
        appointment = self._create_parts_appointment(
            [(self.gasket, 1)], date_start=datetime(2030, 3, 8, 9, 0)
        )
        action = appointment.with_user(self.technician).action_request_parts()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.technician).with_context(**action["context"])
        )
        wizard.product_id = self.gasket
        wizard.quantity = 5
        wizard.note = "For the Goldman visit"
        wizard = wizard.save()
        self.assertEqual(wizard.van_location_id, self.van)
        result = wizard.action_request()
        picking = appointment.picking_ids
        self.assertEqual(picking.intervention_kind, "request")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.location_dest_id, self.van)
        self.assertEqual(picking.scheduled_date, datetime(2030, 3, 8, 9, 0))
        self.assertEqual(picking.move_ids.product_uom_qty, 5.0)
        self.assertIn("For the Goldman visit", picking.message_ids[0].body)
        # The technician reads it (their van's), the warehouse prepares it.
        self.assertEqual(result["res_id"], picking.id)
        self.assertTrue(picking.with_user(self.technician).read(["name"]))
        self.assertIn(
            picking,
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .search([("intervention_kind", "=", "request")]),
        )
        with self.assertRaisesRegex(Exception, "Quantity: ask for more than zero"):
            self.env["intervention.part.request"].with_user(self.technician).create(
                {"product_id": self.gasket.id, "quantity": 0}
            )
        with self.assertRaises(AccessError):
            self.env["intervention.part.request"].with_user(self.technician).create(
                {"product_id": self.gasket.id, "technician_id": self.technician_2.id}
            ).action_request()

    def test_reordering_rule_on_a_van_replenishes_it_from_the_warehouse(self):
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.gasket.id,
                "location_id": self.van.id,
                "product_min_qty": 12,
                "product_max_qty": 20,
                "trigger": "manual",
            }
        )
        self.assertEqual(orderpoint.warehouse_id, self.warehouse)
        orderpoint.action_replenish()
        move = self.env["stock.move"].search([("orderpoint_id", "=", orderpoint.id)])
        self.assertEqual(move.location_id, self.stock_location)
        self.assertEqual(move.location_dest_id, self.van)
        self.assertEqual(move.product_uom_qty, 10.0)
        self.assertEqual(move.picking_id.picking_type_id, self.warehouse.intervention_van_type_id)
