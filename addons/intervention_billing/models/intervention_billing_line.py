from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_compare

BILLING_STATES = [
    ("to_bill", "To Bill"),
    ("quoted", "Quoted"),
    ("invoiced", "Invoiced"),
]


class InterventionBillingLine(models.Model):
    _name = "intervention.billing.line"
    _description = "Intervention Billing Line"
    _inherit = ["batch.company.check.mixin", "intervention.billing.price.mixin", "system.field.mixin"]
    _order = "sequence, id"
    _check_company_auto = True
    _price_fields = frozenset(
        {
            "price_unit",
            "technical_price_unit",
            "pricelist_item_id",
            "discount",
            "price_subtotal",
            "price_tax",
            "price_total",
        }
    )

    # A line belongs to one document: a request, or an appointment. Lines carried from a request
    # to its appointments keep a link to their origin: the origin and its copies are billed once.
    request_id = fields.Many2one(
        "intervention.request",
        ondelete="cascade",
        index="btree_not_null",
        check_company=True,
    )
    appointment_id = fields.Many2one(
        "intervention.appointment",
        ondelete="cascade",
        index="btree_not_null",
        check_company=True,
    )
    origin_line_id = fields.Many2one(
        "intervention.billing.line",
        string="Request Line",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The request line this appointment line was carried from; they are billed once.",
    )
    carried_line_ids = fields.One2many(
        "intervention.billing.line",
        "origin_line_id",
        string="Carried to Appointments",
    )
    time_type = fields.Selection(
        [("actual", "Actual Time"), ("travel", "Travel Time")],
        readonly=True,
        copy=False,
        help="Set on the lines that bill the time spent or the travel time of an appointment.",
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        index=True,
    )
    name = fields.Text(
        string="Description",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        domain="[('id', 'in', allowed_uom_ids)]",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    allowed_uom_ids = fields.Many2many("uom.uom", compute="_compute_allowed_uom_ids")
    pricelist_item_id = fields.Many2one(
        "product.pricelist.item",
        compute="_compute_pricelist_item_id",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    # The price the pricelist gave: a different price_unit was typed by hand and stays.
    technical_price_unit = fields.Float()
    discount = fields.Float(
        string="Discount (%)",
        digits="Discount",
        compute="_compute_discount",
        store=True,
        readonly=False,
        precompute=True,
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        check_company=True,
        context={"active_test": False, "hide_original_tax_ids": True},
        domain="[('type_tax_use', '=', 'sale')]",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_subtotal = fields.Monetary(
        string="Subtotal",
        compute="_compute_amount",
        store=True,
        precompute=True,
    )
    price_tax = fields.Monetary(
        string="Total Tax",
        compute="_compute_amount",
        store=True,
        precompute=True,
    )
    price_total = fields.Monetary(
        string="Total",
        compute="_compute_amount",
        store=True,
        precompute=True,
    )
    invoice_line_ids = fields.Many2many(
        "account.move.line",
        "intervention_billing_line_invoice_line_rel",
        "billing_line_id",
        "invoice_line_id",
        string="Invoice Lines",
        readonly=True,
        copy=False,
    )
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        "intervention_billing_line_sale_line_rel",
        "billing_line_id",
        "sale_line_id",
        string="Sales Order Lines",
        readonly=True,
        copy=False,
    )
    billing_state = fields.Selection(
        BILLING_STATES,
        string="Billing Status",
        compute="_compute_billing_state",
        store=True,
        index=True,
        help="To Bill: nothing bills the line yet. Quoted: a quotation or sales order holds it. "
        "Invoiced: an invoice bills it (a credit note frees it again). A line carried from a "
        "request to its appointments shares their status.",
    )

    # ------------------------------------------------------------------
    # Document of the line
    # ------------------------------------------------------------------

    def _get_document(self):
        """The request or appointment that prices the line."""
        self.ensure_one()
        return self.appointment_id or self.request_id

    def _get_billing_family(self):
        """The lines billed together with these: their request line and all its copies."""
        origins = self.origin_line_id | self.filtered(lambda line: not line.origin_line_id)
        return origins | origins.carried_line_ids

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("request_id.company_id", "appointment_id.company_id")
    def _compute_company_id(self):
        for line in self:
            document = line.appointment_id or line.request_id
            line.company_id = document.company_id or line.company_id or self.env.company

    @api.depends("request_id.currency_id", "appointment_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for line in self:
            document = line.appointment_id or line.request_id
            line.currency_id = document.currency_id or line.company_id.currency_id

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if not line.product_id:
                continue
            partner = (line.appointment_id or line.request_id).partner_id
            line.name = line._get_product_description(partner.lang or self.env.lang)

    def _get_product_description(self, lang):
        """The product's text a line copies, in ``lang`` (the customer's)."""
        self.ensure_one()
        return self.product_id.with_context(lang=lang).get_product_multiline_description_sale()

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or line.product_uom_id != line.product_id.uom_id:
                line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id", "product_id.uom_id", "product_id.uom_ids")
    def _compute_allowed_uom_ids(self):
        for line in self:
            line.allowed_uom_ids = line.product_id.uom_id | line.product_id.uom_ids

    @api.depends(
        "product_id",
        "product_uom_id",
        "quantity",
        "request_id.pricelist_id",
        "appointment_id.pricelist_id",
    )
    def _compute_pricelist_item_id(self):
        for line in self:
            pricelist = line._get_document().pricelist_id if line._get_document() else False
            if not line.product_id or not pricelist:
                line.pricelist_item_id = False
            else:
                line.pricelist_item_id = pricelist._get_product_rule(
                    product=line.product_id,
                    **line._get_pricelist_kwargs(),
                )

    @api.depends(
        "product_id",
        "company_id",
        "request_id.fiscal_position_id",
        "appointment_id.fiscal_position_id",
    )
    def _compute_tax_ids(self):
        for line in self:
            if line.billing_state in ("quoted", "invoiced"):
                continue
            company = line.company_id or self.env.company
            taxes = line.product_id.taxes_id._filter_taxes_by_company(company)
            document = line.appointment_id or line.request_id
            fiscal_position = document.fiscal_position_id
            line.tax_ids = fiscal_position.map_tax(taxes) if taxes else False

    @api.depends(
        "product_id",
        "product_uom_id",
        "quantity",
        "request_id.pricelist_id",
        "appointment_id.pricelist_id",
        "request_id.fiscal_position_id",
        "appointment_id.fiscal_position_id",
    )
    def _compute_price_unit(self):
        for line in self:
            currency = line.currency_id or line.company_id.currency_id or self.env.company.currency_id
            typed_by_hand = currency.compare_amounts(line.technical_price_unit, line.price_unit)
            if typed_by_hand or line.billing_state in ("quoted", "invoiced"):
                continue
            if not line.product_id or not line.product_uom_id or not line._get_document():
                line.price_unit = line.technical_price_unit = 0.0
                continue
            line = line.with_company(line.company_id)
            product_taxes = line.product_id.taxes_id._filter_taxes_by_company(line.company_id)
            price_unit = line.product_id._get_tax_included_unit_price_from_price(
                line._get_display_price(),
                product_taxes=product_taxes,
                fiscal_position=line._get_document().fiscal_position_id,
            )
            line.update({"price_unit": price_unit, "technical_price_unit": price_unit})

    @api.depends(
        "product_id",
        "product_uom_id",
        "quantity",
        "request_id.pricelist_id",
        "appointment_id.pricelist_id",
    )
    def _compute_discount(self):
        discount_enabled = self.env["product.pricelist.item"]._is_discount_feature_enabled()
        for line in self:
            if line.billing_state in ("quoted", "invoiced"):
                continue
            if not line.product_id:
                line.discount = 0.0
                continue
            document = line._get_document()
            # Without a pricelist discount, a discount typed by hand stays, as on orders.
            if not (discount_enabled and document and document.pricelist_id):
                continue
            line.discount = 0.0
            if not line.pricelist_item_id._show_discount():
                continue
            line = line.with_company(line.company_id)
            pricelist_price = line._get_pricelist_price()
            base_price = line._get_pricelist_price_before_discount()
            if base_price:
                discount = (base_price - pricelist_price) / base_price * 100
                # A negative discount is a surcharge: it stays in the unit price, as on orders.
                if (discount > 0 and base_price > 0) or (discount < 0 and base_price < 0):
                    line.discount = discount

    @api.depends("quantity", "discount", "price_unit", "tax_ids", "currency_id")
    def _compute_amount(self):
        AccountTax = self.env["account.tax"]
        for line in self:
            company = line.company_id or self.env.company
            base_line = line._prepare_base_line_for_taxes_computation()
            AccountTax._add_tax_details_in_base_line(base_line, company)
            AccountTax._round_base_lines_tax_details([base_line], company)
            line.price_subtotal = base_line["tax_details"]["total_excluded_currency"]
            line.price_total = base_line["tax_details"]["total_included_currency"]
            line.price_tax = line.price_total - line.price_subtotal

    @api.depends(
        "invoice_line_ids.parent_state",
        "invoice_line_ids.quantity",
        "sale_line_ids.state",
        "origin_line_id.invoice_line_ids.parent_state",
        "origin_line_id.sale_line_ids.state",
        "carried_line_ids.invoice_line_ids.parent_state",
        "carried_line_ids.sale_line_ids.state",
        "origin_line_id.carried_line_ids.invoice_line_ids.parent_state",
        "origin_line_id.carried_line_ids.sale_line_ids.state",
    )
    def _compute_billing_state(self):
        # One query per relation for the whole batch, not per family.
        families = self._get_billing_family()
        families.invoice_line_ids.mapped("parent_state")
        families.sale_line_ids.mapped("state")
        for line in self:
            family = line._get_billing_family()
            if family._get_invoiced_quantity() > 0:
                line.billing_state = "invoiced"
            elif family._get_active_sale_lines():
                line.billing_state = "quoted"
            else:
                line.billing_state = "to_bill"

    # ------------------------------------------------------------------
    # Pricing, as sale.order.line does it
    # ------------------------------------------------------------------

    def _get_pricelist_kwargs(self):
        document = self._get_document()
        date = document.date_start if document else False
        return {
            "quantity": self.quantity or 1.0,
            "uom": self.product_uom_id,
            "date": date or fields.Date.context_today(self),
            "currency": self.currency_id or self.company_id.currency_id,
        }

    def _get_display_price(self):
        """Unit price before the pricelist discount when it is shown apart, as on orders."""
        self.ensure_one()
        pricelist_price = self._get_pricelist_price()
        if not self.pricelist_item_id._show_discount():
            return pricelist_price
        return max(self._get_pricelist_price_before_discount(), pricelist_price)

    def _get_pricelist_price(self):
        self.ensure_one()
        return self.pricelist_item_id._compute_price(
            product=self.product_id,
            **self._get_pricelist_kwargs(),
        )

    def _get_pricelist_price_before_discount(self):
        self.ensure_one()
        return self.pricelist_item_id._compute_price_before_discount(
            product=self.product_id,
            **self._get_pricelist_kwargs(),
        )

    def _prepare_base_line_for_taxes_computation(self, **kwargs):
        """The line as the tax engine (``account.tax``) reads it."""
        self.ensure_one()
        document = self._get_document()
        company = self.company_id or self.env.company
        currency = self.currency_id or company.currency_id
        rate = (
            self.env["res.currency"]._get_conversion_rate(
                company.currency_id,
                currency,
                company,
                document.date_start if document else None,
            )
            if currency != company.currency_id
            else 1.0
        )
        return self.env["account.tax"]._prepare_base_line_for_taxes_computation(
            self,
            **{
                "tax_ids": self.tax_ids,
                "quantity": self.quantity,
                "partner_id": document.partner_id if document else self.env["res.partner"],
                "currency_id": currency,
                "rate": rate,
                **kwargs,
            },
        )

    # ------------------------------------------------------------------
    # Billing status
    # ------------------------------------------------------------------

    def _get_active_invoice_lines(self):
        """Invoice and credit note lines that bill these lines and are not cancelled."""
        return self.invoice_line_ids.filtered(lambda aml: aml.parent_state != "cancel")

    def _get_invoiced_quantity(self):
        """Quantity invoiced minus quantity credited: a credit note frees the lines again."""
        quantity = sum(
            aml.quantity * (-1 if aml.move_id.move_type == "out_refund" else 1)
            for aml in self._get_active_invoice_lines()
        )
        precision = self.env["decimal.precision"].precision_get("Product Unit")
        return quantity if float_compare(quantity, 0.0, precision_digits=precision) > 0 else 0.0

    def _get_active_sale_lines(self):
        return self.sale_line_ids.filtered(lambda sol: sol.state != "cancel")

    def _get_billing_references(self):
        """Names of the quotations and invoices that bill these lines' families."""
        family = self._get_billing_family()
        invoices = family._get_active_invoice_lines().move_id.filtered(
            lambda move: move.move_type == "out_invoice"
        )
        orders = family._get_active_sale_lines().order_id
        return [
            *orders.mapped("name"),
            *(
                move.name
                if move.name and move.name != "/"
                else self.env._("Draft Invoice #%(id)s", id=move.id)
                for move in invoices
            ),
        ]

    def _check_not_billed(self):
        """Refuse to bill lines that are already billed, saying where they are billed."""
        billed = self.filtered(lambda line: line.billing_state != "to_bill")
        if billed:
            details = "\n".join(
                self.env._(
                    "- %(line)s (%(document)s): billed on %(references)s",
                    line=line.product_id.display_name,
                    document=line._get_document().display_name,
                    references=", ".join(line._get_billing_references()),
                )
                for line in billed
            )
            raise UserError(
                self.env._(
                    "These lines are already billed and cannot be billed twice:\n%(details)s\n"
                    "Cancel the quotation, or issue a credit note for the invoice, to bill them again.",
                    details=details,
                )
            )

    def _lock_for_billing(self):
        """Lock the lines and their families so that two users cannot bill them at once."""
        family = self._get_billing_family()
        family.lock_for_update(allow_referencing=True)
        family.invalidate_recordset(["billing_state"])

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(
                    self.env._(
                        "The Quantity of billing line %(line)s cannot be negative.",
                        line=line.product_id.display_name,
                    )
                )

    @api.constrains("request_id", "appointment_id")
    def _check_document(self):
        if self.filtered(lambda line: not line.request_id and not line.appointment_id):
            raise ValidationError(
                self.env._(
                    "A billing line belongs to an intervention request or to an appointment.",
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A line lives on one document: an appointment line does not also show on its request.
            if vals.get("appointment_id"):
                vals["request_id"] = False
        return super().create(vals_list)

    @api.model
    def _get_system_fields(self):
        # What billed the line, and the lines carried from a request's line to its appointments,
        # are the billing's own links: a user unlinking them could bill a line twice.
        return super()._get_system_fields() | {
            "invoice_line_ids",
            "sale_line_ids",
            "origin_line_id",
            "carried_line_ids",
        }

    @api.model
    def _get_system_fields_on_create(self):
        # Scheduling a request carries its lines: the appointment's line names its origin.
        return {"origin_line_id"}

    @api.model
    def _get_protected_fields(self):
        """Fields that cannot change once a line is quoted or invoiced."""
        return {
            "product_id",
            "quantity",
            "product_uom_id",
            "price_unit",
            "discount",
            "tax_ids",
            "request_id",
            "appointment_id",
        }

    def write(self, vals):
        if self._get_protected_fields() & vals.keys():
            billed = self.filtered(lambda line: line.billing_state != "to_bill")
            if billed:
                raise UserError(
                    self.env._(
                        "Billing line %(line)s is already billed on %(references)s: it cannot be "
                        "changed. Cancel the quotation, or issue a credit note, first.",
                        line=billed[0].product_id.display_name,
                        references=", ".join(billed[0]._get_billing_references()),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        # Only the lines that hold the links: the others of their family stay billed through them.
        billed = self.filtered(
            lambda line: line._get_invoiced_quantity() > 0 or line._get_active_sale_lines()
        )
        if billed:
            raise UserError(
                self.env._(
                    "Billing line %(line)s is already billed on %(references)s: it cannot be deleted.",
                    line=billed[0].product_id.display_name,
                    references=", ".join(billed[0]._get_billing_references()),
                )
            )

    # ------------------------------------------------------------------
    # Values for other documents
    # ------------------------------------------------------------------

    def _prepare_carried_line_values(self):
        """Values of the copy of this request line on an appointment made from the request."""
        self.ensure_one()
        return {
            "origin_line_id": self.id,
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "technical_price_unit": self.technical_price_unit,
            "discount": self.discount,
            "tax_ids": [Command.set(self.tax_ids.ids)],
        }

    def _prepare_sale_order_line_values(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "product_uom_qty": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "technical_price_unit": self.technical_price_unit,
            "discount": self.discount,
            "tax_ids": [Command.set(self.tax_ids.ids)],
            "intervention_billing_line_ids": [Command.link(self.id)],
        }

    def _prepare_invoice_line_values(self, **optional_values):
        self.ensure_one()
        return {
            "display_type": "product",
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [Command.set(self.tax_ids.ids)],
            "intervention_billing_line_ids": [Command.link(self.id)],
            **optional_values,
        }
