from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools.misc import clean_context

from .intervention_billing_price_mixin import GROUP_DISPATCHER, GROUP_INVOICE


class InterventionBillingMixin(models.AbstractModel):
    """Billing shared by requests and appointments: pricing context, totals, quotations and
    invoices, on the customer, address and company of ``intervention.job.mixin`` (which the
    models using it inherit). The models give ``billing_line_ids`` its inverse field and add only
    what differs."""

    _name = "intervention.billing.mixin"
    _inherit = ["intervention.billing.price.mixin"]
    _description = "Intervention Billing"
    _check_company_auto = True

    _price_fields = frozenset({"amount_untaxed", "amount_tax", "amount_total", "tax_totals"})

    # Extended by the models to give its inverse field (request_id, appointment_id).
    billing_line_ids = fields.One2many("intervention.billing.line", string="Billing Lines")
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
        compute="_compute_fiscal_position_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Taken from the customer and the intervention address; it maps the taxes of the billing lines.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer's pricelist gives the unit prices of the billing lines.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        compute="_compute_billing_amounts",
        store=True,
    )
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_billing_amounts", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_billing_amounts", store=True)
    tax_totals = fields.Binary(compute="_compute_tax_totals", exportable=False)
    show_billing_prices = fields.Boolean(compute="_compute_billing_access")
    billing_readonly = fields.Boolean(compute="_compute_billing_access")
    billing_sale_order_count = fields.Integer(
        string="Quotations",
        compute="_compute_billing_documents",
        groups="sales_team.group_sale_salesman",
    )
    billing_invoice_count = fields.Integer(
        string="Invoices",
        compute="_compute_billing_documents",
        groups="account.group_account_invoice",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id", "address_partner_id", "company_id")
    def _compute_fiscal_position_id(self):
        cache = {}
        for record in self:
            if not record.partner_id:
                record.fiscal_position_id = False
                continue
            delivery = record.address_partner_id or record.partner_id
            key = (record.company_id.id, record.partner_id.id, delivery.id)
            if key not in cache:
                cache[key] = (
                    self.env["account.fiscal.position"]
                    .with_company(
                        record.company_id,
                    )
                    ._get_fiscal_position(record.partner_id, delivery)
                )
            record.fiscal_position_id = cache[key]

    @api.depends("partner_id", "company_id")
    def _compute_pricelist_id(self):
        for record in self:
            record.pricelist_id = (
                record.partner_id.with_company(
                    record.company_id,
                ).property_product_pricelist
                if record.partner_id
                else False
            )

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = record.pricelist_id.currency_id or record.company_id.currency_id

    @api.onchange("partner_id")
    def _onchange_partner_id_billing_lang(self):
        # A template or task chosen before the customer made lines in the user's language.
        self._translate_billing_lines(self._origin.partner_id.lang or self.env.lang)

    def write(self, vals):
        if "partner_id" not in vals:
            return super().write(vals)
        old_langs = {record.id: record.partner_id.lang or self.env.lang for record in self}
        result = super().write(vals)
        for record in self:
            record._translate_billing_lines(old_langs[record.id])
        return result

    def _translate_billing_lines(self, old_lang):
        """Lines still carrying their product's text in ``old_lang`` take it in the customer's
        language; a text typed by hand, or already quoted or invoiced, stays."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.lang
        if lang == old_lang:
            return
        for line in self.billing_line_ids:
            if (
                line.product_id
                and line.billing_state not in ("quoted", "invoiced")
                and line.name == line._get_product_description(old_lang)
            ):
                line.name = line._get_product_description(lang)

    def _get_billing_tax_totals(self):
        """Totals of the billing lines by the tax engine, as a sales order shows them."""
        self.ensure_one()
        AccountTax = self.env["account.tax"]
        base_lines = [line._prepare_base_line_for_taxes_computation() for line in self.billing_line_ids]
        AccountTax._add_tax_details_in_base_lines(base_lines, self.company_id)
        AccountTax._round_base_lines_tax_details(base_lines, self.company_id)
        return AccountTax._get_tax_totals_summary(
            base_lines=base_lines,
            currency=self.currency_id or self.company_id.currency_id,
            company=self.company_id,
        )

    @api.depends(
        "billing_line_ids.price_subtotal", "billing_line_ids.price_total", "currency_id", "company_id"
    )
    def _compute_billing_amounts(self):
        for record in self:
            if not record.billing_line_ids:
                # Most requests made by contracts have no line: no need for the tax engine.
                record.amount_untaxed = record.amount_tax = record.amount_total = 0.0
                continue
            tax_totals = record._get_billing_tax_totals()
            record.amount_untaxed = tax_totals["base_amount_currency"]
            record.amount_tax = tax_totals["tax_amount_currency"]
            record.amount_total = tax_totals["total_amount_currency"]

    @api.depends_context("lang")
    @api.depends(
        "billing_line_ids.price_subtotal", "billing_line_ids.price_total", "currency_id", "company_id"
    )
    def _compute_tax_totals(self):
        for record in self:
            record.tax_totals = record._get_billing_tax_totals()

    @api.depends_context("uid", "allowed_company_ids")
    @api.depends("company_id.intervention_hide_prices")
    def _compute_billing_access(self):
        user = self.env.user
        office = user.has_group(GROUP_DISPATCHER) or user.has_group(GROUP_INVOICE)
        prices_hidden = self._billing_prices_hidden()
        for record in self:
            record.show_billing_prices = not prices_hidden
            record.billing_readonly = not office

    def _get_related_billing_lines(self):
        """Billing lines whose quotations and invoices show on this document's smart buttons."""
        return self.billing_line_ids._get_billing_family()

    def _get_billing_sale_orders(self):
        lines = self.sudo()._get_related_billing_lines()
        return lines._get_active_sale_lines().order_id.sudo(False)

    def _get_billing_invoices(self):
        lines = self.sudo()._get_related_billing_lines()
        orders = lines._get_active_sale_lines().order_id
        moves = lines.invoice_line_ids.move_id | orders.invoice_ids
        return moves.filtered(lambda move: move.is_sale_document()).sudo(False)

    def _compute_billing_documents(self):
        for record in self:
            record.billing_sale_order_count = len(record._get_billing_sale_orders())
            record.billing_invoice_count = len(record._get_billing_invoices())

    # ------------------------------------------------------------------
    # Billing
    # ------------------------------------------------------------------

    def _check_billing_rights(self):
        if not self.env.user.has_group(GROUP_INVOICE):
            raise AccessError(
                self.env._(
                    "Only users with invoicing rights can create quotations and invoices from interventions.",
                )
            )

    def _get_lines_to_bill(self):
        """Lines of these documents still to bill; refuse when every line is already billed."""
        lines = self.billing_line_ids
        lines._lock_for_billing()
        to_bill = lines.filtered(lambda line: line.billing_state == "to_bill")
        if not to_bill:
            if not lines:
                # A batch of hundreds of documents would make an unreadable message: name a few.
                names = self.mapped("display_name")
                documents = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
                raise UserError(
                    self.env._(
                        "Nothing to bill on %(documents)s: add billing lines first.",
                        documents=documents,
                    )
                )
            lines._check_not_billed()
        return to_bill

    def _get_invoice_grouping_key(self):
        """Documents with the same key are billed on the same invoice."""
        self.ensure_one()
        return (self.id,)

    def _get_invoice_line_label(self, line):
        return line.name

    def _prepare_invoice_values(self):
        """Values of the draft customer invoice of these documents (one key of grouping)."""
        first = self[0]
        addresses = self.address_partner_id
        return {
            "move_type": "out_invoice",
            "partner_id": first.partner_id.address_get(["invoice"])["invoice"],
            "partner_shipping_id": addresses.id if len(addresses) == 1 else False,
            "fiscal_position_id": first.fiscal_position_id.id,
            "currency_id": first.currency_id.id,
            "company_id": first.company_id.id,
            "invoice_origin": ", ".join(self.mapped("name")),
            "invoice_line_ids": [],
        }

    def _create_billing_invoices(self, lines):
        """Create the draft invoices billing ``lines`` of these documents, grouped by
        :meth:`_get_invoice_grouping_key`, with one ``create`` per company."""
        # The form's default_* keys (e.g. from "Schedule") must not leak into the invoice.
        Move = self.env(context=clean_context(self.env.context))["account.move"]
        documents_by_key = defaultdict(lambda: self.browse())
        for document in self:
            documents_by_key[document._get_invoice_grouping_key()] |= document
        lines_by_document = defaultdict(
            lambda: self.env["intervention.billing.line"],
            lines.grouped(lambda line: line._get_document()),
        )
        vals_by_company = defaultdict(list)
        groups_by_company = defaultdict(list)
        for documents in documents_by_key.values():
            documents = documents.filtered(lambda document: lines_by_document[document])
            if not documents:
                continue
            vals = documents._prepare_invoice_values()
            for document in documents:
                vals["invoice_line_ids"] += [
                    Command.create(
                        line._prepare_invoice_line_values(
                            name=document._get_invoice_line_label(line),
                        )
                    )
                    for line in lines_by_document[document]
                ]
            vals_by_company[documents.company_id].append(vals)
            groups_by_company[documents.company_id].append(documents)
        invoices = self.env["account.move"]
        for company, vals_list in vals_by_company.items():
            moves = Move.with_company(company)._create_generated_invoices(
                vals_list,
                groups_by_company[company],
            )
            invoices |= moves
        return invoices

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------

    def action_view_billing_sale_orders(self):
        self.ensure_one()
        return self._get_billing_documents_action(
            self._get_billing_sale_orders(),
            "sale.action_quotations_with_onboarding",
        )

    def action_view_billing_invoices(self):
        self.ensure_one()
        return self._get_billing_documents_action(
            self._get_billing_invoices(),
            "account.action_move_out_invoice_type",
        )

    @api.model
    def _get_billing_documents_action(self, records, xmlid):
        """The window action ``xmlid`` (its views, name and help) on ``records``: their form when
        there is one. Named apart from base's ``_get_records_action``, which opens ``self``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update({"domain": [("id", "in", records.ids)], "context": {"create": False}})
        if len(records) == 1:
            action.update({"view_mode": "form", "res_id": records.id, "views": [(False, "form")]})
        return action
