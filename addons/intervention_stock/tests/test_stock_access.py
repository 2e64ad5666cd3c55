import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TECHNICIAN, InterventionStockCase


@tagged("post_install", "-at_install")
class TestStockAccess(InterventionStockCase):
    def test_technician_records_parts_on_own_appointment(self):
        appointment = self._create_parts_appointment([])
        own = appointment.with_user(self.technician)
        own.write(
            {
                "part_line_ids": [
                    Command.create({"product_id": self.stove.id, "quantity": 1, "lot_id": self.serial_1.id})
                ]
            }
        )
        line = own.part_line_ids
        self.assertEqual(line.lot_id, self.serial_1)
        line.quantity = 1
        line.unlink()
        self.assertFalse(appointment.part_line_ids)

    def test_technician_cannot_touch_other_lines(self):
        appointment = self._create_parts_appointment([(self.gasket, 1)])
        other = self._create_parts_appointment([(self.gasket, 1)], technician=self.technician_2)
        Line = self.env["intervention.billing.line"].with_user(self.technician)
        with self.assertRaisesRegex(AccessError, "not a storable product"):
            Line.create({"appointment_id": appointment.id, "product_id": self.product_service.id})
        with self.assertRaisesRegex(AccessError, "cannot change Unit Price"):
            Line.create({"appointment_id": appointment.id, "product_id": self.gasket.id, "price_unit": 1.0})
        with self.assertRaises(AccessError):
            Line.create({"appointment_id": other.id, "product_id": self.gasket.id})
        with self.assertRaises(AccessError):
            other.part_line_ids.with_user(self.technician).quantity = 4
        line = appointment.part_line_ids.with_user(self.technician)
        with self.assertRaisesRegex(AccessError, "cannot change Discount"):
            line.discount = 50
        request = self._create_request(lines=[(self.gasket, 1)])
        with self.assertRaises(AccessError):
            request.billing_line_ids.with_user(self.technician).quantity = 2
        # The office still changes the price.
        line.with_user(self.dispatcher).price_unit = 5.0
        self.assertEqual(line.price_unit, 5.0)

    def test_technician_cannot_change_parts_once_done(self):
        appointment = self._create_parts_appointment([(self.gasket, 1)])
        appointment.action_finish()
        with self.assertRaises(UserError):
            appointment.part_line_ids.with_user(self.technician).write({"quantity": 2})

    def test_van_field_is_the_office_choice(self):
        appointment = self._create_parts_appointment([(self.gasket, 1)])
        with self.assertRaises(AccessError):
            appointment.with_user(self.technician).van_location_id = self.van_2
        appointment.with_user(self.dispatcher).van_location_id = self.van_2
        appointment.action_finish()
        self.assertEqual(appointment.picking_ids.location_id, self.van_2)

    def test_transfers_visible_to_their_technician_and_stock_users(self):
        own = self._create_parts_appointment([(self.gasket, 1)])
        other = self._create_parts_appointment([(self.gasket, 1)], technician=self.technician_2)
        (own | other).action_finish()
        Picking = self.env["stock.picking"]
        domain = [("intervention_appointment_id", "in", (own | other).ids)]
        self.assertEqual(Picking.with_user(self.technician).search(domain), own.picking_ids)
        self.assertEqual(
            Picking.with_user(self.stock_user).search(domain), own.picking_ids | other.picking_ids
        )
        self.assertEqual(
            Picking.with_user(self.dispatcher).search(domain), own.picking_ids | other.picking_ids
        )
        with self.assertRaises(AccessError):
            other.picking_ids.with_user(self.technician).read(["name"])
        moves = (
            self.env["stock.move"]
            .with_user(self.technician)
            .search([("picking_id", "in", (own | other).picking_ids.ids)])
        )
        self.assertEqual(moves, own.picking_ids.move_ids)
        # Read-only for technicians: the transfers are the system's.
        with self.assertRaises(AccessError):
            own.picking_ids.with_user(self.technician).write({"origin": "x"})
        self.assertEqual(own.with_user(self.technician).picking_count, 1)

    def test_technician_has_one_van_per_company(self):
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["stock.location"].create(
                {
                    "name": "Second van",
                    "usage": "internal",
                    "location_id": self.warehouse.intervention_van_location_id.id,
                    "intervention_van_technician_id": self.technician.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "is not an internal location"):
            self.van_2.usage = "view"

    def test_van_of_a_technician_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other installer"})
        stranger = new_test_user(
            self.env,
            "is_stranger",
            groups=TECHNICIAN,
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        with self.assertRaisesRegex(ValidationError, "does not work in"):
            self.env["stock.location"].create(
                {
                    "name": "Van of a stranger",
                    "usage": "internal",
                    "location_id": self.warehouse.intervention_van_location_id.id,
                    "intervention_van_technician_id": stranger.id,
                }
            )

    def test_multi_company_transfers(self):
        other_company = self.env["res.company"].create({"name": "Other installer"})
        other_warehouse = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)])
        self.assertTrue(other_warehouse.intervention_parts_type_id)
        self.technician.company_ids = [Command.link(other_company.id)]
        van_b = self.env["stock.location"].create(
            {
                "name": "Van Paul B",
                "usage": "internal",
                "company_id": other_company.id,
                "location_id": other_warehouse.intervention_van_location_id.id,
                "intervention_van_technician_id": self.technician.id,
            }
        )
        self.assertEqual(self.technician._get_intervention_van(other_company), van_b)
        self.assertEqual(self.technician._get_intervention_van(self.company), self.van)
        template = self.template.copy({"company_id": other_company.id, "task_id": False, "code": "TBS-B"})
        appointment = self._create_parts_appointment(
            [(self.gasket, 1)], company_id=other_company.id, template_id=template.id, task_id=False
        )
        self.assertEqual(appointment.van_location_id, van_b)
        appointment.action_finish()
        self.assertEqual(appointment.picking_ids.company_id, other_company)
        self.assertEqual(appointment.picking_ids.picking_type_id, other_warehouse.intervention_parts_type_id)
        # Read in the first company only, the other company's transfer is out of sight.
        Picking = (
            self.env["stock.picking"]
            .with_user(self.technician)
            .with_context(allowed_company_ids=self.company.ids)
        )
        self.assertFalse(Picking.search([("id", "in", appointment.picking_ids.ids)]))

    def test_a_new_van_serves_the_open_appointments_of_its_technician(self):
        technician = self.dispatcher
        open_one = self._create_parts_appointment([(self.gasket, 1)], technician=technician)
        done_one = self._create_parts_appointment([(self.gasket, 1)], technician=technician)
        done_one.action_finish()
        self.assertFalse(open_one.van_location_id)
        van = self.env["stock.location"].create(
            {
                "name": "Van of the dispatcher",
                "usage": "internal",
                "location_id": self.warehouse.intervention_van_location_id.id,
                "intervention_van_technician_id": technician.id,
            }
        )
        self.assertEqual(open_one.van_location_id, van)
        self.assertFalse(done_one.van_location_id, "a done appointment keeps where its parts came from")
