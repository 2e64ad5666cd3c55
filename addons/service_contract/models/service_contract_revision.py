from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.installed_base.models.system_field_mixin import SYSTEM_WRITE, SYSTEM_WRITE_KEY
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round, format_date, formatLang

from .service_contract import field_label, is_system_write

GROUP_MANAGER = "field_intervention.group_intervention_manager"
# Index values are typed with up to this many decimals, and shown with the ones they have.
INDEX_DIGITS = 4
FACTOR_DIGITS = 6
TIMES = "\N{MULTIPLICATION SIGN}"


def index_digits(value):
    """Decimals that ``value`` (an index value) needs to be shown as typed, up to INDEX_DIGITS."""
    return len(f"{value:.{INDEX_DIGITS}f}".rstrip("0").split(".")[1])


class ServiceContractPriceIndex(models.Model):
    """A published index the contracts' prices follow (a labour-cost index, a price index of
    energy...), with its values typed by hand as they are published, one per period."""

    _name = "service.contract.price.index"
    _description = "Price Revision Index"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the index between companies.")
    active = fields.Boolean(default=True)
    value_ids = fields.One2many("service.contract.price.index.value", "index_id", string="Values", copy=False)
    note = fields.Text(help="Where the index is published, and what it measures.")

    def _get_value_on(self, date):
        """The value of the index for ``date``: the one of the latest period starting on or before
        it (an empty record when none does). Reads all the values of the indexes of ``self``'s
        prefetch at once."""
        self.ensure_one()
        return self.value_ids.filtered(lambda value: value.date <= date).sorted("date")[-1:]


class ServiceContractPriceIndexValue(models.Model):
    _name = "service.contract.price.index.value"
    _description = "Price Revision Index Value"
    _order = "index_id, date desc, id desc"
    _rec_name = "date"

    index_id = fields.Many2one(
        "service.contract.price.index",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="index_id.company_id", store=True)
    date = fields.Date(
        string="Period Start",
        required=True,
        help="First day of the period the value is published for; it applies to revisions from this day on.",
    )
    value = fields.Float(required=True, digits=(16, INDEX_DIGITS))

    _index_date_uniq = models.Constraint(
        "UNIQUE (index_id, date)",
        "An index has one value per period: this period already has its value.",
    )

    @api.constrains("value")
    def _check_value(self):
        for value in self:
            if value.value <= 0:
                raise ValidationError(
                    self.env._(
                        "Index %(index)s: the %(field)s for the period starting %(date)s must be greater "
                        "than zero.",
                        index=value.index_id.name,
                        field=field_label(self, "value"),
                        date=format_date(self.env, value.date),
                    )
                )


