from odoo import fields, models
from odoo.fields import Command


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    intervention_billing_line_ids = fields.Many2many(
        "intervention.billing.line",
        "intervention_billing_line_sale_line_rel",
        "sale_line_id",
        "billing_line_id",
        string="Intervention Billing Lines",
        readonly=True,
        copy=False,
    )

    def _prepare_invoice_line(self, **optional_values):
        # The invoice of a quotation made from a request bills the request's lines too.
        values = super()._prepare_invoice_line(**optional_values)
        if self.intervention_billing_line_ids and not self.display_type:
            values["intervention_billing_line_ids"] = [
                Command.set(self.intervention_billing_line_ids.ids),
            ]
        return values
