from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .intervention_billing_line import InterventionBillingLine as BillingLine
from .intervention_billing_price_mixin import GROUP_DISPATCHER

COVER_TYPES = [("none", "Not Covered"), ("warranty", "Warranty")]
# What the cover of a line is made of: set by its resolution, or by a dispatcher with a reason.
COVER_VALUE_FIELDS = ("cover_type", "cover_percent", "warranty_type_id")


class InterventionBillingLine(models.Model):
    """Who pays a line: its cover (the unit's warranty on the visit's date, then a contract,
    then none) pays ``cover_percent`` of it, the customer the rest. The price fields of the
    line are the customer's: the covered part is never quoted nor invoiced."""

    _inherit = "intervention.billing.line"
    # What the cover pays is a price: hidden from technicians like the others.
    _price_fields = BillingLine._price_fields | {"covered_amount"}

    cover_type = fields.Selection(
        COVER_TYPES,
        string="Cover",
        compute="_compute_cover",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    cover_percent = fields.Float(
        string="Covered (%)",
        digits=(5, 2),
        compute="_compute_cover",
        store=True,
        readonly=False,
        precompute=True,
    )
    warranty_type_id = fields.Many2one(
        "installed.equipment.warranty.type",
        string="Warranty",
        compute="_compute_cover",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
    )
    cover_override = fields.Boolean(
        string="Cover Set by Hand",
        readonly=True,
        copy=False,
        help="A dispatcher set this line's cover, with a reason: it is no longer resolved.",
    )
    cover_reason = fields.Char(
        copy=False,
        help="Why the cover was set by hand (kept in the document's chatter).",
    )
    covered_amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        precompute=True,
        help="What the cover pays, taxes excluded: the customer pays the subtotal.",
    )
    cover_date = fields.Date(
        string="Visit Date",
        compute="_compute_cover_date",
        store=True,
        precompute=True,
        index=True,
        help="The date the cover is resolved on: the appointment's, or the request's start.",
    )

    @api.depends("appointment_id.date_start", "request_id.date_start")
    def _compute_cover_date(self):
        for line in self:
            document = line._get_document()
            start = document.date_start if document else False
            line.cover_date = start.date() if isinstance(start, datetime) else start

    @api.depends(
        "product_id",
        "time_type",
        "cover_date",
        "appointment_id.equipment_id",
        "request_id.equipment_id",
        "appointment_id.equipment_id.warranty_end_date",
        "appointment_id.equipment_id.warranty_type_id",
        "request_id.equipment_id.warranty_end_date",
        "request_id.equipment_id.warranty_type_id",
    )
    def _compute_cover(self):
        # A cover set by hand stays; a billed line keeps the cover it was billed with.
        kept = self.filtered(lambda line: line.cover_override or line.billing_state in ("quoted", "invoiced"))
        for line in kept.filtered(lambda line: not line.cover_type):
            line.update(self._get_empty_cover_values())
        for line, values in (self - kept)._resolve_cover().items():
            line.update(values)

    def _resolve_cover(self):
        """{line: cover values}: the unit's warranty on the visit's date, else what
        :meth:`_resolve_other_cover` gives (the contracts' addon), else no cover."""
        result = {}
        for line in self:
            result[line] = {**self._get_empty_cover_values(), **(line._get_warranty_cover() or {})}
        uncovered = self.browse(
            [line.id for line, values in result.items() if values["cover_type"] == "none"]
        )
        for line, values in uncovered._resolve_other_cover().items():
            result[line] = {**result[line], **values}
        return result

    @api.model
    def _get_empty_cover_values(self):
        """The values of a line that nothing covers (addons add their own cover fields)."""
        return {"cover_type": "none", "cover_percent": 0.0, "warranty_type_id": False}

    def _resolve_other_cover(self):
        """Hook: {line: cover values} of the lines no warranty covers. Nothing here; the
        contracts' addon gives their contract's cover."""
        return {}

    def _get_warranty_cover(self):
        """The cover values of this line's warranty, or None: the unit's warranty type, if it
        runs on the visit's date and pays a share of what the line bills."""
        self.ensure_one()
        document = self._get_document()
        equipment = document.equipment_id if document else False
        if not equipment or not self.product_id:
            return None
        warranty_type = equipment.warranty_type_id
        end = equipment.warranty_end_date
        date = self.cover_date or fields.Date.context_today(self)
        start = equipment.installation_date or equipment.sale_date
        if not warranty_type or not end or date > end or (start and date < start):
            return None
        kind = warranty_type._get_line_kind(self)
        percent = warranty_type[f"{kind}_cover"] if kind != "other" else 0.0
        if not percent:
            return None
        return {"cover_type": "warranty", "cover_percent": percent, "warranty_type_id": warranty_type.id}

    # ------------------------------------------------------------------
    # Amounts: the customer's share
    # ------------------------------------------------------------------

    def _get_customer_discount(self):
        """The discount the customer gets, the cover included: what quotations and invoices show."""
        self.ensure_one()
        share = (1 - (self.discount or 0.0) / 100) * (1 - (self.cover_percent or 0.0) / 100)
        return (1 - share) * 100

    def _prepare_base_line_for_taxes_computation(self, **kwargs):
        if "discount" not in kwargs and self.cover_percent:
            kwargs["discount"] = self._get_customer_discount()
        return super()._prepare_base_line_for_taxes_computation(**kwargs)

    @api.depends("cover_percent")
    def _compute_amount(self):
        res = super()._compute_amount()
        AccountTax = self.env["account.tax"]
        for line in self:
            if not line.cover_percent:
                line.covered_amount = 0.0
                continue
            company = line.company_id or self.env.company
            base_line = line._prepare_base_line_for_taxes_computation(discount=line.discount)
            AccountTax._add_tax_details_in_base_line(base_line, company)
            AccountTax._round_base_lines_tax_details([base_line], company)
            line.covered_amount = base_line["tax_details"]["total_excluded_currency"] - line.price_subtotal
        return res

    def _get_cover_label(self):
        """What the customer reads of the cover on the quotation and the invoice."""
        self.ensure_one()
        if self.cover_type == "none" or not self.cover_percent:
            return ""
        percent = f"{self.cover_percent:g}"
        if self.cover_type == "warranty":
            return self.env._(
                "Covered by the warranty (%(warranty)s): %(percent)s%%",
                warranty=self.warranty_type_id.name,
                percent=percent,
            )
        return self.env._("Covered: %(percent)s%%", percent=percent)

    def _prepare_sale_order_line_values(self):
        values = super()._prepare_sale_order_line_values()
        return self._add_cover_to_values(values)

    def _prepare_invoice_line_values(self, **optional_values):
        values = super()._prepare_invoice_line_values(**optional_values)
        return self._add_cover_to_values(values)

    def _add_cover_to_values(self, values):
        # The customer reads the label: in their language, as the rest of the document.
        document = self._get_document()
        partner = document.partner_id if document else self.env["res.partner"]
        label = self.with_context(lang=partner.lang or self.env.lang)._get_cover_label()
        if not label:
            return values
        return {**values, "discount": self._get_customer_discount(), "name": f"{values['name']}\n{label}"}

    # ------------------------------------------------------------------
    # Cover set by hand
    # ------------------------------------------------------------------

    @api.constrains("cover_percent")
    def _check_cover_percent(self):
        for line in self:
            if not 0.0 <= line.cover_percent <= 100.0:
                raise ValidationError(
                    self.env._(
                        "Covered (%%) of line %(line)s must be between 0 and 100.",
                        line=line.product_id.display_name,
                    )
                )

    @api.model
    def _get_system_fields(self):
        return super()._get_system_fields() | {"cover_override"}

    @api.model
    def _get_cover_value_fields(self):
        """The fields of a line's cover (a dispatcher sets them by hand with a reason)."""
        return set(COVER_VALUE_FIELDS)

    @api.model
    def _get_protected_fields(self):
        return super()._get_protected_fields() | self._get_cover_value_fields()

    def _cover_values_differ(self, values):
        """Whether ``values`` (field: value to write) change the cover of one of these lines."""
        for line in self:
            for name, value in values.items():
                field = line._fields[name]
                if field.type == "many2one":
                    if isinstance(value, models.BaseModel):
                        value = value.id
                    if line[name].id != (value or False):
                        return True
                elif field.type == "float":
                    if round(line[name] or 0.0, 2) != round(value or 0.0, 2):
                        return True
                elif (line[name] or False) != (value or False):
                    return True
        return False

    def _check_cover_override(self, vals):
        """A dispatcher sets a line's cover by hand, with a reason; nobody else."""
        if self._is_system_write():
            return False
        if not self.env.user.has_group(GROUP_DISPATCHER) and not self.env.su:
            raise AccessError(self.env._("Only dispatchers set the cover of a billing line by hand."))
        reason = (vals.get("cover_reason") or "").strip()
        if not reason:
            raise ValidationError(self.env._("Cover Reason: say why the cover of the line is set by hand."))
        return True

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Forms send the resolved cover with the line: only a different one is set by hand.
        cover_fields = self._get_cover_value_fields()
        given = [
            (line, vals)
            for line, vals in zip(lines, vals_list, strict=True)
            if cover_fields & vals.keys() and not line.cover_override
        ]
        if given:
            resolved = self.browse([line.id for line, __ in given])._resolve_cover()
            by_hand = self.browse()
            for line, vals in given:
                if line._cover_values_differ({name: resolved[line][name] for name in cover_fields}):
                    line._check_cover_override(vals)
                    by_hand |= line
            if by_hand:
                by_hand._system_write({"cover_override": True})
                by_hand._post_cover_override()
        return lines

    def write(self, vals):
        cover = {name: vals[name] for name in self._get_cover_value_fields() & vals.keys()}
        by_hand = bool(cover) and self._cover_values_differ(cover) and self._check_cover_override(vals)
        result = super().write(vals)
        if by_hand:
            self._system_write({"cover_override": True})
            self._post_cover_override()
        return result

    def _post_cover_override(self):
        for line in self:
            document = line._get_document()
            cover = dict(line._fields["cover_type"]._description_selection(self.env))[line.cover_type]
            document.message_post(
                body=self.env._(
                    "Cover of line %(line)s set by hand to %(cover)s, %(percent)s%%: %(reason)s",
                    line=line.product_id.display_name,
                    cover=cover,
                    percent=f"{line.cover_percent:g}",
                    reason=line.cover_reason,
                ),
            )

    def _refresh_cover(self):
        """Resolve again the cover of these lines after their warranty's or contract's terms
        changed: those set by hand and those billed keep theirs."""
        lines = self.filtered(
            lambda line: not line.cover_override and line.billing_state not in ("quoted", "invoiced")
        )
        for line, values in lines._resolve_cover().items():
            if line._cover_values_differ(values):
                line._system_write(values)

    def action_reset_cover(self):
        """Resolve the cover again (the override is dropped)."""
        if not self.env.user.has_group(GROUP_DISPATCHER):
            raise AccessError(self.env._("Only dispatchers set the cover of a billing line by hand."))
        self._check_not_billed()
        self._system_write({"cover_override": False, "cover_reason": False})
        for line, values in self._resolve_cover().items():
            line._system_write(values)
