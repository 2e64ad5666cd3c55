from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestAppointment(FieldInterventionCase):
    def test_name_starts_with_template_code(self):
        appointment = self._create_appointment()
        self.assertRegex(appointment.name, r"^TRAM/\d{5}$")
        other = self._create_appointment()
        self.assertNotEqual(appointment.name, other.name)

    def test_without_template_uses_default_template(self):
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": self.customer.id,
                "date_start": self.start,
            }
        )
        default = self.env.ref("field_intervention.intervention_template_default")
        self.assertEqual(appointment.template_id, default)
        self.assertTrue(appointment.name.startswith(f"{default.code}/"))

    def test_template_values_copied_and_later_edits_not_retroactive(self):
        self.template.instructions = "<p>Bring the vacuum</p>"
        appointment = self._create_appointment()
        self.assertIn("Bring the vacuum", appointment.instructions)
        self.assertEqual(appointment.task_id, self.task)
        self.assertEqual(appointment.intervention_type, "maintenance")
        self.assertEqual(appointment.duration, 1.5)
        self.assertEqual(appointment.date_end, self.start + timedelta(hours=1.5))
        other_task = self.env["intervention.task"].create({"name": "Other"})
        self.template.write(
            {
                "task_id": other_task.id,
                "intervention_type": "after_sales",
                "duration": 3,
                "instructions": "<p>New rule</p>",
            }
        )
        self.assertEqual(appointment.task_id, self.task)
        self.assertIn("Bring the vacuum", appointment.instructions)
        self.assertEqual(appointment.intervention_type, "maintenance")
        self.assertEqual(appointment.duration, 1.5)

    def test_duration_moves_end_and_end_changes_duration(self):
        appointment = self._create_appointment()
        appointment.duration = 2.0
        self.assertEqual(appointment.date_end, self.start + timedelta(hours=2))
        appointment.date_end = self.start + timedelta(hours=3, minutes=30)
        self.assertEqual(appointment.duration, 3.5)
        appointment.date_start = self.start + timedelta(hours=1)
        self.assertEqual(appointment.duration, 3.5, "moving the start keeps the duration")
        self.assertEqual(appointment.date_end, self.start + timedelta(hours=4, minutes=30))

    def test_created_from_planning_slot_keeps_start_and_end(self):
        end = self.start + timedelta(hours=2, minutes=15)
        appointment = self._create_appointment(date_end=end)
        self.assertEqual(appointment.date_end, end)
        self.assertEqual(appointment.duration, 2.25)

    def test_form_duration_and_end_consistent(self):
        with Form(self.env["intervention.appointment"]) as form:
            form.partner_id = self.customer
            form.template_id = self.template
            form.date_start = self.start
            self.assertEqual(form.duration, 1.5)
            self.assertEqual(form.date_end, self.start + timedelta(hours=1.5))
            form.date_end = self.start + timedelta(hours=4)
            self.assertEqual(form.duration, 4.0)
        self.assertEqual(form.record.duration, 4.0)

    def test_end_before_start_refused(self):
        with self.assertRaisesRegex(ValidationError, "End .* is before the Start"):
            self._create_appointment(date_end=self.start - timedelta(hours=1))
        with self.assertRaisesRegex(ValidationError, "Duration cannot be negative"):
            self._create_appointment().duration = -1
        with self.assertRaisesRegex(ValidationError, "Actual Duration cannot be negative"):
            self._create_appointment().actual_duration = -0.5
        with self.assertRaisesRegex(ValidationError, "Travel Time cannot be negative"):
            self._create_appointment().travel_duration = -0.5

    def test_equipment_none_one_several(self):
        one = self._create_appointment()
        self.assertEqual(one.equipment_id, self.equipment, "the only unit is filled in")
        none = self._create_appointment(partner_id=self.customer_no_equipment.id)
        self.assertFalse(none.equipment_id)
        several = self._create_appointment(partner_id=self.customer_two_units.id)
        self.assertFalse(several.equipment_id, "two units: the user chooses")
        several.equipment_id = self.equipment_b
        self.assertEqual(several.equipment_id, self.equipment_b)

    def test_equipment_follows_customer_in_form(self):
        with Form(self.env["intervention.appointment"]) as form:
            form.partner_id = self.customer
            form.date_start = self.start
            self.assertEqual(form.equipment_id, self.equipment)
            form.partner_id = self.customer_two_units
            self.assertFalse(form.equipment_id)

    def test_equipment_of_another_customer_refused(self):
        message = "belongs to Deux Poêles, not to the customer Jeanne Martin"
        with self.assertRaisesRegex(ValidationError, message):
            self._create_appointment(equipment_id=self.equipment_a.id)
        appointment = self._create_appointment()
        with self.assertRaisesRegex(ValidationError, "Equipment"):
            appointment.equipment_id = self.equipment_b

    def test_sector_from_postcode_and_by_hand(self):
        bordeaux_center = self.env["intervention.sector"].create(
            {
                "name": "Bordeaux",
                "zip_prefixes": "33000, 33100",
            }
        )
        appointment = self._create_appointment()
        self.assertEqual(appointment.sector_id, bordeaux_center, "the longest prefix wins")
        other = self._create_appointment(partner_id=self.customer_no_equipment.id)
        self.assertFalse(other.sector_id)
        other.sector_id = self.sector
        self.assertEqual(other.sector_id, self.sector, "a sector can be assigned by hand")
        self.customer.zip = "33700"
        self.assertEqual(appointment.sector_id, self.sector, "a new postcode moves the appointment")

    def test_assign_sector_action(self):
        appointment = self._create_appointment()
        appointment.sector_id = False
        appointment.action_assign_sector()
        self.assertEqual(appointment.sector_id, self.sector)

    def test_bad_sector_prefix_refused(self):
        with self.assertRaisesRegex(ValidationError, "Postcode Prefixes"):
            self.env["intervention.sector"].create({"name": "Bad", "zip_prefixes": "33, 2A-"})

    def test_unqualified_technician_warns_but_saves(self):
        with (
            self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs,
            Form(self.env["intervention.appointment"]) as form,
        ):
            form.partner_id = self.customer
            form.template_id = self.template
            form.date_start = self.start
            form.technician_ids.add(self.technician_2)
        self.assertIn("Léa Tech not qualified for the task Chimney sweeping", logs.output[0])
        self.assertEqual(form.record.technician_ids, self.technician_2)
        self.assertEqual(form.record.unqualified_technician_ids, self.technician_2)

    def test_qualified_technician_no_warning(self):
        appointment = self._create_appointment()
        self.assertFalse(appointment.unqualified_technician_ids)
        self.assertIsNone(appointment._onchange_technician_qualification())

    def test_map_and_phone_links(self):
        appointment = self._create_appointment()
        self.assertEqual(
            appointment.address_map_url,
            "https://www.google.com/maps/search/?api=1&query=3+rue+du+Port%2C+33000%2C+Bordeaux",
        )
        self.assertEqual(appointment.partner_phone, "+33 5 56 00 00 01")

    def test_address_from_equipment_site(self):
        site = self.env["res.partner"].create(
            {
                "name": "Maison de vacances",
                "parent_id": self.customer.id,
                "type": "other",
                "zip": "33970",
            }
        )
        self.equipment.site_partner_id = site
        appointment = self._create_appointment()
        self.assertEqual(appointment.address_partner_id, site)

    def test_color_done_green(self):
        appointment = self._create_appointment()
        self.assertEqual(appointment.color, 3)
        appointment.write({"state": "confirmed"})
        appointment.action_finish()
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.color, 10, "done is green (palette index 10)")


