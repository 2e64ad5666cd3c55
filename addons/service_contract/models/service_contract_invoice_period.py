from odoo import fields, models


class ServiceContractInvoicePeriod(models.Model):
    """One billed period of a contract. The unique key (contract, period start) is what makes
    invoicing idempotent: a period can be claimed once, whatever the number of workers."""

    _name = "service.contract.invoice.period"
    _description = "Service Contract Invoiced Period"
    _order = "period_start desc"
    _check_company_auto = True

    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    invoice_date = fields.Date(required=True)
    move_id = fields.Many2one("account.move", string="Invoice", ondelete="set null", index="btree_not_null")

    _contract_period_uniq = models.Constraint(
        "UNIQUE (contract_id, period_start)",
        "This period of the contract is already invoiced.",
    )
