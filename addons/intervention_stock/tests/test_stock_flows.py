from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import InterventionStockCase


@tagged("post_install", "-at_install")
class TestStockFlows(InterventionStockCase):
    def test_warehouses_have_vans_and_operation_types(self):
        new_warehouse = self.env["stock.warehouse"].create({"name": "Lyon depot", "code": "LYO"})
        route = self.env.ref("intervention_stock.route_van_replenishment")
        for warehouse in self.warehouse | new_warehouse:
            self.assertEqual(warehouse.intervention_van_location_id.usage, "view")
            self.assertEqual(warehouse.intervention_van_location_id.location_id, warehouse.view_location_id)
            self.assertEqual(warehouse.intervention_parts_type_id.code, "outgoing")
            self.assertEqual(warehouse.intervention_van_type_id.code, "internal")
            self.assertEqual(warehouse.intervention_removed_type_id.code, "incoming")
            self.assertEqual(
                warehouse.intervention_removed_type_id.default_location_dest_id,
                warehouse.intervention_removed_location_id,
            )
            rule = warehouse.intervention_van_pull_id
            self.assertEqual(rule.route_id, route)
            self.assertEqual(rule.location_src_id, warehouse.lot_stock_id)
            self.assertEqual(rule.location_dest_id, warehouse.intervention_van_location_id)
            self.assertIn(warehouse, route.warehouse_ids)

    def test_parts_leave_the_van_when_done(self):
        appointment = self._create_parts_appointment(
            [(self.gasket, 3), (self.pellets, 2, self.pellet_lot, {"price_unit": 0.0})]
        )
        self.assertEqual(appointment.van_location_id, self.van)
        appointment.with_user(self.technician).action_finish()
        self.assertEqual(appointment.state, "done")
        picking = appointment.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(appointment.picking_count, 1)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.intervention_kind, "parts")
        self.assertEqual(picking.picking_type_id, self.warehouse.intervention_parts_type_id)
        self.assertEqual(picking.location_id, self.van)
        self.assertEqual(picking.location_dest_id, self.customer_a.property_stock_customer)
        self.assertEqual(picking.origin, appointment.name)
        # The part given for free (under cover) leaves the van all the same.
        self.assertEqual(
            sorted((m.product_id.name, m.quantity, m.lot_ids.name or "") for m in picking.move_ids),
            [("Flue gasket", 3.0, ""), ("Pellet bag 15 kg", 2.0, "PEL-2026-11")],
        )
        self.assertEqual(picking.move_ids.intervention_billing_line_id, appointment.part_line_ids)
        self.assertEqual(self._van_quantity(self.gasket), 7.0)
        self.assertEqual(self._van_quantity(self.pellets, lot=self.pellet_lot), 18.0)

    def test_part_the_van_lacks_goes_negative(self):
        appointment = self._create_parts_appointment([(self.gasket, 12)])
        appointment.with_user(self.technician).action_finish()
        self.assertEqual(appointment.picking_ids.state, "done")
        self.assertEqual(self._van_quantity(self.gasket), -2.0)

    def test_appointment_without_parts_makes_no_transfer(self):
        appointment = self._create_parts_appointment([(self.product_service, 1)])
        self.assertFalse(appointment.part_line_ids)
        appointment.with_user(self.technician).action_finish()
        self.assertFalse(appointment.picking_ids)

    def test_no_van_parts_leave_the_warehouse_stock(self):
        technician = self.dispatcher
        appointment = self._create_parts_appointment([(self.gasket, 1)], technician=technician)
        self.assertFalse(appointment.van_location_id)
        appointment.action_finish()
        self.assertEqual(appointment.picking_ids.location_id, self.stock_location)
        self.assertEqual(self._van_quantity(self.gasket, van=self.stock_location), 99.0)

    def test_tracked_part_needs_its_lot_before_finish(self):
        appointment = self._create_parts_appointment([(self.gasket, 1), (self.stove, 1)])
        with self.assertRaisesRegex(UserError, r"Pellet stove Ego \(.*\): its serial number is missing"):
            appointment.with_user(self.technician).action_finish()
        self.assertEqual(appointment.state, "confirmed")
        self.assertFalse(appointment.picking_ids)
        stove_line = appointment.part_line_ids.filtered(lambda line: line.product_id == self.stove)
        stove_line.write({"lot_id": self.serial_1.id, "quantity": 2})
        with self.assertRaisesRegex(UserError, "a serial number is one unit"):
            appointment.action_finish()
        stove_line.quantity = 1
        appointment.action_finish()
        self.assertEqual(appointment.state, "done")

    def test_lot_of_another_product_is_refused(self):
        with self.assertRaisesRegex(
            ValidationError, "EGO-0001 of line Flue gasket is not a lot of Flue gasket"
        ):
            self._create_parts_appointment([(self.gasket, 1, self.serial_1)])

    def test_serial_installed_becomes_the_customers_equipment(self):
        site = self.env["res.partner"].create(
            {"name": "Holiday home", "parent_id": self.customer_a.id, "type": "other", "city": "Arcachon"}
        )
        appointment = self._create_parts_appointment(
            [(self.stove, 1, self.serial_1)], address_partner_id=site.id
        )
        appointment.with_user(self.technician).action_finish()
        line = appointment.part_line_ids
        equipment = line.installed_equipment_id
        self.assertTrue(equipment)
        self.assertRecordValues(
            equipment,
            [
                {
                    "product_id": self.stove.id,
                    "lot_id": self.serial_1.id,
                    "serial_number": "EGO-0001",
                    "partner_id": self.customer_a.id,
                    "site_partner_id": site.id,
                    "installation_date": appointment.date_start.date(),
                    "technician_id": self.technician.id,
                    "condition": "new",
                    "intervention_install_line_id": line.id,
                }
            ],
        )

    def test_known_serial_is_updated_not_duplicated(self):
        sold = self.env["installed.equipment"].create(
            {
                "product_id": self.stove.id,
                "lot_id": self.serial_2.id,
                "serial_number": "EGO-0002",
                "partner_id": self.customer_b.id,
            }
        )
        appointment = self._create_parts_appointment([(self.stove, 1, self.serial_2)])
        appointment.action_finish()
        self.assertEqual(appointment.part_line_ids.installed_equipment_id, sold)
        self.assertEqual(sold.partner_id, self.customer_a)
        self.assertEqual(sold.installation_date, appointment.date_start.date())
        self.assertEqual(self.env["installed.equipment"].search_count([("lot_id", "=", self.serial_2.id)]), 1)

    def test_replacement_removes_the_old_unit_and_takes_it_back(self):
        workshop = self.env["stock.location"].create(
            {"name": "Workshop", "usage": "internal", "location_id": self.warehouse.view_location_id.id}
        )
        self.company.intervention_removed_location_id = workshop
        appointment = self._create_parts_appointment(
            [
                (
                    self.stove,
                    1,
                    self.serial_1,
                    {"replaced_equipment_id": self.old_stove.id, "intervention_take_back": True},
                )
            ]
        )
        appointment.with_user(self.technician).action_finish()
        new_unit = appointment.part_line_ids.installed_equipment_id
        self.assertRecordValues(
            self.old_stove,
            [
                {
                    "condition": "removed",
                    "removal_date": appointment.date_start.date(),
                    "replaced_by_id": new_unit.id,
                    "active": True,
                }
            ],
        )
        self.assertEqual(new_unit.replacement_of_ids, self.old_stove)
        removed = appointment.picking_ids.filtered(lambda picking: picking.intervention_kind == "removed")
        self.assertEqual(removed.state, "done")
        self.assertEqual(removed.location_id, self.customer_a.property_stock_customer)
        self.assertEqual(removed.location_dest_id, workshop)
        self.assertEqual(removed.move_ids.product_id, self.product_installation)

    def test_replaced_tracked_unit_comes_back_with_its_serial(self):
        old = self.env["installed.equipment"].create(
            {"product_id": self.stove.id, "serial_number": "EGO-OLD-9", "partner_id": self.customer_a.id}
        )
        appointment = self._create_parts_appointment(
            [
                (
                    self.stove,
                    1,
                    self.serial_1,
                    {"replaced_equipment_id": old.id, "intervention_take_back": True},
                )
            ]
        )
        appointment.action_finish()
        removed = appointment.picking_ids.filtered(lambda picking: picking.intervention_kind == "removed")
        self.assertEqual(removed.move_line_ids.lot_id.name, "EGO-OLD-9")
        self.assertEqual(removed.location_dest_id, self.warehouse.intervention_removed_location_id)
        self.assertEqual(
            self._van_quantity(self.stove, van=removed.location_dest_id, lot=removed.move_line_ids.lot_id),
            1.0,
        )

    def test_replaced_unit_of_another_customer_is_refused(self):
        other = self.env["installed.equipment"].create(
            {"product_id": self.stove.id, "serial_number": "X-1", "partner_id": self.customer_b.id}
        )
        with self.assertRaisesRegex(ValidationError, "is not equipment of Jean-Jacques Goldman"):
            self._create_parts_appointment([(self.gasket, 1, None, {"replaced_equipment_id": other.id})])

    def test_set_back_to_confirmed_returns_the_parts(self):
        appointment = self._create_parts_appointment(
            [
                (self.gasket, 3),
                (
                    self.stove,
                    1,
                    self.serial_1,
                    {"replaced_equipment_id": self.old_stove.id, "intervention_take_back": True},
                ),
            ]
        )
        appointment.with_user(self.technician).action_finish()
        new_unit = appointment.part_line_ids.installed_equipment_id
        self.assertEqual(self._van_quantity(self.gasket), 7.0)
        appointment.action_back_to_confirmed()
        returns = appointment.picking_ids.filtered(lambda picking: picking.intervention_kind == "return")
        self.assertEqual(len(returns), 2)
        self.assertEqual(set(returns.mapped("state")), {"done"})
        self.assertEqual(self._van_quantity(self.gasket), 10.0)
        self.assertEqual(self._van_quantity(self.stove, lot=self.serial_1), 1.0)
        self.assertEqual(
            self._van_quantity(
                self.product_installation, van=self.warehouse.intervention_removed_location_id
            ),
            0.0,
        )
        # The units are as before: the new one archived, the old one in place.
        self.assertFalse(new_unit.active)
        self.assertEqual(self.old_stove.condition, "used")
        self.assertFalse(self.old_stove.removal_date)
        # Finished again: new transfers, the same equipment brought back.
        appointment.with_user(self.technician).action_finish()
        self.assertEqual(len(appointment.picking_ids.filtered(lambda p: p.intervention_kind == "parts")), 2)
        self.assertEqual(self._van_quantity(self.gasket), 7.0)
        self.assertEqual(appointment.part_line_ids.installed_equipment_id, new_unit)
        self.assertTrue(new_unit.active)
        self.assertEqual(self.old_stove.condition, "removed")

    def test_parts_of_a_done_appointment_are_locked(self):
        appointment = self._create_parts_appointment([(self.gasket, 3)])
        appointment.action_finish()
        line = appointment.part_line_ids
        with self.assertRaisesRegex(UserError, "has left the van: it cannot be changed"):
            line.quantity = 5
        with self.assertRaisesRegex(UserError, "has left the van: it cannot be deleted"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "set it back to Confirmed to add part Flue gasket"):
            self.env["intervention.billing.line"].create(
                {"appointment_id": appointment.id, "product_id": self.gasket.id, "quantity": 1}
            )
        # The office still bills a service on the done appointment.
        self.env["intervention.billing.line"].create(
            {"appointment_id": appointment.id, "product_id": self.product_labour.id, "quantity": 1}
        )
        self.assertEqual(line.quantity, 3)

    def test_equipment_serial_is_unique_per_company(self):
        values = {"product_id": self.stove.id, "lot_id": self.serial_1.id, "partner_id": self.customer_a.id}
        self.env["installed.equipment"].create({**values, "serial_number": "EGO-0001"})
        with self.assertRaisesRegex(ValidationError, "serial number EGO-0001 is already the equipment of"):
            self.env["installed.equipment"].create({**values, "partner_id": self.customer_b.id})
        with self.assertRaisesRegex(ValidationError, "is a lot of Pellet stove Ego, not of Flue gasket"):
            self.env["installed.equipment"].create({**values, "product_id": self.gasket.id})

    def test_equipment_form_takes_the_serial_of_the_lot(self):
        with Form(self.env["installed.equipment"]) as form:
            form.partner_id = self.customer_a
            form.product_id = self.stove
            form.lot_id = self.serial_2
            self.assertEqual(form.serial_number, "EGO-0002")
        self.assertEqual(form.record.lot_id, self.serial_2)

    def test_equipment_from_a_sales_order_takes_the_delivered_serials(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_b.id,
                "order_line": [Command.create({"product_id": self.stove.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.move_line_ids.unlink()
        delivery.move_ids.write(
            {
                "quantity": 1,
                "picked": True,
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": self.stove.id,
                            "lot_id": self.serial_2.id,
                            "quantity": 1,
                            "location_id": self.stock_location.id,
                            "location_dest_id": delivery.location_dest_id.id,
                            "picked": True,
                        }
                    )
                ],
            }
        )
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        action = self.env["installed.equipment.create"]._action_open_for(order)
        wizard_form = Form(self.env["installed.equipment.create"].with_context(**action["context"]))
        wizard_form.product_id = self.stove
        self.assertEqual(wizard_form.serial_number, "EGO-0002")
        wizard = wizard_form.save()
        equipment = wizard._create_equipment()
        self.assertEqual(equipment.lot_id, self.serial_2)
        self.assertEqual(equipment.serial_number, "EGO-0002")
        self.assertEqual(equipment.sale_order_id, order)
        # Registered once: a second equipment of the order gets no serial offered.
        wizard_form = Form(self.env["installed.equipment.create"].with_context(**action["context"]))
        wizard_form.product_id = self.stove
        self.assertFalse(wizard_form.serial_number)
