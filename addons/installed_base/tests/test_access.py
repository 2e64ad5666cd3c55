from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import InstalledBaseCommon


@tagged("post_install", "-at_install")
class TestInstalledBaseAccess(InstalledBaseCommon):
    def test_salesman_reads_creates_and_writes_but_cannot_delete(self):
        Equipment = self.env["installed.equipment"].with_user(self.salesman)
        equipment = Equipment.create({"product_id": self.stove.id, "partner_id": self.customer.id})
        equipment.condition = "good"
        self.assertEqual(equipment.condition, "good")
        with self.assertRaises(AccessError):
            equipment.unlink()

    def test_salesman_cannot_configure_lists(self):
        with self.assertRaises(AccessError):
            self.env["installed.equipment.brand"].with_user(self.salesman).create({"name": "Brand X"})
        brand = self.env["installed.equipment.brand"].create({"name": "Brand Y"})
        self.assertEqual(brand.with_user(self.salesman).name, "Brand Y")

    def test_sales_manager_configures_lists_and_deletes(self):
        Brand = self.env["installed.equipment.brand"].with_user(self.sales_manager)
        brand = Brand.create({"name": "Brand X"})
        self.assertEqual(brand.name, "Brand X")
        equipment = self._create_equipment().with_user(self.sales_manager)
        equipment.unlink()
        self.assertFalse(equipment.exists())

    def test_internal_user_without_sales_rights_has_no_access(self):
        employee = new_test_user(self.env, login="ib_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["installed.equipment"].with_user(employee).search([])

    def test_portal_user_has_no_access(self):
        portal = new_test_user(self.env, login="ib_portal", groups="base.group_portal")
        equipment = self._create_equipment()
        with self.assertRaises(AccessError):
            equipment.with_user(portal).read(["serial_number"])

    def test_multi_company_isolation(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        user_b = new_test_user(
            self.env,
            login="ib_salesman_b",
            groups="sales_team.group_sale_salesman",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        equipment_a = self._create_equipment(serial_number="A-1")
        customer_b = self.env["res.partner"].create({"name": "Customer B", "company_id": company_b.id})
        equipment_b = (
            self.env["installed.equipment"]
            .with_user(user_b)
            .create(
                {
                    "product_id": self.stove.id,
                    "partner_id": customer_b.id,
                }
            )
        )
        self.assertEqual(equipment_b.company_id, company_b)
        visible = self.env["installed.equipment"].with_user(user_b).search([])
        self.assertIn(equipment_b, visible)
        self.assertNotIn(equipment_a, visible)
        with self.assertRaises(AccessError):
            equipment_a.with_user(user_b).read(["serial_number"])
