from odoo import Command
from odoo.addons.intervention_billing.tests.common import TECHNICIAN, InterventionBillingCase
from odoo.tests import new_test_user

EDIT_DONE = "field_intervention.group_intervention_edit_done"


class InterventionStockCase(InterventionBillingCase):
    """The billing case with a warehouse, two technicians with their vans, parts (a gasket, a
    serial-tracked stove, lot-tracked pellet bags) and what the vans hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"intervention_time_tracking": "none", "intervention_time_tracking_required": False}
        )
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.technician_2 = new_test_user(cls.env, "is_tech_2", groups=TECHNICIAN, name="Léa Tech", **common)
        cls.edit_done = new_test_user(cls.env, "is_edit_done", groups=f"{TECHNICIAN},{EDIT_DONE}", **common)
        cls.stock_user = new_test_user(cls.env, "is_stock", groups="stock.group_stock_user", **common)
        cls.van, cls.van_2 = cls.env["stock.location"].create(
            [
                {
                    "name": "Van Paul",
                    "usage": "internal",
                    "location_id": cls.warehouse.intervention_van_location_id.id,
                    "intervention_van_technician_id": cls.technician.id,
                },
                {
                    "name": "Van Léa",
                    "usage": "internal",
                    "location_id": cls.warehouse.intervention_van_location_id.id,
                    "intervention_van_technician_id": cls.technician_2.id,
                },
            ]
        )
        cls.gasket, cls.stove, cls.pellets = cls.env["product.product"].create(
            [
                {
                    "name": "Flue gasket",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 9.5,
                    "taxes_id": [Command.set(cls.tax_20.ids)],
                },
                {
                    "name": "Pellet stove Ego",
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                    "list_price": 2990.0,
                    "taxes_id": [Command.set(cls.tax_5_5.ids)],
                },
                {
                    "name": "Pellet bag 15 kg",
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "lot",
                    "list_price": 7.0,
                    "taxes_id": [Command.set(cls.tax_20.ids)],
                },
            ]
        )
        cls.serial_1, cls.serial_2, cls.pellet_lot = cls.env["stock.lot"].create(
            [
                {"name": "EGO-0001", "product_id": cls.stove.id},
                {"name": "EGO-0002", "product_id": cls.stove.id},
                {"name": "PEL-2026-11", "product_id": cls.pellets.id},
            ]
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.gasket, cls.van, 10.0)
        Quant._update_available_quantity(cls.gasket, cls.stock_location, 100.0)
        Quant._update_available_quantity(cls.stove, cls.van, 1.0, lot_id=cls.serial_1)
        Quant._update_available_quantity(cls.stove, cls.stock_location, 1.0, lot_id=cls.serial_2)
        Quant._update_available_quantity(cls.pellets, cls.van, 20.0, lot_id=cls.pellet_lot)
        cls.old_stove = cls.env["installed.equipment"].create(
            {
                "product_id": cls.product_installation.id,
                "model_name": "Old wood stove",
                "serial_number": "OLD-77",
                "partner_id": cls.customer_a.id,
                "condition": "used",
            }
        )

    @classmethod
    def _create_parts_appointment(cls, parts, technician=None, **values):
        """A confirmed appointment of ``technician`` with ``parts``: (product, quantity[, lot
        [, extra values]]) tuples."""
        appointment = cls._create_appointment(
            technician_ids=[Command.set((technician or cls.technician).ids)],
            billing_line_ids=[
                Command.create(
                    {
                        "product_id": part[0].id,
                        "quantity": part[1],
                        "lot_id": part[2].id if len(part) > 2 and part[2] else False,
                        **(part[3] if len(part) > 3 else {}),
                    }
                )
                for part in parts
            ],
            **values,
        )
        appointment.action_confirm()
        return appointment

    def _van_quantity(self, product, van=None, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            product, van or self.van, lot_id=lot, strict=bool(lot), allow_negative=True
        )
