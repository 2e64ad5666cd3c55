import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.addons.installed_base.models.system_field_mixin import SYSTEM_WRITE, SYSTEM_WRITE_KEY
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date, mute_logger

from ..tools import contract_dates
from ..tools.contract_dates import ONE_DAY

_logger = logging.getLogger(__name__)

GROUP_TECHNICIAN = "field_intervention.group_intervention_technician"
GROUP_DISPATCHER = "field_intervention.group_intervention_dispatcher"
GROUP_INVOICING = "account.group_account_invoice"
# The office reads what a contract earns; technicians and customers do not.
PROFITABILITY_GROUPS = f"{GROUP_DISPATCHER},{GROUP_INVOICING}"
# Visits owed and not done are late when fewer days than this are left in the contract year.
LATE_VISITS_DAYS = 60

# (from, to): the group a user needs for the transition; anything else is refused. The scheduled
# jobs (superuser) need no group but go through the same table.
STATE_TRANSITIONS = {
    ("draft", "running"): GROUP_DISPATCHER,
    ("draft", "cancelled"): GROUP_DISPATCHER,
    ("running", "closed"): GROUP_DISPATCHER,
    ("running", "cancelled"): GROUP_DISPATCHER,
    ("cancelled", "draft"): GROUP_DISPATCHER,
}

# SYSTEM_WRITE is put in the context by the contract's own methods when they write what users may
# not (state, cursors, follow-up; see ServiceContract._get_system_fields): the suite's one token
# (installed_base's system.field.mixin), a Python object compared with ``is`` that nothing a
# JSON-RPC caller sends can be, while every override of write() still runs.


def is_system_write(env):
    """Whether ``env`` writes as the contract itself: its methods and jobs, or the superuser."""
    return env.su or env.context.get(SYSTEM_WRITE_KEY) is SYSTEM_WRITE


def field_label(model, name):
    return model._fields[name]._description_string(model.env)


def is_unchanged(record, name, value):
    """Whether writing ``value`` to the field ``name`` is no write at all: an empty list of
    commands. Any value named is checked, even the current one, as for the other models of the
    suite (the web client sends only what changed; tests/test_access_matrix.py writes values back
    unchanged to probe the rules)."""
    return record._fields[name].type in ("one2many", "many2many") and not value


class ContractBusyError(Exception):
    """Another transaction is working on the contract: leave it to that one."""


