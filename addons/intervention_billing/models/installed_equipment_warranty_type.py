from odoo import api, fields, models
from odoo.exceptions import ValidationError

COVER_FIELDS = ("parts_cover", "labour_cover", "travel_cover")


class InstalledEquipmentWarrantyType(models.Model):
    """What a warranty pays for: a share of the parts, of the labour and of the travel of the
    visits made while it runs."""

    _inherit = "installed.equipment.warranty.type"

    parts_cover = fields.Float(
        string="Parts Covered (%)",
        digits=(5, 2),
        help="Share of the parts' price the warranty pays.",
    )
    labour_cover = fields.Float(
        string="Labour Covered (%)",
        digits=(5, 2),
        help="Share of the labour's price the warranty pays: the time spent, the labour products "
        "and categories below (other services, such as a maintenance visit, are not covered).",
    )
    travel_cover = fields.Float(
        string="Travel Covered (%)",
        digits=(5, 2),
        help="Share of the travel's price the warranty pays: the travel time, the travel products "
        "and categories below.",
    )
    labour_product_ids = fields.Many2many(
        "product.product",
        "warranty_type_labour_product_rel",
        string="Labour Products",
        help="Products billed as labour (the time spent of the templates always is).",
    )
    labour_categ_ids = fields.Many2many(
        "product.category",
        "warranty_type_labour_categ_rel",
        string="Labour Categories",
    )
    travel_product_ids = fields.Many2many(
        "product.product",
        "warranty_type_travel_product_rel",
        string="Travel Products",
        help="Products billed as travel (the travel time of the templates always is).",
    )
    travel_categ_ids = fields.Many2many(
        "product.category",
        "warranty_type_travel_categ_rel",
        string="Travel Categories",
    )

    @api.constrains(*COVER_FIELDS)
    def _check_cover_percent(self):
        for warranty_type in self:
            for name in COVER_FIELDS:
                if not 0.0 <= warranty_type[name] <= 100.0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of warranty type %(name)s must be between 0 and 100.",
                            field=self._fields[name].get_description(self.env, ["string"])["string"],
                            name=warranty_type.name,
                        )
                    )

    def write(self, vals):
        result = super().write(vals)
        if {
            *COVER_FIELDS,
            "labour_product_ids",
            "labour_categ_ids",
            "travel_product_ids",
            "travel_categ_ids",
        } & vals.keys():
            self._get_billing_lines_to_refresh()._refresh_cover()
        return result

    def _get_billing_lines_to_refresh(self):
        """The unbilled lines of the requests and appointments of the units of these types."""
        equipment = (
            self.env["installed.equipment"]
            .sudo()
            .with_context(active_test=False)
            .search([("warranty_type_id", "in", self.ids)])
        )
        if not equipment:
            return self.env["intervention.billing.line"]
        return (
            self.env["intervention.billing.line"]
            .sudo()
            .search(
                [
                    ("billing_state", "=", "to_bill"),
                    "|",
                    ("appointment_id.equipment_id", "in", equipment.ids),
                    ("request_id.equipment_id", "in", equipment.ids),
                ]
            )
        )

    @staticmethod
    def _in_categories(product, categories):
        path = product.categ_id.parent_path or ""
        return any(path.startswith(category.parent_path) for category in categories)

    def _get_line_kind(self, line):
        """ "parts", "labour", "travel" or "other" (a service the warranty does not pay, such as
        a maintenance visit): what ``line`` bills, for this warranty type."""
        self.ensure_one()
        product = line.product_id
        document = line._get_document()
        template = document.template_id if document else False
        if (
            line.time_type == "travel"
            or (template and product == template.travel_product_id)
            or product in self.travel_product_ids
            or self._in_categories(product, self.travel_categ_ids)
        ):
            return "travel"
        if (
            line.time_type == "actual"
            or (template and product == template.time_product_id)
            or product in self.labour_product_ids
            or self._in_categories(product, self.labour_categ_ids)
        ):
            return "labour"
        return "other" if product.type == "service" else "parts"
