from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .service_contract import field_label, is_system_write, is_unchanged


class ServiceContractLine(models.Model):
    _name = "service.contract.line"
    _inherit = ["intervention.billing.price.mixin"]
    _description = "Service Contract Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True
    _price_fields = frozenset({"price_unit", "price_subtotal"})

    contract_id = fields.Many2one("service.contract", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Text(
        string="Description",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        help="Price of a whole invoicing period.",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        check_company=True,
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    equipment_id = fields.Many2one(
        "installed.equipment",
        check_company=True,
        domain="[('id', 'in', parent.equipment_ids)]",
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", currency_field="currency_id")

    _quantity_check = models.Constraint(
        "CHECK (quantity >= 0)", "The quantity of a contract line cannot be negative."
    )

    # ------------------------------------------------------------------
    # Who may change what
    # ------------------------------------------------------------------

    @api.model
    def _get_system_fields(self):
        """Fields users never write: those the model declares read-only (related to the
        contract, computed)."""
        return {
            name
            for name, field in self._fields.items()
            if field.readonly and name not in models.MAGIC_COLUMNS
        }

    def _check_contract_open(self, contracts):
        ended = contracts.filtered(lambda contract: contract.state in ("closed", "cancelled"))
        if ended:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is closed or cancelled: its lines can no longer change.",
                    contract=ended[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_system_write(self.env):
            system = self._get_system_fields()
            for vals in vals_list:
                refused = {name for name in vals if name in system and vals[name]}
                if refused:
                    raise UserError(
                        self.env._(
                            "%(fields)s of a contract line follow its contract: leave them out.",
                            fields=", ".join(field_label(self, name) for name in sorted(refused)),
                        )
                    )
            self._check_contract_open(
                self.env["service.contract"].browse(
                    {vals.get("contract_id") for vals in vals_list if vals.get("contract_id")},
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not is_system_write(self.env):
            ruled = set(vals) & (self._get_system_fields() | {"contract_id"})
            for line in self:
                changed = {name for name in ruled if not is_unchanged(line.sudo(), name, vals[name])}
                if changed:
                    raise UserError(
                        self.env._(
                            "Contract line %(line)s: %(fields)s cannot be changed; a line stays on its "
                            "contract and follows it.",
                            line=line.name,
                            fields=", ".join(field_label(self, name) for name in sorted(changed)),
                        )
                    )
            self._check_contract_open(self.contract_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_contract_ended(self):
        self._check_contract_open(self.contract_id)

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.with_context(lang=line.contract_id.partner_id.lang).display_name

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.product_id:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id", "company_id", "contract_id.fiscal_position_id")
    def _compute_tax_ids(self):
        # The product's taxes through the contract's fiscal position, as a sales order line shows
        # them; the invoice maps them again, which changes nothing (a replacement maps to itself).
        for line in self:
            taxes = line.product_id.taxes_id.filtered_domain(
                self.env["account.tax"]._check_company_domain(line.company_id or self.env.company),
            )
            line.tax_ids = line.contract_id.fiscal_position_id.map_tax(taxes) if taxes else taxes

    @api.depends("quantity", "price_unit")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                line.currency_id.round(line.quantity * line.price_unit) if line.currency_id else 0.0
            )

    def _prepare_invoice_line_values(self, period):
        """Invoice line billing this contract line over ``period``; its name states the period and
        a first or last partial period is billed pro rata of its days."""
        self.ensure_one()
        contract = self.contract_id
        env = self.with_context(lang=contract.partner_id.lang).env
        name = env._(
            "%(description)s — %(start)s to %(end)s",
            description=self.name,
            start=format_date(env, period["start"]),
            end=format_date(env, period["end"]),
        )
        if period["prorata"] != 1:
            name += env._(" (prorated %(percent)s%%)", percent=round(period["prorata"] * 100, 2))
        name += self._get_revision_invoice_note(period)
        return {
            "display_type": "product",
            "product_id": self.product_id.id,
            "name": name,
            "quantity": self.quantity,
            "price_unit": self.price_unit * period["prorata"],
            "tax_ids": [fields.Command.set(contract.fiscal_position_id.map_tax(self.tax_ids).ids)],
        }
