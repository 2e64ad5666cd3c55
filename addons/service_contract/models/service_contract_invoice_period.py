import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .service_contract import is_system_write


class ServiceContractInvoicePeriod(models.Model):
    """One billed period of a contract. The unique key (contract, period start) is what makes
    invoicing idempotent: a period can be claimed once, whatever the number of workers; the
    exclusion constraint keeps two periods of a contract from covering the same day."""

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
    _dates_check = models.Constraint(
        "CHECK (period_end >= period_start)",
        "An invoiced period cannot end before it starts.",
    )
    # Built-in range types and their GiST operator classes: no btree_gist extension needed. The
    # contract is compared as a one-value range, as btree equality has no GiST class of its own.
    _contract_period_no_overlap = models.Constraint(
        "EXCLUDE USING gist (int4range(contract_id, contract_id, '[]') WITH =, "
        "daterange(period_start, period_end, '[]') WITH &&)",
        "This period overlaps a period of the contract already invoiced.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_system_write(self.env):
            raise UserError(
                self.env._(
                    "Invoiced periods are recorded by the contract's invoicing only (its scheduled action "
                    "or its Generate invoice now button).",
                )
            )
        try:
            with self.env.cr.savepoint():
                return super().create(vals_list)
        except psycopg2.errors.ExclusionViolation:
            raise ValidationError(self._get_overlap_message(vals_list)) from None

    def write(self, vals):
        if not is_system_write(self.env):
            raise UserError(
                self.env._(
                    "Invoiced periods are recorded by the contract's invoicing only and cannot be changed.",
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        # A deleted period is billed again by the next run: only when its invoice is gone.
        for period in self:
            if period.sudo().move_id and period.sudo().move_id.state != "cancel":
                raise UserError(
                    self.env._(
                        "The period %(start)s to %(end)s of contract %(contract)s has its invoice "
                        "%(invoice)s: cancel the invoice before deleting the period.",
                        start=format_date(self.env, period.period_start),
                        end=format_date(self.env, period.period_end),
                        contract=period.contract_id.name,
                        invoice=period.sudo().move_id.display_name,
                    )
                )

    @api.model
    def _get_overlap_message(self, vals_list):
        """Name the first new period that overlaps one already recorded, and that one."""
        for vals in vals_list:
            start, end = fields.Date.to_date(vals["period_start"]), fields.Date.to_date(vals["period_end"])
            existing = self.sudo().search(
                [
                    ("contract_id", "=", vals["contract_id"]),
                    ("period_start", "<=", end),
                    ("period_end", ">=", start),
                ],
                limit=1,
            )
            if existing:
                return self.env._(
                    "Contract %(contract)s: the period %(start)s to %(end)s overlaps the period "
                    "%(other_start)s to %(other_end)s already invoiced; it is not invoiced again.",
                    contract=existing.contract_id.name,
                    start=format_date(self.env, start),
                    end=format_date(self.env, end),
                    other_start=format_date(self.env, existing.period_start),
                    other_end=format_date(self.env, existing.period_end),
                )
        return self.env._("This period overlaps a period of the contract already invoiced.")
