from odoo import Command, fields
from odoo.addons.field_intervention.tests.tour_screenshots import TourScreenshotMixin
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, new_test_user, tagged

TECHNICIAN = "field_intervention.group_intervention_technician"


@tagged("post_install", "-at_install")
class TestPartsOnAPhone(EnglishCase, TourScreenshotMixin, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_technician_records_a_serial_part_and_finishes_on_a_phone(self):
        company = self.env.company
        company.write({"intervention_time_tracking": "none", "intervention_time_tracking_required": False})
        technician = new_test_user(
            self.env,
            "is_tour_tech",
            groups=TECHNICIAN,
            password="is_tour_tech",
            name="Paul Poseur",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.assertTrue(warehouse.intervention_van_location_id, "the warehouse has its vans' parent location")
        van = self.env["stock.location"].create(
            {
                "name": "Van Paul Poseur",
                "usage": "internal",
                "location_id": warehouse.intervention_van_location_id.id,
                "intervention_van_technician_id": technician.id,
            }
        )
        stove = self.env["product.product"].create(
            {
                "name": "Tour Pellet Stove",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "sale_ok": True,
                "list_price": 2990.0,
            }
        )
        serial, other_serial = self.env["stock.lot"].create(
            [
                {"name": "TOURSN-0001", "product_id": stove.id, "company_id": company.id},
                {"name": "TOURSN-0002", "product_id": stove.id, "company_id": company.id},
            ]
        )
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(stove, van, 1.0, lot_id=serial)
        Quant._update_available_quantity(stove, van, 1.0, lot_id=other_serial)
        customer = self.env["res.partner"].create(
            {
                "name": "Parts Tour Client",
                "street": "8 allée de Tourny",
                "zip": "33000",
                "city": "Bordeaux",
                "phone": "+33 5 56 00 00 44",
            }
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                # today's appointments are in My Day
                "date_start": fields.Datetime.now().replace(second=0, microsecond=0),
                "technician_ids": [Command.set(technician.ids)],
                "company_id": company.id,
            }
        )
        appointment.action_confirm()
        self.assertEqual(appointment.van_location_id, van)

        self.start_tour(
            "/odoo/action-field_intervention.intervention_appointment_action_my_day",
            "intervention_stock_parts_on_a_phone",
            login="is_tour_tech",
        )

        self.assertEqual(appointment.state, "done")
        line = appointment.part_line_ids
        self.assertEqual(len(line), 1, "one part line, typed on the phone")
        self.assertEqual((line.product_id, line.quantity, line.lot_id), (stove, 1.0, serial))

        parts = appointment.picking_ids.filtered(lambda picking: picking.intervention_kind == "parts")
        self.assertEqual(len(parts), 1, "one transfer of the parts used")
        self.assertEqual(parts.state, "done")
        customer_location = customer.property_stock_customer
        self.assertEqual(parts.location_id, van)
        self.assertEqual(parts.location_dest_id, customer_location)
        self.assertEqual(
            [(ml.product_id, ml.lot_id, ml.quantity) for ml in parts.move_line_ids],
            [(stove, serial, 1.0)],
        )
        self.assertEqual(Quant._get_available_quantity(stove, van, lot_id=serial, strict=True), 0.0)
        self.assertEqual(
            Quant._get_available_quantity(stove, van, lot_id=other_serial, strict=True),
            1.0,
            "the other serial stays in the van",
        )
        at_customer = Quant.search(
            [("product_id", "=", stove.id), ("location_id", "=", customer_location.id)]
        )
        self.assertEqual([(q.lot_id, q.quantity) for q in at_customer], [(serial, 1.0)])

        equipment = self.env["installed.equipment"].search([("lot_id", "=", serial.id)])
        self.assertEqual(len(equipment), 1, "the serial became the customer's equipment")
        self.assertEqual(equipment.partner_id, customer)
        self.assertEqual(equipment.product_id, stove)
        self.assertEqual(equipment.serial_number, "TOURSN-0001")
        self.assertEqual(line.installed_equipment_id, equipment)
        self.assertFalse(self.env["installed.equipment"].search([("lot_id", "=", other_serial.id)]))
