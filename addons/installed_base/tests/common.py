from odoo.tests import TransactionCase, new_test_user


class InstalledBaseCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.customer = cls.env["res.partner"].create({"name": "Jeanne Customer", "zip": "33000"})
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Holiday home",
                "parent_id": cls.customer.id,
                "type": "other",
            }
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Customer"})
        cls.stove = cls.env["product.product"].create(
            {
                "name": "Pellet stove 8 kW",
                "type": "consu",
                "list_price": 3000.0,
            }
        )
        cls.boiler = cls.env["product.product"].create(
            {
                "name": "Gas boiler 24 kW",
                "type": "consu",
                "list_price": 2500.0,
            }
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Installation labour",
                "type": "service",
                "list_price": 175.0,
            }
        )
        cls.warranty_2y = cls.env["installed.equipment.warranty.type"].create(
            {
                "name": "Test 2-year warranty",
                "duration_months": 24,
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="ib_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="ib_sales_manager",
            groups="sales_team.group_sale_manager",
        )

    def _create_equipment(self, **values):
        return self.env["installed.equipment"].create(
            {
                "product_id": self.stove.id,
                "partner_id": self.customer.id,
                **values,
            }
        )
