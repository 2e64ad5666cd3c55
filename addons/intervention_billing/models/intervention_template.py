from odoo import api, fields, models
from odoo.exceptions import ValidationError


class InterventionTemplate(models.Model):
    _inherit = "intervention.template"

    bill_actual_time = fields.Boolean(
        help="Generate Invoices adds the actual duration of the appointment, in hours, with the "
        "time product.",
    )
    time_product_id = fields.Many2one(
        "product.product",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        help="Service product, sold by the hour, that bills the time spent on site.",
    )
    bill_travel_time = fields.Boolean(
        help="Generate Invoices adds the travel time of the appointment, in hours, with the travel product.",
    )
    travel_product_id = fields.Many2one(
        "product.product",
        check_company=True,
        domain="[('type', '=', 'service'), ('sale_ok', '=', True)]",
        help="Service product, sold by the hour, that bills the travel time.",
    )

    @api.constrains("bill_actual_time", "time_product_id", "bill_travel_time", "travel_product_id")
    def _check_time_products(self):
        for template in self:
            if template.bill_actual_time and not template.time_product_id:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s bills the actual time: set its Time Product.",
                        template=template.name,
                    )
                )
            if template.bill_travel_time and not template.travel_product_id:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s bills the travel time: set its Travel Product.",
                        template=template.name,
                    )
                )