class ServiceContractRevision(models.Model):
    """What one price revision of a contract did: a record of the past, written by the revision
    only. The unique key (contract, date) is what keeps a revision from applying twice."""

    _name = "service.contract.revision"
    _description = "Service Contract Price Revision"
    _order = "date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date = fields.Date(string="Revision Date", required=True, readonly=True)
    method = fields.Selection(
        [("percentage", "Fixed Percentage"), ("index", "Index")],
        required=True,
        readonly=True,
    )
    percentage = fields.Float(digits=(5, 2), readonly=True)
    index_id = fields.Many2one("service.contract.price.index", readonly=True)
    base_value = fields.Float(string="Base Index Value", digits=(16, INDEX_DIGITS), readonly=True)
    new_value = fields.Float(string="New Index Value", digits=(16, INDEX_DIGITS), readonly=True)
    factor = fields.Float(digits=(16, FACTOR_DIGITS), readonly=True)
    formula = fields.Char(readonly=True)
    line_note = fields.Text(string="Lines", readonly=True, help="Each line's price before and after.")
    # {line id: [old price, new price]}: what the next invoice's lines state.
    line_prices = fields.Json(readonly=True)

    _contract_date_uniq = models.Constraint(
        "UNIQUE (contract_id, date)",
        "The prices of this contract were already revised on this date.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_system_write(self.env):
            raise UserError(
                self.env._(
                    "Price revisions are recorded by the contract's revision only (at its renewal, or "
                    "its Revise Prices button).",
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not is_system_write(self.env):
            raise UserError(
                self.env._("A price revision is a record of what was done: it cannot be changed."),
            )
        return super().write(vals)

    def _format_line_formula(self, env, old_price, new_price):
        """``old x new index / base index = new`` (or ``old + 2.50 % = new``) in ``env``'s language."""
        self.ensure_one()
        digits = env["decimal.precision"].precision_get("Product Price")
        return self.contract_id._format_revision_formula(
            env,
            self.method,
            self.percentage,
            self.base_value,
            self.new_value,
            old_price=formatLang(env, old_price, digits=digits),
            new_price=formatLang(env, new_price, digits=digits),
        )


# A concern of its own, in its own file (as the commitments are), so that it reads and changes alone.
class ServiceContract(models.Model):
    _inherit = "service.contract"  # pylint: disable=consider-merging-classes-inherited

    revision_method = fields.Selection(
        [("none", "None"), ("percentage", "Fixed Percentage"), ("index", "Index")],
        string="Price Revision",
        default="none",
        required=True,
        tracking=True,
        help="How the prices of the lines are revised at each renewal (and with Revise Prices): by a "
        "fixed percentage, or by an index (new price = price × new index value / base index value).",  # noqa: RUF001
    )
    revision_percentage = fields.Float(
        digits=(5, 2),
        tracking=True,
        help="Increase of the prices at each revision, in percent.",
    )
    revision_index_id = fields.Many2one(
        "service.contract.price.index",
        check_company=True,
        tracking=True,
    )
    revision_base_value = fields.Float(
        string="Base Index Value",
        digits=(16, INDEX_DIGITS),
        compute="_compute_revision_base_value",
        store=True,
        readonly=False,
        precompute=True,
        help="Index value the current prices correspond to: the value of the contract start by default; "
        "after each revision, the value it used.",
    )
    revision_ids = fields.One2many(
        "service.contract.revision",
        "contract_id",
        string="Price Revisions",
        readonly=True,
        groups="field_intervention.group_intervention_dispatcher,account.group_account_invoice",
    )

    @api.depends("revision_index_id")
    def _compute_revision_base_value(self):
        for contract in self:
            value = contract.revision_index_id and contract.revision_index_id._get_value_on(
                contract.date_start or fields.Date.context_today(contract)
            )
            contract.revision_base_value = value.value if value else 0.0

    @api.constrains("revision_method", "revision_percentage", "revision_index_id", "revision_base_value")
    def _check_revision_terms(self):
        for contract in self:
            if contract.revision_percentage < 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the %(field)s cannot be negative.",
                        contract=contract.name,
                        field=field_label(self, "revision_percentage"),
                    )
                )
            if contract.revision_method != "index":
                continue
            if not contract.revision_index_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: a revision by index needs its %(field)s.",
                        contract=contract.name,
                        field=field_label(self, "revision_index_id"),
                    )
                )
            if contract.revision_base_value <= 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the %(field)s must be greater than zero for a revision by "
                        "index (the index value its prices correspond to).",
                        contract=contract.name,
                        field=field_label(self, "revision_base_value"),
                    )
                )

    # ------------------------------------------------------------------
    # Price revision
    # ------------------------------------------------------------------

    @api.model
    def _format_revision_formula(
        self, env, method, percentage, base_value, new_value, old_price="", new_price=""
    ):
        """The formula of a revision: ``x 112.4 / 108.1 = x 1.0398`` (``+ 2.50 % = x 1.0250``), or
        for one price ``120.00 x 112.4 / 108.1 = 124.77`` (``120.00 + 2.50 % = 123.00``), with the
        multiplication sign, numbers in ``env``'s language."""
        if method == "index":
            factor = new_value / base_value
            new = formatLang(env, new_value, digits=index_digits(new_value))
            base = formatLang(env, base_value, digits=index_digits(base_value))
            step = f"{TIMES} {new} / {base}"
        else:
            factor = 1 + percentage / 100
            step = f"+ {formatLang(env, percentage, digits=2)} %"
        if old_price:
            return f"{old_price} {step} = {new_price}"
        return f"{step} = {TIMES} {formatLang(env, factor, digits=4)}"

    def _check_revision_date(self, date):
        for contract in self:
            if date < contract.date_start:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: the %(field)s %(date)s is before the contract's "
                        "%(start_field)s %(start)s.",
                        contract=contract.name,
                        field=field_label(self.env["service.contract.revision"], "date"),
                        date=format_date(self.env, date),
                        start_field=field_label(self, "date_start"),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    def _get_revision_preview(self, date):
        """What a revision of the contract's prices on ``date`` would do, without writing: a dict
        with ``prices`` ({line: new price}, rounded to the Product Price precision), ``factor``,
        ``formula`` (``_format_revision_formula``), ``line_formulas`` ({line: formula}),
        ``method``, ``percentage``, ``index``, ``base_value`` and ``new_value``. Raises a
        UserError naming the index when it has no value on or before ``date``."""
        self.ensure_one()
        date = fields.Date.to_date(date)
        if self.revision_method == "none":
            raise UserError(
                self.env._(
                    "Contract %(contract)s: choose how its prices are revised (%(field)s) first.",
                    contract=self.name,
                    field=field_label(self, "revision_method"),
                )
            )
        base_value = new_value = 0.0
        if self.revision_method == "index":
            index_value = self.revision_index_id._get_value_on(date)
            if not index_value:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: the index %(index)s has no value on or before %(date)s; "
                        "enter its value for the period in Configuration > Contracts > Price Indexes.",
                        contract=self.name,
                        index=self.revision_index_id.display_name,
                        date=format_date(self.env, date),
                    )
                )
            base_value, new_value = self.revision_base_value, index_value.value
            factor = new_value / base_value
        else:
            factor = 1 + self.revision_percentage / 100
        digits = self.env["decimal.precision"].precision_get("Product Price")
        # The index ratio is applied whole, not its rounded factor: new price = price x new / base.
        prices = {
            line: float_round(
                line.price_unit * new_value / base_value if base_value else line.price_unit * factor,
                precision_digits=digits,
            )
            for line in self.line_ids
        }
        terms = (self.revision_method, self.revision_percentage, base_value, new_value)
        by_index = self.revision_method == "index"
        return {
            "method": self.revision_method,
            "percentage": 0.0 if by_index else self.revision_percentage,
            "index": self.revision_index_id if by_index else self.revision_index_id.browse(),
            "base_value": base_value,
            "new_value": new_value,
            "factor": factor,
            "formula": self._format_revision_formula(self.env, *terms),
            "prices": prices,
            "line_formulas": {
                line: self._format_revision_formula(
                    self.env,
                    *terms,
                    old_price=formatLang(self.env, line.price_unit, digits=digits),
                    new_price=formatLang(self.env, price, digits=digits),
                )
                for line, price in prices.items()
            },
        }

    def _prepare_revision_values(self, date, preview):
        self.ensure_one()
        return {
            "contract_id": self.id,
            "date": date,
            "method": preview["method"],
            "percentage": preview["percentage"],
            "index_id": preview["index"].id,
            "base_value": preview["base_value"],
            "new_value": preview["new_value"],
            "factor": preview["factor"],
            "formula": preview["formula"],
            "line_note": "\n".join(
                f"{(line.name or '').splitlines()[0] if line.name else ''}: {formula}"
                for line, formula in preview["line_formulas"].items()
            ),
            "line_prices": {
                str(line.id): [line.price_unit, price] for line, price in preview["prices"].items()
            },
        }

    def _get_revision_message(self, date, preview):
        self.ensure_one()
        if preview["method"] == "index":
            summary = self.env._(
                "Prices revised on %(date)s by the index %(index)s: %(formula)s",
                date=format_date(self.env, date),
                index=preview["index"].display_name,
                formula=preview["formula"],
            )
        else:
            summary = self.env._(
                "Prices revised on %(date)s by %(percentage)s %%: %(formula)s",
                date=format_date(self.env, date),
                percentage=formatLang(self.env, preview["percentage"], digits=2),
                formula=preview["formula"],
            )
        lines = Markup("").join(
            Markup("<li>%s: %s</li>") % (line.name, formula)
            for line, formula in preview["line_formulas"].items()
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (summary, lines) if lines else Markup("<p>%s</p>") % summary

    def _revise_prices(self, date, raise_if_done=True):
        """Revise the prices of the contracts' lines on ``date`` (``_get_revision_preview``): one
        revision record per contract in one create, the lines' new prices, the index value used
        as the next base (a revision by index chains: the next one is new value / this one), and
        the formula in the chatter. A contract already revised on ``date`` is refused, or left
        out when ``raise_if_done`` is False (the renewal job). Returns the revisions."""
        date = fields.Date.to_date(date)
        revisions = self.env["service.contract.revision"]
        self._check_revision_date(date)
        todo = self.browse()
        for contract in self:
            if date in contract.sudo().revision_ids.mapped("date"):
                if raise_if_done:
                    raise UserError(
                        self.env._(
                            "Contract %(contract)s: its prices were already revised on %(date)s; a revision "
                            "never applies twice for the same date.",
                            contract=contract.name,
                            date=format_date(self.env, date),
                        )
                    )
                continue
            todo |= contract
        if not todo:
            return revisions
        previews = {contract: contract._get_revision_preview(date) for contract in todo}
        system = {SYSTEM_WRITE_KEY: SYSTEM_WRITE}
        revisions = (
            revisions.sudo()
            .with_context(**system)
            .create(
                [contract._prepare_revision_values(date, preview) for contract, preview in previews.items()],
            )
        )
        # One write per price and per base value (the flush groups them), not one per line.
        lines_by_price = defaultdict(lambda: self.env["service.contract.line"])
        contracts_by_base = defaultdict(self.browse)
        for contract, preview in previews.items():
            for line, price in preview["prices"].items():
                if price != line.price_unit:
                    lines_by_price[price] |= line
            if preview["method"] == "index":
                contracts_by_base[preview["new_value"]] |= contract
        for price, lines in lines_by_price.items():
            lines.with_context(**system).write({"price_unit": price})
        for base_value, contracts in contracts_by_base.items():
            contracts._write_system({"revision_base_value": base_value})
        todo._message_log_batch(
            bodies={
                contract.id: contract._get_revision_message(date, preview)
                for contract, preview in previews.items()
            }
        )
        return revisions.with_env(self.env)

    def _revise_prices_at_renewal(self, date):
        """Hook of the renewal (``_renew_or_close``): the new term's prices, from its first day."""
        revised = self.filtered(lambda contract: contract.revision_method != "none")
        revised._revise_prices(date, raise_if_done=False)

    def _check_can_revise(self):
        self._check_user_group(GROUP_MANAGER, self.env._("Revise Prices"))
        self._check_running()

    def action_open_revise_wizard(self):
        self.ensure_one()
        self._check_can_revise()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revise Prices"),
            "res_model": "service.contract.revise",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def action_revise_prices(self, date):
        """Revise the prices on ``date`` now (the Revise Prices wizard): contract managers, running
        contracts only."""
        self._check_can_revise()
        date = fields.Date.to_date(date)
        if not date:
            raise UserError(
                self.env._(
                    "Enter the %(field)s.",
                    field=field_label(self.env["service.contract.revision"], "date"),
                )
            )
        self._lock_for_action()
        return self._revise_prices(date)


class ServiceContractLine(models.Model):
    _inherit = "service.contract.line"

    def _get_revision_invoice_note(self, period):
        """What the invoice line of ``period`` says of the revisions of the line's price dated in
        the period (``\\nPrice revised on 01/01/2027: 120.00 x 112.4 / 108.1 = 124.77``), in the
        customer's language. The revisions of all the contracts being invoiced are read at once
        (prefetch), no search per line."""
        self.ensure_one()
        contract = self.contract_id
        key = str(self.id)
        revisions = contract.sudo().revision_ids.filtered(
            lambda revision: (
                period["start"] <= revision.date <= period["end"] and key in (revision.line_prices or {})
            )
        )
        if not revisions:
            return ""
        env = self.with_context(lang=contract.partner_id.lang).env
        return "".join(
            "\n"
            + env._(
                "Price revised on %(date)s: %(formula)s",
                date=format_date(env, revision.date),
                formula=revision._format_line_formula(env, *revision.line_prices[key]),
            )
            for revision in revisions.sorted("date")
        )
