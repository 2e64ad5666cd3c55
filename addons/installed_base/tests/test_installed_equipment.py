from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, freeze_time, tagged

from .common import InstalledBaseCommon


@tagged("post_install", "-at_install")
class TestInstalledEquipment(InstalledBaseCommon):
    def test_defaults(self):
        equipment = self._create_equipment()
        self.assertEqual(equipment.condition, "new")
        self.assertTrue(equipment.compliant)
        self.assertTrue(equipment.active)
        self.assertEqual(equipment.company_id, self.company)

    def test_display_name_combines_serial_product_and_customer(self):
        equipment = self._create_equipment(serial_number="SN-001")
        self.assertEqual(equipment.display_name, "SN-001 - Pellet stove 8 kW - Jeanne Customer")
        found = self.env["installed.equipment"].name_search("SN-001")
        self.assertEqual([row[0] for row in found], [equipment.id])

    def test_serial_unique_per_product_and_company(self):
        self._create_equipment(serial_number="ABC-123")
        with self.assertRaisesRegex(ValidationError, "ABC-123"):
            self._create_equipment(serial_number="ABC-123")

    def test_serial_duplicate_within_one_batch_refused(self):
        values = {"product_id": self.stove.id, "partner_id": self.customer.id}
        Equipment = self.env["installed.equipment"]
        batch = Equipment.create([{**values, "serial_number": f"BATCH-{index}"} for index in range(50)])
        self.assertEqual(len(batch), 50)
        with self.assertRaisesRegex(ValidationError, "BATCH-X"):
            Equipment.create(
                [{**values, "serial_number": serial} for serial in ("BATCH-X", "BATCH-Y", "BATCH-X")]
            )

    def test_serial_duplicate_refused_on_write_too(self):
        self._create_equipment(serial_number="ABC-123")
        second = self._create_equipment(serial_number="XYZ-999")
        with self.assertRaisesRegex(ValidationError, "ABC-123"):
            second.serial_number = "ABC-123"

    def test_serial_duplicate_of_archived_equipment_refused(self):
        self._create_equipment(serial_number="ABC-123").action_archive()
        with self.assertRaises(ValidationError):
            self._create_equipment(serial_number="ABC-123")

    def test_same_serial_allowed_for_another_product(self):
        self._create_equipment(serial_number="ABC-123")
        other = self._create_equipment(serial_number="ABC-123", product_id=self.boiler.id)
        self.assertEqual(other.serial_number, "ABC-123")

    def test_same_serial_allowed_in_another_company(self):
        self._create_equipment(serial_number="ABC-123")
        company_b = self.env["res.company"].create({"name": "Company B"})
        other = (
            self.env["installed.equipment"]
            .with_company(company_b)
            .create(
                {
                    "product_id": self.stove.id,
                    "partner_id": self.other_customer.id,
                    "serial_number": "ABC-123",
                    "company_id": company_b.id,
                }
            )
        )
        self.assertEqual(other.company_id, company_b)

    def test_several_equipment_without_serial(self):
        first = self._create_equipment()
        second = self._create_equipment()
        self.assertFalse(first.serial_number or second.serial_number)

    def test_warranty_end_from_installation_date(self):
        equipment = self._create_equipment(
            sale_date=date(2024, 1, 10),
            installation_date=date(2024, 3, 1),
            warranty_type_id=self.warranty_2y.id,
        )
        self.assertEqual(equipment.warranty_end_date, date(2026, 2, 28))

    def test_warranty_end_from_sale_date_without_installation(self):
        equipment = self._create_equipment(
            sale_date=date(2024, 1, 10),
            warranty_type_id=self.warranty_2y.id,
        )
        self.assertEqual(equipment.warranty_end_date, date(2026, 1, 9))

    def test_warranty_end_follows_installation_date_change(self):
        equipment = self._create_equipment(
            sale_date=date(2024, 1, 10),
            warranty_type_id=self.warranty_2y.id,
        )
        equipment.installation_date = date(2024, 6, 1)
        self.assertEqual(equipment.warranty_end_date, date(2026, 5, 31))

    def test_warranty_end_set_by_hand(self):
        equipment = self._create_equipment(warranty_end_date=date(2030, 12, 31))
        self.assertEqual(equipment.warranty_end_date, date(2030, 12, 31))
        with Form(equipment) as form:
            form.warranty_end_date = date(2031, 6, 30)
        self.assertEqual(equipment.warranty_end_date, date(2031, 6, 30))

    @freeze_time("2025-06-15")
    def test_under_warranty_field_and_filter(self):
        valid = self._create_equipment(warranty_end_date=date(2025, 6, 15))
        expired = self._create_equipment(warranty_end_date=date(2025, 6, 14))
        no_warranty = self._create_equipment()
        self.assertTrue(valid.under_warranty)
        self.assertFalse(expired.under_warranty)
        self.assertFalse(no_warranty.under_warranty)
        all_three = valid | expired | no_warranty
        Equipment = self.env["installed.equipment"]
        self.assertEqual(
            Equipment.search([("id", "in", all_three.ids), ("under_warranty", "=", True)]),
            valid,
        )
        self.assertEqual(
            Equipment.search([("id", "in", all_three.ids), ("under_warranty", "=", False)]),
            expired | no_warranty,
        )

    def test_customer_change_is_tracked_in_chatter(self):
        equipment = self._create_equipment()
        # Tracking values are written by the pre-commit hooks: run them as a commit would.
        self.env.cr.flush()
        new_owner = self.env["res.partner"].create({"name": "New Owner"})
        equipment.partner_id = new_owner
        self.env.cr.flush()
        equipment.invalidate_recordset(["message_ids"])
        tracked = equipment.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "partner_id"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.old_value_char, "Jeanne Customer")
        self.assertEqual(tracked.new_value_char, "New Owner")

    def test_installation_site_must_belong_to_customer(self):
        equipment = self._create_equipment(site_partner_id=self.site.id)
        self.assertEqual(equipment.site_partner_id, self.site)
        stranger_site = self.env["res.partner"].create(
            {
                "name": "Someone else's house",
                "parent_id": self.other_customer.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "Installation Site"):
            equipment.site_partner_id = stranger_site

    def test_changing_customer_in_form_clears_foreign_site(self):
        equipment = self._create_equipment(site_partner_id=self.site.id)
        with Form(equipment) as form:
            form.partner_id = self.other_customer
            self.assertFalse(form.site_partner_id)

    def test_building_year_and_power_validated(self):
        with self.assertRaisesRegex(ValidationError, "Building Construction Year"):
            self._create_equipment(building_year=12)
        with self.assertRaisesRegex(ValidationError, "Power"):
            self._create_equipment(power_kw=-3)

    def test_negative_warranty_duration_refused(self):
        with self.assertRaisesRegex(ValidationError, "Duration"):
            self.env["installed.equipment.warranty.type"].create(
                {
                    "name": "Broken",
                    "duration_months": -1,
                }
            )

    def test_partner_counter_includes_contacts_equipment(self):
        self._create_equipment()
        self._create_equipment(partner_id=self.site.id)
        self.assertEqual(self.customer.installed_equipment_count, 2)
        self.assertEqual(self.site.installed_equipment_count, 1)
        self.assertEqual(self.other_customer.installed_equipment_count, 0)
        action = self.customer.action_view_installed_equipment()
        self.assertEqual(len(self.env["installed.equipment"].search(action["domain"])), 2)


@tagged("post_install", "-at_install")
class TestSequenceBatch(TransactionCase):
    def test_batch_numbers_follow_the_sequence_in_one_query(self):
        Sequence = self.env["ir.sequence"]
        Sequence.create({"name": "Batch", "code": "test.batch", "prefix": "B/", "padding": 4})
        first = Sequence.next_by_code("test.batch")
        Sequence._next_by_code_batch("test.batch", 2)
        with self.assertQueryCount(2):
            numbers = Sequence._next_by_code_batch("test.batch", 50)
        self.assertEqual(first, "B/0001")
        self.assertEqual(numbers[0], "B/0004")
        self.assertEqual(numbers[-1], "B/0053")
        self.assertEqual(len(set(numbers)), 50)
        self.assertEqual(Sequence.next_by_code("test.batch"), "B/0054")

    def test_batch_numbers_interpolate_prefix_and_suffix_as_next_by_code(self):
        Sequence = self.env["ir.sequence"]
        Sequence.create(
            {
                "name": "Dated",
                "code": "test.dated",
                "prefix": "D%(year)s/",
                "suffix": "-%(month)s",
                "padding": 3,
            }
        )
        first = Sequence.next_by_code("test.dated")
        numbers = Sequence._next_by_code_batch("test.dated", 2)
        self.assertEqual(numbers, [first.replace("001", "002"), first.replace("001", "003")])
        self.assertRegex(first, r"^D\d{4}/001-\d{2}$")

    def test_no_gap_and_missing_sequences(self):
        Sequence = self.env["ir.sequence"]
        Sequence.create({"name": "No gap", "code": "test.nogap", "implementation": "no_gap", "padding": 2})
        self.assertEqual(Sequence._next_by_code_batch("test.nogap", 3), ["01", "02", "03"])
        self.assertEqual(Sequence._next_by_code_batch("test.unknown", 2), [False, False])
        self.assertEqual(Sequence._next_by_code_batch("test.nogap", 0), [])