class ServiceContract(models.Model):
    _name = "service.contract"
    _description = "Service Contract"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "intervention.billing.price.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _price_fields = frozenset({"amount_untaxed"})

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
        help="The customer who pays for the contract.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    serving_user_ids = fields.Many2many(
        "res.users",
        string="Serving Technicians",
        compute="_compute_serving_user_ids",
        search="_search_serving_user_ids",
        compute_sudo=True,
        groups=GROUP_DISPATCHER,
        help="Technicians on an appointment of the customer: the ones who read the contract.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        required=True,
        tracking=True,
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        help="End of the current term. An auto-renewing contract is extended at this date.",
    )
    term_start_date = fields.Date(
        string="Current Term From",
        readonly=True,
        copy=False,
        help="Start of the current term: the contract start, or the day after the last renewal.",
    )
    auto_renew = fields.Boolean(
        default=True,
        tracking=True,
        help="At its end date the contract renews for the same duration; otherwise it closes.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    equipment_ids = fields.Many2many(
        "installed.equipment",
        "service_contract_installed_equipment_rel",
        "contract_id",
        "equipment_id",
        string="Covered Equipment",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    address_partner_ids = fields.Many2many(
        "res.partner",
        "service_contract_address_partner_rel",
        "contract_id",
        "partner_id",
        string="Intervention Addresses",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="Where the visits take place when the equipment has no installation site of its own.",
    )
    line_ids = fields.One2many("service.contract.line", "contract_id", string="Contract Lines", copy=True)
    note = fields.Html(string="Terms and Conditions")

    # Planning
    template_id = fields.Many2one(
        "intervention.template",
        string="Intervention Template",
        check_company=True,
        tracking=True,
        domain="[('intervention_type', '=', 'maintenance')]",
    )
    task_id = fields.Many2one(
        "intervention.task",
        check_company=True,
        compute="_compute_task_id",
        store=True,
        readonly=False,
    )
    recurring_interval = fields.Integer(string="Every", default=1, required=True)
    recurring_rule_type = fields.Selection(
        [("weekly", "Weeks"), ("monthly", "Months"), ("yearly", "Years")],
        string="Frequency",
        default="yearly",
        required=True,
    )
    visit_month_ids = fields.Many2many(
        "service.contract.month",
        string="Visit Months",
        help="Months in which visits may take place; a visit due in another month moves to the first "
        "day of the next allowed one. Empty: any month.",
    )
    visits_per_period = fields.Integer(string="Visits per Period", default=1, required=True)
    planning_horizon = fields.Integer(
        string="Planning Horizon (days)",
        default=30,
        required=True,
        help="Requests are created this many days before the visit date.",
    )
    next_visit_date = fields.Date(copy=False, index=True)
    request_due_date = fields.Date(
        compute="_compute_request_due_date",
        store=True,
        index=True,
        help="Day from which the request of the next visit is created.",
    )

    # Billing
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
        compute="_compute_fiscal_position_id",
        store=True,
        readonly=False,
    )
    invoice_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("half_year", "Half-year"), ("year", "Year")],
        string="Invoicing Period",
        default="year",
        required=True,
    )
    invoice_mode = fields.Selection(
        [("advance", "In Advance"), ("arrears", "In Arrears")],
        string="Invoicing",
        default="advance",
        required=True,
        help="In advance: invoiced on the first day of the period. In arrears: the day after it ends.",
    )
    invoice_auto_post = fields.Boolean(
        string="Post Invoices",
        copy=False,  # set by an invoicing user, again on a duplicate
        help="Post generated invoices at once instead of leaving them in draft. Only invoicing users "
        "can set it.",
    )
    next_period_start = fields.Date(
        string="Next Period to Invoice",
        copy=False,
        readonly=True,
        help="First day of the next period to invoice.",
    )
    next_invoice_date = fields.Date(compute="_compute_next_invoice_date", store=True, index=True)
    amount_untaxed = fields.Monetary(
        string="Amount per Period",
        compute="_compute_amount_untaxed",
        currency_field="currency_id",
    )

    # Follow-up
    request_ids = fields.One2many("intervention.request", "contract_id", string="Generated Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    invoice_period_ids = fields.One2many(
        "service.contract.invoice.period",
        "contract_id",
        string="Invoiced Periods",
        readonly=True,
    )
    invoice_ids = fields.Many2many("account.move", compute="_compute_invoice_ids", string="Invoices")
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    last_error = fields.Text(readonly=True, copy=False)
    last_error_date = fields.Datetime(readonly=True, copy=False)
    # What the contract earns in its current contract year (service.contract.profitability),
    # and the two warnings of "Contracts to Check": losing money, visits late.
    current_year_margin = fields.Monetary(
        string="Margin (Current Year)",
        compute="_compute_profitability",
        groups=PROFITABILITY_GROUPS,
        help="Revenue invoiced less the cost of the visits done in the current contract year.",
    )
    is_losing_money = fields.Boolean(
        string="Losing Money",
        compute="_compute_profitability",
        search="_search_is_losing_money",
        groups=PROFITABILITY_GROUPS,
        help="The visits of the current contract year cost more than the year has invoiced.",
    )
    has_late_visits = fields.Boolean(
        string="Visits Late",
        compute="_compute_profitability",
        search="_search_has_late_visits",
        groups=PROFITABILITY_GROUPS,
        help="Visits owed in the current contract year are not done, and fewer than 60 days are "
        "left in the year (or it is over).",
    )

    _dates_check = models.Constraint(
        "CHECK (date_end >= date_start)",
        "The end date of a contract cannot be before its start date.",
    )
    _interval_check = models.Constraint(
        "CHECK (recurring_interval > 0)",
        "The frequency of a contract must be at least every 1 period.",
    )
    _visits_check = models.Constraint(
        "CHECK (visits_per_period > 0)",
        "A contract plans at least one visit per period.",
    )
    _horizon_check = models.Constraint(
        "CHECK (planning_horizon >= 0)",
        "The planning horizon cannot be negative.",
    )

    @api.depends("date_start")
    def _compute_date_end(self):
        # One year by default; typed by hand afterwards for another term.
        for contract in self:
            if contract.date_start:
                contract.date_end = contract_dates.default_date_end(contract.date_start)

    @api.depends("template_id")
    def _compute_task_id(self):
        for contract in self:
            if contract.template_id.task_id:
                contract.task_id = contract.template_id.task_id

    @api.depends("partner_id", "company_id")
    def _compute_fiscal_position_id(self):
        for contract in self:
            if contract.partner_id:
                contract.fiscal_position_id = (
                    self.env["account.fiscal.position"]
                    .with_company(
                        contract.company_id,
                    )
                    ._get_fiscal_position(contract.partner_id)
                )

    @api.depends("next_visit_date", "planning_horizon")
    def _compute_request_due_date(self):
        for contract in self:
            contract.request_due_date = contract.next_visit_date and contract_dates.request_due_date(
                contract.next_visit_date, contract.planning_horizon
            )

    @api.depends("next_period_start", "invoice_mode", "invoice_period", "date_end", "auto_renew")
    def _compute_next_invoice_date(self):
        for contract in self:
            start = contract.next_period_start
            if start and contract.date_end and start <= contract.date_end:
                contract.next_invoice_date = contract._get_invoice_period(start)["invoice_date"]
            else:
                contract.next_invoice_date = False

    @api.depends("line_ids.price_subtotal")
    def _compute_amount_untaxed(self):
        for contract in self:
            contract.amount_untaxed = sum(contract.line_ids.mapped("price_subtotal"))

    def _compute_request_count(self):
        counts = dict(
            self.env["intervention.request"]._read_group(
                [("contract_id", "in", self.ids)],
                ["contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.request_count = counts.get(contract, 0)

    @api.depends("invoice_period_ids.move_id")
    def _compute_invoice_ids(self):
        for contract in self:
            contract.invoice_ids = contract.invoice_period_ids.move_id
            contract.invoice_count = len(contract.invoice_ids)

    def _compute_access_url(self):
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"

    def _compute_serving_user_ids(self):
        appointments = self.env["intervention.appointment"].search(
            [("partner_id", "child_of", self.commercial_partner_id.ids)],
        )
        technicians = defaultdict(lambda: self.env["res.users"])
        for appointment in appointments:
            technicians[appointment.partner_id.commercial_partner_id] |= appointment.technician_ids
        for contract in self:
            contract.serving_user_ids = technicians[contract.commercial_partner_id]

    def _search_serving_user_ids(self, operator, value):
        # Used by the technicians' record rule: one subquery, whatever the number of appointments.
        if operator != "in":
            return NotImplemented
        appointments = self.env["intervention.appointment"].sudo()._search([("technician_ids", "in", value)])
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._search(
                [("id", "in", appointments.subselect(SQL.identifier(appointments.table, "partner_id")))],
            )
        )
        return [
            (
                "partner_id.commercial_partner_id",
                "in",
                partners.subselect(SQL.identifier(partners.table, "commercial_partner_id")),
            )
        ]

    @api.model
    def _get_profitability_today(self):
        """The day that picks the current contract year: the user's, as the views filter by."""
        return fields.Date.context_today(self)

    def _compute_profitability(self):
        today = self._get_profitability_today()
        Profitability = self.env["service.contract.profitability"].sudo()
        rows = Profitability.search_fetch(
            [("contract_id", "in", self._origin.ids), *Profitability._get_current_year_domain(today)],
            ["contract_id", "revenue", "cost", "margin", "visits_owed", "visits_done", "date_to"],
        )
        by_contract = {row.contract_id.id: row for row in rows}
        late_before = today + timedelta(days=LATE_VISITS_DAYS)
        for contract in self:
            row = by_contract.get(contract._origin.id)
            contract.current_year_margin = row.margin if row else 0.0
            contract.is_losing_money = bool(row and row.margin < 0 and (row.revenue or row.cost))
            contract.has_late_visits = bool(
                row and row.visits_owed > row.visits_done and row.date_to < late_before
            )

    def _search_profitability(self, operator, value, domain, condition=None):
        """The contracts whose current year meets ``domain`` (on service.contract.profitability)
        and the SQL ``condition`` (given the row's alias): one subquery on the view in the
        contracts' query, whatever their number."""
        if operator not in ("in", "not in"):
            return NotImplemented
        Profitability = self.env["service.contract.profitability"].sudo()
        today = self._get_profitability_today()
        query = Profitability._search([*Profitability._get_current_year_domain(today), *domain])
        if condition is not None:
            query.add_where(condition(query.table))
        contracts = query.subselect(SQL.identifier(query.table, "contract_id"))
        positive = (operator == "in") == (True in value)
        return [("id", "in" if positive else "not in", contracts)]

    def _search_is_losing_money(self, operator, value):
        return self._search_profitability(
            operator, value, [("margin", "<", 0), "|", ("revenue", "!=", 0), ("cost", "!=", 0)]
        )

    def _search_has_late_visits(self, operator, value):
        late_before = self._get_profitability_today() + timedelta(days=LATE_VISITS_DAYS)
        return self._search_profitability(
            operator,
            value,
            [("date_to", "<", late_before)],
            lambda row: SQL(
                "%s > %s", SQL.identifier(row, "visits_owed"), SQL.identifier(row, "visits_done")
            ),
        )

    @api.constrains("equipment_ids", "partner_id")
    def _check_equipment_ids(self):
        for contract in self:
            foreign = contract.equipment_ids.filtered_domain(
                [("partner_id.commercial_partner_id", "!=", contract.commercial_partner_id.id)],
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: Covered Equipment %(equipment)s belongs to %(owner)s, not to "
                        "the customer %(customer)s.",
                        contract=contract.name,
                        equipment=foreign[0].display_name,
                        owner=foreign[0].partner_id.display_name,
                        customer=contract.partner_id.display_name,
                    )
                )

    @api.constrains("template_id")
    def _check_template_id(self):
        for contract in self:
            if contract.template_id and contract.template_id.intervention_type != "maintenance":
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the Intervention Template %(template)s is not a maintenance "
                        "template; only maintenance interventions recur.",
                        contract=contract.name,
                        template=contract.template_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Who may change what (create, write, unlink, whatever calls them)
    # ------------------------------------------------------------------

    @api.model
    def _get_system_fields(self):
        """Fields only the contract's own methods and jobs write (``is_system_write``): the state,
        through the transitions; the reference; the jobs' cursors and follow-up; the portal token;
        what it generated; and every field the model declares read-only (computed, related)."""
        readonly = {
            name
            for name, field in self._fields.items()
            if field.readonly
            and name not in models.MAGIC_COLUMNS
            and not name.startswith(("message_", "activity_"))
        }
        return readonly | {
            "name",
            "state",
            "term_start_date",
            "next_period_start",
            "last_error",
            "last_error_date",
            "access_token",
            "request_ids",
            "invoice_period_ids",
        }

    @api.model
    def _get_portal_readable_fields(self):
        """What a customer reads of their contracts (the portal pages): over JSON-RPC a portal
        user reads nothing else, so the jobs' cursors and errors and the planning stay internal."""
        return {
            "id",
            "display_name",
            "name",
            "partner_id",
            "commercial_partner_id",
            "company_id",
            "currency_id",
            "date_start",
            "date_end",
            "auto_renew",
            "state",
            "equipment_ids",
            "address_partner_ids",
            "line_ids",
            "note",
            "amount_untaxed",
            "next_visit_date",
            "next_invoice_date",
            "invoice_period",
            "access_url",
            "access_token",
            "access_warning",
            "create_date",
            "write_date",
        }

    @api.model
    def _has_field_access(self, field, operation):
        if (
            not self.env.su
            and self.env.user.share
            and field.name not in self._get_portal_readable_fields()
            and not field.name.startswith(("message_", "website_message_"))
        ):
            return False
        return super()._has_field_access(field, operation)

    @api.model
    def _get_draft_only_fields(self):
        """Fields users set on a draft, fixed once the contract runs: who it is for, the company
        it is booked in, the day its recurrence counts from, its first visit."""
        return {"partner_id", "company_id", "date_start", "next_visit_date"}

    @api.model
    def _get_invoicing_fields(self):
        """Fields only invoicing users may set: whether invoices go out without review."""
        return {"invoice_auto_post"}

    def _fields_label(self, names):
        return ", ".join(field_label(self, name) for name in sorted(names))

    def _check_create_allowed(self, vals_list):
        system = self._get_system_fields()
        for vals in vals_list:
            defaults = self.default_get([name for name in vals if name in system])
            refused = {
                name for name in vals if name in system and vals[name] and vals[name] != defaults.get(name)
            }
            if "state" in refused:
                raise UserError(
                    self.env._(
                        "A new contract starts as a draft: leave out %(field)s and confirm the contract.",
                        field=field_label(self, "state"),
                    )
                )
            if refused:
                raise UserError(
                    self.env._(
                        "%(fields)s of a contract are set by the contract itself: leave them out when "
                        "creating one.",
                        fields=self._fields_label(refused),
                    )
                )
            invoicing = {name for name in self._get_invoicing_fields() if vals.get(name)}
            if invoicing and not self.env.user.has_group(GROUP_INVOICING):
                raise AccessError(
                    self.env._(
                        "Only invoicing users can create a contract with %(fields)s.",
                        fields=self._fields_label(invoicing),
                    )
                )

    def _check_write_allowed(self, vals):
        user = self.env.user
        system_fields = self._get_system_fields()
        ruled = set(vals) & (system_fields | self._get_draft_only_fields() | self._get_invoicing_fields())
        for contract in self:
            changed = {name for name in ruled if not is_unchanged(contract.sudo(), name, vals[name])}
            system = changed & system_fields
            if "state" in system:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: the %(field)s changes only through the contract's buttons "
                        "(Confirm, Close, Cancel, Set to Draft), which check that it can.",
                        contract=contract.name,
                        field=field_label(self, "state"),
                    )
                )
            if system:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: %(fields)s are set by the contract itself and cannot be "
                        "changed.",
                        contract=contract.name,
                        fields=self._fields_label(system),
                    )
                )
            draft_only = changed & self._get_draft_only_fields()
            if draft_only and contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is no longer a draft: %(fields)s can no longer be changed.",
                        contract=contract.name,
                        fields=self._fields_label(draft_only),
                    )
                )
            invoicing = changed & self._get_invoicing_fields()
            if invoicing and not user.has_group(GROUP_INVOICING):
                raise AccessError(
                    self.env._(
                        "Contract %(contract)s: only invoicing users can change %(fields)s.",
                        contract=contract.name,
                        fields=self._fields_label(invoicing),
                    )
                )
            if "company_id" in changed and vals["company_id"] not in user.company_ids.ids:
                raise AccessError(
                    self.env._(
                        "Contract %(contract)s: you can only move it to a company you belong to.",
                        contract=contract.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_system_write(self.env):
            self._check_create_allowed(vals_list)
        self.env["ir.sequence"]._fill_names_by_company(vals_list, "service.contract")
        return super().create(vals_list)

    def write(self, vals):
        if not is_system_write(self.env):
            self._check_write_allowed(vals)
        return super().write(vals)

    def _write_system(self, vals):
        """Write as the contract itself: the fields users may not write, after the caller's checks."""
        return self.with_context(**{SYSTEM_WRITE_KEY: SYSTEM_WRITE}).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_running_or_generated(self):
        for contract in self:
            if contract.state == "running":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is running: close or cancel it; it cannot be deleted.",
                        contract=contract.name,
                    )
                )
            if contract.sudo().invoice_period_ids or contract.sudo().request_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has invoiced periods or generated requests: it stays for "
                        "their history and cannot be deleted.",
                        contract=contract.name,
                    )
                )

    @api.onchange("equipment_ids")
    def _onchange_equipment_ids_template(self):
        """A maintenance contract plans the visits of the template that maintains its units
        (``installed.equipment._get_maintenance_template``), when the units that tell agree."""
        if self.template_id or not self.equipment_ids:
            return
        company = self.company_id or self.env.company
        templates = self.env["intervention.template"].union(
            *(equipment._get_maintenance_template(company) for equipment in self.equipment_ids._origin)
        )
        if len(templates) == 1:
            self.template_id = templates

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------

    def _get_today(self):
        """Today in the company's time zone (falling back on the user's, then UTC)."""
        self.ensure_one()
        tz = self.company_id.partner_id.tz or self.env.user.tz or "UTC"
        return fields.Datetime.context_timestamp(self.with_context(tz=tz), fields.Datetime.now()).date()

    # The date rules themselves are plain functions (tools/contract_dates.py); these methods
    # give them the contract's fields.

    def _get_recurrence_delta(self, count=1):
        self.ensure_one()
        return contract_dates.recurrence_delta(self.recurring_rule_type, self.recurring_interval, count)

    def _get_visit_months(self):
        return set(self.visit_month_ids.mapped("number"))

    def _iter_visit_dates(self, until):
        """Planned visit dates from the contract start up to ``until``, in order."""
        self.ensure_one()
        return contract_dates.iter_visit_dates(
            self.date_start,
            self.recurring_rule_type,
            self.recurring_interval,
            self.visits_per_period,
            self._get_visit_months(),
            until,
        )

    def _get_next_visit_date(self, after):
        """First planned visit strictly after ``after`` (any date for ``after=None``)."""
        self.ensure_one()
        return contract_dates.next_visit_date(
            self.date_start,
            self.recurring_rule_type,
            self.recurring_interval,
            self.visits_per_period,
            self._get_visit_months(),
            after,
        )

    def _get_visit_window_end(self, visit, next_visit=None):
        """Last day of the requested window of a visit: the day before the next visit (given, or
        computed), kept within the run of allowed visit months that contains it and within the
        contract term."""
        self.ensure_one()
        if next_visit is None:
            next_visit = self._get_next_visit_date(visit)
        return contract_dates.visit_window_end(
            visit,
            next_visit,
            self._get_recurrence_delta(),
            self._get_visit_months(),
            None if self.auto_renew else self.date_end,
        )

    def _get_invoice_period(self, period_start):
        """The invoicing period beginning at ``period_start``: its dates, prorata and invoice date."""
        self.ensure_one()
        return contract_dates.invoice_period(
            period_start,
            self.invoice_period,
            self.invoice_mode,
            None if self.auto_renew else self.date_end,
        )

    def _get_due_invoice_periods(self, today, force_next=False):
        """Periods not invoiced yet whose invoice date has come, in order (and the next one when
        ``force_next`` asks to bill it ahead)."""
        self.ensure_one()
        return contract_dates.due_invoice_periods(
            self.next_period_start,
            self.date_end,
            today,
            self.invoice_period,
            self.invoice_mode,
            self.auto_renew,
            force_next,
        )

    # ------------------------------------------------------------------
    # Generation of requests
    # ------------------------------------------------------------------

    def _get_request_targets(self):
        """(equipment, address) pairs visited at each visit: one per covered equipment, or one per
        intervention address when the contract covers no equipment."""
        self.ensure_one()
        default_address = self.address_partner_ids[:1] or self.partner_id
        if self.equipment_ids:
            return [
                (equipment, equipment.site_partner_id or default_address) for equipment in self.equipment_ids
            ]
        return [
            (self.env["installed.equipment"], address)
            for address in self.address_partner_ids or self.partner_id
        ]

    def _prepare_request_values(self, visit, equipment, address, next_visit=None):
        self.ensure_one()
        values = {
            "contract_id": self.id,
            "contract_visit_date": visit,
            "template_id": self.template_id.id,
            "intervention_type": "maintenance",
            "task_id": self.task_id.id or self.template_id.task_id.id,
            "partner_id": self.partner_id.id,
            "address_partner_id": address.id,
            "equipment_id": equipment.id,
            "date_start": visit,
            "date_end": self._get_visit_window_end(visit, next_visit),
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "origin": self.name,
        }
        if self.line_ids:
            # The contract bills the visit: its request carries no line of the task's product, so
            # the visit is not billed twice. A planning-only contract leaves the visits billable.
            values["billing_line_ids"] = []
        return values

    def _prepare_requests_generation(self, today):
        """The values of the requests due at ``today`` (every visit up to today + planning
        horizon) and the next visit date after them; ``([], False)`` when nothing is due."""
        self.ensure_one()
        if not (self.state == "running" and self.template_id and self.next_visit_date):
            return [], False
        until = today + timedelta(days=self.planning_horizon)
        if not self.auto_renew:
            until = min(until, self.date_end)
        visits = [visit for visit in self._iter_visit_dates(until) if visit >= self.next_visit_date]
        if not visits:
            return [], False
        targets = self._get_request_targets()
        # Each visit's window ends before the next one: the list gives it, one search after the last.
        next_visits = [*visits[1:], self._get_next_visit_date(visits[-1])]
        vals_list = [
            self._prepare_request_values(visit, equipment, address, next_visit)
            for visit, next_visit in zip(visits, next_visits, strict=True)
            for equipment, address in targets
        ]
        return vals_list, next_visits[-1]

    def _generate_requests(self, today=None):
        """Create the requests of every visit up to today + planning horizon, for all the
        contracts of ``self`` in one create per company; returns them."""
        requests = self.env["intervention.request"]
        vals_by_company = defaultdict(list)
        next_visits = defaultdict(lambda: self.browse())
        for contract in self:
            vals_list, next_visit = contract._prepare_requests_generation(today or contract._get_today())
            if vals_list:
                vals_by_company[contract.company_id] += vals_list
                next_visits[next_visit] |= contract
        for company, vals_list in vals_by_company.items():
            # The origin and the contract link say where the request comes from: no creation
            # message on each of them.
            requests |= (
                requests.with_company(company)
                .with_context(
                    mail_create_nosubscribe=True,
                    mail_create_nolog=True,
                    **{SYSTEM_WRITE_KEY: SYSTEM_WRITE},
                )
                .create(vals_list)
            )
        for next_visit, contracts in next_visits.items():
            contracts._write_system({"next_visit_date": next_visit})
        return requests

    # ------------------------------------------------------------------
    # Generation of invoices
    # ------------------------------------------------------------------

    def _prepare_invoice_values(self, period):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "invoice_date": period["invoice_date"],
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "narration": self.note,
            "invoice_line_ids": [
                Command.create(line._prepare_invoice_line_values(period)) for line in self.line_ids
            ],
        }

    def _generate_invoices(self, today=None, force_next=False):
        """Invoice every period due at ``today`` (each contract's own today when not given), one
        invoice per period, for all the contracts of ``self`` in one create per company; returns
        the invoices."""
        claims_by_company = defaultdict(list)
        moves_by_company = defaultdict(list)
        next_starts = defaultdict(lambda: self.browse())
        for contract in self:
            if contract.state != "running" or not contract.line_ids:
                continue
            periods = contract._get_due_invoice_periods(today or contract._get_today(), force_next=force_next)
            if not periods:
                continue
            claims_by_company[contract.company_id] += [
                {
                    "contract_id": contract.id,
                    "period_start": period["start"],
                    "period_end": period["end"],
                    "invoice_date": period["invoice_date"],
                }
                for period in periods
            ]
            moves_by_company[contract.company_id] += [
                (contract._prepare_invoice_values(period), contract.invoice_auto_post) for period in periods
            ]
            next_starts[periods[-1]["end"] + ONE_DAY] |= contract
        moves = to_post = self.env["account.move"]
        for company, claims_vals in claims_by_company.items():
            # Claim the periods first: the unique (contract, period start) key stops a second worker.
            claims = (
                self.env["service.contract.invoice.period"]
                .with_context(
                    **{SYSTEM_WRITE_KEY: SYSTEM_WRITE},
                )
                .create(claims_vals)
            )
            company_moves = (
                moves.with_company(company)
                .with_context(
                    default_move_type="out_invoice",
                    mail_create_nosubscribe=True,
                )
                ._create_generated_invoices(
                    [vals for vals, _auto_post in moves_by_company[company]],
                    [self.browse(claim["contract_id"]) for claim in claims_vals],
                )
            )
            for claim, move, (_vals, auto_post) in zip(
                claims,
                company_moves,
                moves_by_company[company],
                strict=True,
            ):
                claim.move_id = move
                if auto_post:
                    to_post |= move
            moves |= company_moves
        if to_post:
            to_post.action_post()
        for next_start, contracts in next_starts.items():
            contracts._write_system({"next_period_start": next_start})
        return moves

    # ------------------------------------------------------------------
    # Renewal
    # ------------------------------------------------------------------

    def _renew_or_close(self, today):
        """At the end of its term an auto-renewing contract extends by the term's duration (as many
        times as needed to reach today); the others bill what is left, then close."""
        self.ensure_one()
        if self.state != "running" or self.date_end >= today:
            return
        if not self.auto_renew:
            self._generate_invoices(today)
            self._close()
            self.message_post(
                body=self.env._(
                    "Contract closed: it ended on %(date)s and does not renew.",
                    date=format_date(self.env, self.date_end),
                )
            )
            return
        term_start, date_end = contract_dates.renewed_term(
            self.term_start_date or self.date_start,
            self.date_end,
            today,
        )
        self._write_system({"term_start_date": term_start, "date_end": date_end})
        self._revise_prices_at_renewal(term_start)
        # The new term's first period may be due today: bill it without waiting for tomorrow's run.
        self._generate_invoices(today)
        self.message_post(
            body=self.env._(
                "Contract renewed from %(start)s to %(end)s.",
                start=format_date(self.env, term_start),
                end=format_date(self.env, date_end),
            )
        )

    def _close(self):
        self._set_state("closed", {"next_visit_date": False, "next_period_start": False})

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    def _lock_for_generation(self):
        """Row-lock the contracts for this transaction; returns those locked, leaving out the
        ones another transaction holds. Raises ContractBusyError when one of them was changed by
        a transaction committed since this one began."""
        try:
            # PostgreSQL refuses the lock of a row changed since this transaction's snapshot
            # (REPEATABLE READ): an expected outcome of two workers, not a query error to log.
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                locked = self.try_lock_for_update(allow_referencing=True)
        except psycopg2.errors.SerializationFailure:
            raise ContractBusyError(self.ids)
        for contract in self - locked:
            _logger.info("Service contract %s is being processed by another worker: skipped", contract.id)
        return locked

    def _run_scheduled_step(self, step):
        """Run ``step(contracts)`` on the whole batch in one savepoint. When anything fails, run it
        again contract by contract, each in its own savepoint: a contract that fails keeps its
        error (field and chatter) and the others go on; a contract another worker is on, or a
        duplicate caught by a unique key, is skipped. Returns the failed contracts."""
        if not self:
            return self
        try:
            with self.env.cr.savepoint():
                contracts = self._lock_for_generation()
                step(contracts)
                contracts.filtered("last_error")._write_system(
                    {"last_error": False, "last_error_date": False},
                )
            return self.browse()
        except (ContractBusyError, psycopg2.errors.UniqueViolation) as error:
            if len(self) == 1:
                _logger.info("Service contract %s is being processed by another worker: skipped", self.id)
                return self.browse()
            retry = error
        except Exception as error:  # any failure is stored on its contract
            if len(self) == 1:
                _logger.info("Service contract %s failed: %s", self.id, error, exc_info=True)
                self._record_error(error)
                return self
            retry = error
        _logger.info("Service contracts %s: %s; processing them one by one", self.ids, retry)
        failed = self.browse()
        for contract in self:
            failed |= contract._run_scheduled_step(step)
        return failed

    def _record_error(self, error):
        self.ensure_one()
        message = str(error.args[0]) if getattr(error, "args", None) else repr(error)
        self._write_system({"last_error": message, "last_error_date": fields.Datetime.now()})
        self.message_post(body=self.env._("Automatic processing failed: %(error)s", error=message))

    @api.model
    def _cron_run_batched(self, domain, step, batch_size):
        """Process the contracts matching ``domain`` in batches of ``batch_size`` (in id order),
        committing and reporting the progress after each one; the scheduler calls the job again
        if time runs out."""
        last_id = 0
        while True:
            contracts = self.search(Domain(domain) & Domain("id", ">", last_id), limit=batch_size, order="id")
            if not contracts:
                return
            contracts._run_scheduled_step(step)
            last_id = contracts[-1].id
            remaining = self.search_count(Domain(domain) & Domain("id", ">", last_id))
            if not self.env["ir.cron"]._commit_progress(len(contracts), remaining=remaining) or not remaining:
                return

    @api.model
    def _get_tomorrow(self):
        # Domain bound valid in every time zone; each contract then checks its company's day.
        return fields.Date.today() + ONE_DAY

    @api.model
    def _cron_generate_requests(self, batch_size=100):
        self._cron_run_batched(
            [
                ("state", "=", "running"),
                ("template_id", "!=", False),
                ("request_due_date", "<=", self._get_tomorrow()),
            ],
            lambda contracts: contracts._generate_requests(),
            batch_size,
        )

    @api.model
    def _cron_generate_invoices(self, batch_size=100):
        self._cron_run_batched(
            [("state", "=", "running"), ("next_invoice_date", "<=", self._get_tomorrow())],
            lambda contracts: contracts._generate_invoices(),
            batch_size,
        )

    @api.model
    def _cron_renew_contracts(self, batch_size=100):
        self._cron_run_batched(
            [("state", "=", "running"), ("date_end", "<", self._get_tomorrow())],
            lambda contracts: [contract._renew_or_close(contract._get_today()) for contract in contracts],
            batch_size,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(self.env._("Contract %(contract)s is not a draft.", contract=contract.name))
            if contract.template_id and not (contract.task_id or contract.template_id.task_id):
                # Requests need a task: refuse now rather than fail at every scheduled run.
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: set a Task (or a template that has one) to plan its visits.",
                        contract=contract.name,
                    )
                )
            today = contract._get_today()
            first_visit = contract._get_next_visit_date(max(contract.date_start, today) - ONE_DAY)
            contract._set_state(
                "running",
                {
                    "term_start_date": contract.date_start,
                    "next_visit_date": first_visit,
                    "next_period_start": contract.date_start,
                },
            )

    def action_close(self):
        self._close()

    def action_cancel(self):
        self._set_state("cancelled", {"next_visit_date": False, "next_period_start": False})

    def action_draft(self):
        self._check_state_transition("draft")
        if self.filtered(lambda c: c.invoice_period_ids or c.request_ids):
            raise UserError(
                self.env._(
                    "Only a cancelled contract that has generated nothing can be set back to draft.",
                )
            )
        self._set_state("draft")

    def _check_state_transition(self, new_state):
        states = dict(self._fields["state"]._description_selection(self.env))
        for contract in self:
            group = STATE_TRANSITIONS.get((contract.state, new_state))
            if not group:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot go from %(old)s to %(new)s.",
                        contract=contract.name,
                        old=states[contract.state],
                        new=states[new_state],
                    )
                )
            if not self.env.su and not self.env.user.has_group(group):
                raise AccessError(
                    self.env._(
                        "Contract %(contract)s: going from %(old)s to %(new)s requires the right "
                        '"%(group)s".',
                        contract=contract.name,
                        old=states[contract.state],
                        new=states[new_state],
                        group=self.env.ref(group).name,
                    )
                )

    def _set_state(self, new_state, values=None):
        """The one way the state changes: checks the transition and the user's right for each
        contract, then writes the state with ``values`` as the contract itself."""
        self._check_state_transition(new_state)
        self._write_system({"state": new_state, **(values or {})})

    def _check_user_group(self, group, action):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    '%(action)s on a service contract requires the right "%(group)s".',
                    action=action,
                    group=self.env.ref(group).name,
                )
            )

    def _check_running(self):
        for contract in self:
            if contract.state != "running":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is not running: confirm it first.",
                        contract=contract.name,
                    )
                )

    def _lock_for_action(self):
        """Lock the contracts for a button that generates, or say who is on them."""
        try:
            busy = self - self._lock_for_generation()
        except ContractBusyError:
            busy = self
        if busy:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is being processed right now (by the scheduled action or another "
                    "user): try again in a moment.",
                    contract=busy[0].name,
                )
            )

    def action_generate_requests(self):
        self._check_user_group(GROUP_DISPATCHER, self.env._("Generate requests now"))
        self._check_running()
        self._lock_for_action()
        requests = self.env["intervention.request"]
        for contract in self:
            if not contract.template_id:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s: set an Intervention Template in the Planning tab to plan "
                        "visits.",
                        contract=contract.name,
                    )
                )
            requests |= contract._generate_requests(contract._get_today())
            contract._write_system({"last_error": False})
        if not requests:
            return self._notify(self.env._("No visit falls within the planning horizon yet."))
        return self._action_view(requests, "field_intervention.intervention_request_action")

    def action_generate_invoice(self):
        self._check_user_group(GROUP_INVOICING, self.env._("Generate invoice now"))
        self._check_running()
        self._lock_for_action()
        moves = self.env["account.move"]
        for contract in self:
            if not contract.line_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has no Contract Lines to invoice.",
                        contract=contract.name,
                    )
                )
            moves |= contract._generate_invoices(
                contract._get_today(),
                force_next=contract.invoice_mode == "advance",
            )
            contract._write_system({"last_error": False})
        if not moves:
            return self._notify(self.env._("No period is due for invoicing yet."))
        return self._action_view(moves, "account.action_move_out_invoice_type")

    def _notify(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "info", "sticky": False},
        }

    def _action_view(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if len(records) == 1:
            action.update(views=[(False, "form")], res_id=records.id)
        else:
            action["domain"] = [("id", "in", records.ids)]
        return action

    def action_view_requests(self):
        self.ensure_one()
        action = self._action_view(self.request_ids, "field_intervention.intervention_request_action")
        action.update(domain=[("contract_id", "=", self.id)], views=[(False, "list"), (False, "form")])
        action.pop("res_id", None)
        return action

    def action_view_invoices(self):
        self.ensure_one()
        return self._action_view(self.invoice_ids, "account.action_move_out_invoice_type")

    def action_view_profitability(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_profitability_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"search_default_group_year": 1}
        action["display_name"] = self.env._("Profitability of %(contract)s", contract=self.display_name)
        return action

    def _get_portal_return_action(self):
        return self.env.ref("service_contract.service_contract_action")

    # ------------------------------------------------------------------
    # Customer portal: the visits of the period
    # ------------------------------------------------------------------

    def _get_portal_visit_period(self, today=None):
        """(first day, last day) of the period whose visits the portal shows.

        It is the contract year running today (from the anniversaries of the start date, as
        ``_get_contract_year`` counts the included visits), or, for a contract that recurs every
        two years or more, its recurrence period running today (date start + k x frequency, as
        ``_iter_visit_dates`` counts them), so that the period holds its visits. Before the start
        it is the first one; a contract that does not renew ends it at its end date."""
        self.ensure_one()
        day = max(today or self._get_today(), self.date_start)
        if not self.auto_renew:
            day = min(day, self.date_end)
        start, end = self._get_contract_year(day)
        if self.recurring_rule_type == "yearly" and self.recurring_interval > 1:
            count = (start.year - self.date_start.year) // self.recurring_interval
            start = self.date_start + self._get_recurrence_delta(count)
            end = self.date_start + self._get_recurrence_delta(count + 1) - ONE_DAY
        return start, end if self.auto_renew else min(end, self.date_end)

    def _get_portal_visits(self, today=None):
        """The visits the contract owes in its current period (``_get_portal_visit_period``), in
        date order, then its other open visits (generated for a later period, within the
        planning horizon, or left waiting from an earlier one: the customer still has to book
        or to receive them): one per planned visit date and unit visited (one request each), as
        dicts:

        - ``date``: the planned visit date; ``equipment``, ``address``: where;
        - ``state``: ``done`` (an appointment of its request is done, or the request is),
          ``planned`` (an appointment is coming: draft, confirmed or in progress), ``to_book``
          (its request waits for its appointment), ``cancelled`` (the office cancelled its
          request) or ``upcoming`` (its request is not generated yet: the visits from the
          contract's next visit date on; earlier ones without a request were before the
          contract ran, or before the unit joined it, and are not owed);
        - ``in_period``: False for the other open visits (always ``planned`` or ``to_book``);
        - ``request``, ``appointment``: the records (empty when none);
        - ``can_book``: the customer picks the slot of the waiting request on the portal;
        - ``can_book_early``: the customer may have this upcoming visit's request generated now
          (``_portal_request_visit``).

        Read with one search of the requests (their appointments prefetched with them),
        whatever the number of visits. Empty for a contract that is not running or plans no
        visits (no template)."""
        self.ensure_one()
        if self.state != "running" or not self.template_id:
            return []
        today = today or self._get_today()
        start, end = self._get_portal_visit_period(today)
        requests = self.env["intervention.request"].search(
            Domain("contract_id", "=", self.id)
            & (
                (Domain("contract_visit_date", ">=", start) & Domain("contract_visit_date", "<=", end))
                | Domain("state", "in", ("to_schedule", "scheduled"))
            ),
            order="contract_visit_date, id",
        )
        visits = [
            visit
            for visit in (self._prepare_portal_visit(request, start, end) for request in requests)
            if visit["in_period"] or visit["state"] in ("planned", "to_book")
        ]
        if self.next_visit_date:
            generated = {
                (request.contract_visit_date, request.equipment_id, request.address_partner_id)
                for request in requests
            }
            early = self._get_portal_early_visit(today)
            targets = self._get_request_targets()
            for visit in self._iter_visit_dates(end):
                if visit < max(start, self.next_visit_date):
                    continue
                for equipment, address in targets:
                    if (visit, equipment, address) not in generated:
                        visits.append(
                            {
                                "date": visit,
                                "state": "upcoming",
                                "in_period": True,
                                "equipment": equipment,
                                "address": address,
                                "request": requests.browse(),
                                "appointment": self.env["intervention.appointment"],
                                "can_book": False,
                                "can_book_early": visit == early,
                            }
                        )
        return sorted(
            visits,
            key=lambda visit: (
                not visit["in_period"],
                visit["date"],
                visit["equipment"].display_name or "",
                visit["address"].id,
            ),
        )

    def _prepare_portal_visit(self, request, period_start, period_end):
        """The portal visit (see ``_get_portal_visits``) of a generated request."""
        live = request.appointment_ids.filtered(lambda a: a.state != "cancelled").sorted("date_start")
        coming = live.filtered(lambda a: a.state in ("draft", "confirmed", "in_progress"))
        done = live.filtered(lambda a: a.state == "done")
        appointment = coming[:1] or done[-1:]
        if coming:
            state = "planned"
        elif done or request.state == "done":
            state = "done"
        elif request.state == "cancelled":
            state = "cancelled"
        else:
            state = "to_book"
        return {
            "date": request.contract_visit_date,
            "state": state,
            "in_period": period_start <= request.contract_visit_date <= period_end,
            "equipment": request.equipment_id,
            "address": request.address_partner_id,
            "request": request,
            "appointment": appointment,
            "can_book": state == "to_book" and request._portal_can_book(),
            "can_book_early": False,
        }

    def _get_portal_early_visit(self, today=None):
        """The upcoming visit whose request the customer may have generated now, or False.

        Only the contract's next visit (``next_visit_date``: the generation goes in date order,
        so that generating it is one visit, the very one the scheduled action would generate
        next), in the current period, within the slots the portal offers (the company's booking
        horizon from today), and only when the settings let the customer book its request
        (``_portal_can_book`` of the request it would generate)."""
        self.ensure_one()
        visit = self.next_visit_date
        if not (self.state == "running" and self.template_id and visit):
            return False
        today = today or self._get_today()
        start, end = self._get_portal_visit_period(today)
        horizon = today + timedelta(weeks=self.company_id.intervention_portal_booking_weeks)
        if not start <= visit <= min(end, horizon):
            return False
        equipment, address = self._get_request_targets()[0]
        values = self._prepare_request_values(visit, equipment, address)
        return visit if self.env["intervention.request"].new(values)._portal_can_book() else False

    def _portal_request_visit(self, partner, visit):
        """Generate now, for the customer ``partner`` (a portal user's), the requests of the
        upcoming ``visit`` (a date) of the contract, through the contract's own generation:
        the same requests the scheduled action would generate at the planning horizon, and the
        next visit date moves on. Checked here: the customer is the contract's, and the visit
        is the one ``_get_portal_early_visit`` offers. Returns the requests."""
        self.ensure_one()
        if partner.commercial_partner_id != self.commercial_partner_id:
            raise AccessError(
                self.env._("Contract %(contract)s is not one of your contracts.", contract=self.name)
            )
        self._lock_for_action()
        try:
            visit = fields.Date.to_date(visit)
        except ValueError:
            visit = False
        if not visit or visit != self._get_portal_early_visit():
            raise UserError(
                self.env._(
                    "Contract %(contract)s: this visit cannot be booked online now; it is already "
                    "planned, or our office will plan it.",
                    contract=self.name,
                )
            )
        requests = self._generate_requests(visit - timedelta(days=self.planning_horizon))
        if not requests:
            # The frequency or the months changed since the visit was planned: it is no longer
            # on the schedule, and the scheduled action will plan the next one.
            raise UserError(
                self.env._(
                    "Contract %(contract)s: the visit of %(date)s is no longer planned.",
                    contract=self.name,
                    date=format_date(self.env, visit),
                )
            )
        self.message_post(
            body=self.env._(
                "Visit of %(date)s requested by the customer from the portal: its requests were "
                "generated ahead of the planning horizon.",
                date=format_date(self.env, visit),
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return requests

    def _get_portal_next_visits(self):
        """{contract: (day, waiting)}: each contract's next visit for the customer, the earliest
        of its coming appointments (their day in the reader's time zone), of the planned dates
        of its requests waiting for one (``waiting`` is then True) and of its next visit date
        (the next one to generate: the field alone skips the visits already generated). Two
        grouped queries for all the contracts of ``self`` (a portal list page); a contract with
        none of them is left out."""
        coming = dict(
            self.env["intervention.appointment"]
            .sudo()
            ._read_group(
                [
                    ("request_id.contract_id", "in", self.ids),
                    ("state", "in", ("draft", "confirmed", "in_progress")),
                    ("date_end", ">=", fields.Datetime.now()),
                ],
                ["request_id.contract_id"],
                ["date_start:min"],
            )
        )
        waiting = dict(
            self.env["intervention.request"]
            .sudo()
            ._read_group(
                [("contract_id", "in", self.ids), ("state", "=", "to_schedule")],
                ["contract_id"],
                ["contract_visit_date:min"],
            )
        )
        result = {}
        for contract in self:
            candidates = []
            if contract in waiting:
                candidates.append((waiting[contract], True))
            if contract in coming:
                candidates.append((fields.Datetime.context_timestamp(self, coming[contract]).date(), False))
            if contract.next_visit_date:
                candidates.append((contract.next_visit_date, False))
            if candidates:
                result[contract] = min(candidates)
        return result
