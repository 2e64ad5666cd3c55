from odoo.addons.field_intervention.tests.common import FieldInterventionCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestMaintenanceTemplate(FieldInterventionCase):
    def test_units_needing_a_certificate_are_maintained_by_its_template(self):
        double_wall = self.env.ref("installed_base.flue_type_double_wall")
        boiler, stove, stove_without_flue, heat_pump = self.env["installed.equipment"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product.id,
                    "serial_number": f"CERT-{index}",
                    "category_id": self.env.ref(category).id,
                    "flue_type_id": flue.id,
                }
                for index, (category, flue) in enumerate(
                    [
                        ("installed_base.category_boiler", self.env["installed.equipment.flue.type"]),
                        ("installed_base.category_pellet_stove", double_wall),
                        ("installed_base.category_wood_stove", self.env["installed.equipment.flue.type"]),
                        ("installed_base.category_heat_pump", self.env["installed.equipment.flue.type"]),
                    ]
                )
            ]
        )
        expected = {
            boiler: self.env.ref("l10n_fr_field_intervention.intervention_template_boiler_certificate"),
            stove: self.env.ref("l10n_fr_field_intervention.intervention_template_sweeping_certificate"),
            stove_without_flue: self.env["intervention.template"],
            heat_pump: self.env["intervention.template"],
        }
        for equipment, template in expected.items():
            with self.subTest(equipment=equipment.serial_number):
                self.assertEqual(equipment._get_maintenance_template(self.company), template)
