from odoo import api, fields, models
from odoo.tools import format_date


class ServiceContractLine(models.Model):
    _name = "service.contract.line"
    _description = "Service Contract Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

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

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            line.tax_ids = line.product_id.taxes_id.filtered_domain(
                self.env["account.tax"]._check_company_domain(line.company_id or self.env.company),
            )

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
        return {
            "display_type": "product",
            "product_id": self.product_id.id,
            "name": name,
            "quantity": self.quantity,
            "price_unit": self.price_unit * period["prorata"],
            "tax_ids": [fields.Command.set(contract.fiscal_position_id.map_tax(self.tax_ids).ids)],
        }