@tagged("post_install", "-at_install")
class TestTemplate(FieldInterventionCase):
    def test_default_template_cannot_be_deleted(self):
        default = self.env.ref("field_intervention.intervention_template_default")
        with self.assertRaisesRegex(UserError, "default template .* cannot be deleted"):
            default.unlink()
        with self.assertRaisesRegex(UserError, "cannot be archived"):
            default.action_archive()
        default.name = "Standard visit"
        self.assertEqual(default.name, "Standard visit", "the default template can be edited")

    def test_other_template_can_be_deleted(self):
        template = self.env["intervention.template"].create({"name": "Temp", "code": "TMP"})
        template.unlink()
        self.assertFalse(template.exists())

    def test_template_negative_duration_refused(self):
        with self.assertRaisesRegex(ValidationError, "Duration of template"):
            self.template.duration = -2

    def test_links_count_appointments(self):
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        appointment = self._create_appointment(sale_order_id=order.id)
        self.assertEqual(self.customer.intervention_appointment_count, 1)
        self.assertEqual(order.intervention_appointment_count, 1)
        self.assertEqual(self.equipment.intervention_appointment_count, 1)
        self.assertEqual(self.equipment.intervention_appointment_ids, appointment)
        action = order.action_view_intervention_appointments()
        self.assertEqual(action["context"]["default_sale_order_id"], order.id)
        self.assertEqual(self.env["intervention.appointment"].search(action["domain"]), appointment)


@tagged("post_install", "-at_install")
class TestLargeFleet(FieldInterventionCase):
    def test_many_appointments_created_in_one_batch(self):
        appointments = self.env["intervention.appointment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "template_id": self.template.id,
                    "date_start": datetime(2030, 3, 4, 8) + timedelta(hours=index),
                    "technician_ids": [Command.set(self.technician.ids)],
                }
                for index in range(20)
            ]
        )
        self.assertEqual(len(set(appointments.mapped("name"))), 20)
        self.assertEqual(appointments.equipment_id, self.equipment)
        self.assertEqual(appointments.sector_id, self.sector)
