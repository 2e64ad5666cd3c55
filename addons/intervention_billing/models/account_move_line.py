from odoo import fields, models
from odoo.fields import Command


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    intervention_billing_line_ids = fields.Many2many(
        "intervention.billing.line",
        "intervention_billing_line_invoice_line_rel",
        "invoice_line_id",
        "billing_line_id",
        string="Intervention Billing Lines",
        readonly=True,
        copy=False,
    )

    def _copy_data_extend_business_fields(self, values):
        # A credit note keeps the link: it cancels out the invoiced quantity and frees the lines.
        result = super()._copy_data_extend_business_fields(values)
        values["intervention_billing_line_ids"] = [Command.set(self.intervention_billing_line_ids.ids)]
        return result
