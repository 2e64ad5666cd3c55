from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InstalledEquipmentOptionMixin(models.AbstractModel):
    """Shared shape of the short configurable lists used on equipment."""

    _name = "installed.equipment.option.mixin"
    _description = "Installed Equipment Configurable List"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "This name already exists in the list.")


class InstalledEquipmentBrand(models.Model):
    _name = "installed.equipment.brand"
    _inherit = ["installed.equipment.option.mixin"]
    _description = "Equipment Brand"


class InstalledEquipmentCategory(models.Model):
    _name = "installed.equipment.category"
    _inherit = ["installed.equipment.option.mixin"]
    _description = "Equipment Category"


class InstalledEquipmentInstallationType(models.Model):
    _name = "installed.equipment.installation.type"
    _inherit = ["installed.equipment.option.mixin"]
    _description = "Installation Type"


class InstalledEquipmentFlueType(models.Model):
    _name = "installed.equipment.flue.type"
    _inherit = ["installed.equipment.option.mixin"]
    _description = "Flue Type"


class InstalledEquipmentAirSupplyType(models.Model):
    _name = "installed.equipment.air.supply.type"
    _inherit = ["installed.equipment.option.mixin"]
    _description = "Air Supply Type"


class InstalledEquipmentWarrantyType(models.Model):
    _name = "installed.equipment.warranty.type"
    _inherit = ["installed.equipment.option.mixin"]
    _description = "Warranty Type"

    duration_months = fields.Integer(
        string="Duration (months)",
        required=True,
        default=24,
        help="Length of the warranty, counted from the installation date (or the sale date).",
    )

    @api.constrains("duration_months")
    def _check_duration_months(self):
        for warranty_type in self:
            if warranty_type.duration_months < 0:
                raise ValidationError(
                    self.env._(
                        "Duration (months) of warranty type %(name)s cannot be negative.",
                        name=warranty_type.name,
                    )
                )
