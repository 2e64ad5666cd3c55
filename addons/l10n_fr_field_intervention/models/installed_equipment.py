from odoo import fields, models

# Categories of installed_base whose maintenance visit ends with a certificate.
BOILER_CATEGORY = "installed_base.category_boiler"
STOVE_CATEGORIES = (
    "installed_base.category_wood_stove",
    "installed_base.category_pellet_stove",
    "installed_base.category_insert",
)


class InstalledEquipment(models.Model):
    _inherit = "installed.equipment"

    certificate_ids = fields.One2many("intervention.certificate", "equipment_id", string="Certificates")

    def _get_certificate_layout(self):
        """The regulatory certificate a maintenance visit of this unit ends with: the boiler
        maintenance certificate for a boiler, the sweeping certificate for a stove or an insert
        with a flue; False otherwise."""
        self.ensure_one()
        category = self.category_id.get_external_id().get(self.category_id.id, "")
        if category == BOILER_CATEGORY:
            return "boiler_certificate"
        if category in STOVE_CATEGORIES and self.flue_type_id:
            return "sweeping_certificate"
        return False

    def _get_maintenance_template(self, company=None):
        """A unit that needs a certificate is maintained by the template that prints it."""
        layout = self._get_certificate_layout()
        if not layout:
            return super()._get_maintenance_template(company)
        company = company or self.env.company
        return self.env["intervention.template"].search(
            [
                ("intervention_type", "=", "maintenance"),
                ("report_layout", "=", layout),
                ("company_id", "in", [company.id, False]),
            ],
            limit=1,
        )
