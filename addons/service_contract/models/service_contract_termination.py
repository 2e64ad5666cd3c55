from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_date, format_datetime

from ..tools import contract_dates
from ..tools.contract_dates import ONE_DAY
from .service_contract import GROUP_DISPATCHER, field_label

# Requests of the contract that a termination cancels when planned after its end: not started.
OPEN_REQUEST_STATES = ("to_schedule", "scheduled")


class ServiceContract(models.Model):
    """Consumer contracts and termination: the customer (on the portal, or the office on their
    behalf) asks to end the contract; it ends at the date its notice rules give, the visits
    planned after it are cancelled and what was invoiced in advance beyond it is refunded."""

    _inherit = "service.contract"  # pylint: disable=consider-merging-classes-inherited

    is_consumer = fields.Boolean(
        string="Consumer Contract",
        compute="_compute_is_consumer",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The customer is a person buying for their own needs, not a business: the consumer "
        "protection rules of the company's country apply (in France, the renewal notice and the "
        "online termination of the Code de la consommation).",
    )
    termination_notice_days = fields.Integer(
        string="Termination Notice",
        default=30,
        tracking=True,
        help="Days before the end of a term by which the customer must ask not to renew; a request "
        "made later ends the contract at the end of the next term.",
    )
    termination_requested_on = fields.Datetime(
        readonly=True,
        copy=False,
        tracking=True,
    )
    termination_requested_by = fields.Many2one(
        "res.partner",
        readonly=True,
        copy=False,
    )
    termination_reason = fields.Text(readonly=True, copy=False)
    termination_date = fields.Date(
        string="Ends On (Termination)",
        readonly=True,
        copy=False,
        help="The last day of the contract after the customer's termination request.",
    )
    termination_refund_id = fields.Many2one(
        "account.move",
        string="Termination Credit Note",
        readonly=True,
        copy=False,
        help="Draft credit note of what was invoiced in advance for the days after the end.",
    )

    @api.depends("partner_id")
    def _compute_is_consumer(self):
        for contract in self:
            contract.is_consumer = (
                bool(contract.partner_id) and not contract.partner_id.commercial_partner_id.is_company
            )

    @api.constrains("termination_notice_days", "date_start", "date_end")
    def _check_termination_notice_days(self):
        for contract in self:
            if contract.termination_notice_days < 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the %(field)s cannot be negative.",
                        contract=contract.name,
                        field=field_label(self, "termination_notice_days"),
                    )
                )
            # The notice must fit in a term; a terminated contract's last term may be shorter.
            if contract.date_start and contract.date_end and not contract.termination_requested_on:
                term_start = contract.term_start_date or contract.date_start
                term_days = (contract.date_end - term_start).days + 1
                if contract.termination_notice_days >= term_days:
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: the %(field)s (%(days)s days) must be shorter than its "
                            "term (%(term)s days).",
                            contract=contract.name,
                            field=field_label(self, "termination_notice_days"),
                            days=contract.termination_notice_days,
                            term=term_days,
                        )
                    )

    def _get_portal_readable_fields(self):
        return super()._get_portal_readable_fields() | {
            "is_consumer",
            "termination_notice_days",
            "termination_requested_on",
            "termination_date",
        }

    # ------------------------------------------------------------------
    # When a termination takes effect
    # ------------------------------------------------------------------

    def _get_non_renewal_deadline(self):
        """The last day the customer can ask not to renew the current term."""
        self.ensure_one()
        return self.date_end - timedelta(days=self.termination_notice_days)

    def _is_free_termination(self):
        """Whether the customer may end the contract at any time, with effect at once and no fee.
        No by default; a country's consumer law may say yes (l10n_fr_service_contract: the renewal
        notice was not sent in time)."""
        self.ensure_one()
        return False

    def _get_termination_date(self, request_day):
        """The last day of the contract when its customer asks to end it on ``request_day``: the
        day itself for a free termination; else the end of the current term when the request is
        within its notice, or the end of the next term (for a contract that renews)."""
        self.ensure_one()
        if self._is_free_termination():
            return request_day
        if request_day <= self._get_non_renewal_deadline() or not self.auto_renew:
            return self.date_end
        return contract_dates.renewed_term(
            self.term_start_date or self.date_start,
            self.date_end,
            self.date_end + ONE_DAY,
        )[1]

    def _get_termination_refunds(self, end_date):
        """What was invoiced for the days after ``end_date``: a list of {invoice, period,
        prorata, lines: [(invoice line, amount untaxed)], amount} for each posted invoice whose
        period runs past the end, newest first."""
        self.ensure_one()
        refunds = []
        periods = self.sudo().invoice_period_ids.filtered(
            lambda p: (
                p.period_end > end_date
                and p.move_id.state == "posted"
                and p.move_id.move_type == "out_invoice"
            )
        )
        for period in periods.sorted("period_start", reverse=True):
            days = (period.period_end - period.period_start).days + 1
            kept = max((end_date - period.period_start).days + 1, 0)
            prorata = (days - kept) / days
            lines = period.move_id.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            amounts = [(line, self.currency_id.round(line.price_subtotal * prorata)) for line in lines]
            refunds.append(
                {
                    "invoice": period.move_id,
                    "period": period,
                    "prorata": prorata,
                    "lines": amounts,
                    "amount": period.move_id.amount_total * prorata,
                }
            )
        return refunds

    def _get_termination_summary(self, request_day=None):
        """What ending the contract now means, as the customer sees it before confirming: the end
        date, whether it is free, the visits kept and cancelled, and the refund."""
        self.ensure_one()
        request_day = request_day or self._get_today()
        end_date = self._get_termination_date(request_day)
        requests = self.sudo().request_ids.filtered(lambda r: r.state in OPEN_REQUEST_STATES)
        refunds = self._get_termination_refunds(end_date)
        return {
            "request_day": request_day,
            "end_date": end_date,
            "deadline": self._get_non_renewal_deadline(),
            "free": self._is_free_termination(),
            "visits_kept": requests.filtered(
                lambda r: r.contract_visit_date and r.contract_visit_date <= end_date
            ),
            "visits_cancelled": requests.filtered(
                lambda r: r.contract_visit_date and r.contract_visit_date > end_date
            ),
            "refunds": refunds,
            "refund_amount": sum(refund["amount"] for refund in refunds),
            "currency": self.currency_id,
        }

    # ------------------------------------------------------------------
    # Terminating
    # ------------------------------------------------------------------

    def _check_can_terminate(self):
        self.ensure_one()
        if self.state != "running":
            raise UserError(
                self.env._(
                    "Contract %(contract)s is not running: there is nothing to terminate.",
                    contract=self.name,
                )
            )
        if self.termination_requested_on:
            raise UserError(
                self.env._(
                    "The termination of contract %(contract)s was already requested on %(date)s: it ends "
                    "on %(end)s.",
                    contract=self.name,
                    date=format_date(self.env, self.termination_requested_on.date()),
                    end=format_date(self.env, self.termination_date),
                )
            )

    def _portal_can_terminate(self):
        self.ensure_one()
        return self.state == "running" and not self.termination_requested_on

    def _portal_terminate(self, partner, reason=None):
        """The customer ``partner`` (a portal user's) ends the contract: checked here that it is
        theirs and can be ended, then :meth:`_terminate`."""
        self.ensure_one()
        if partner.commercial_partner_id != self.commercial_partner_id:
            raise AccessError(
                self.env._("Contract %(contract)s is not one of your contracts.", contract=self.name)
            )
        return self.sudo()._terminate(partner, reason, channel="portal")

    def _terminate(self, partner, reason=None, channel="office"):
        """Record the termination requested by ``partner`` today: the end date, no renewal, the
        visits planned after the end cancelled, a draft credit note for what was invoiced in
        advance beyond it, an activity for the office and the acknowledgement to the customer.
        Returns the summary."""
        self.ensure_one()
        if partner.commercial_partner_id != self.commercial_partner_id:
            raise ValidationError(
                self.env._(
                    "Contract %(contract)s: %(field)s must be the customer %(customer)s or one of its "
                    "contacts, not %(partner)s.",
                    contract=self.name,
                    field=field_label(self, "termination_requested_by"),
                    customer=self.commercial_partner_id.display_name,
                    partner=partner.display_name,
                )
            )
        self._lock_for_action()
        self._check_can_terminate()
        reason = (reason or "").strip()
        if len(reason) > 2000:
            raise ValidationError(
                self.env._(
                    "%(field)s: 2,000 characters at most.",
                    field=field_label(self, "termination_reason"),
                )
            )
        summary = self._get_termination_summary()
        end_date = summary["end_date"]
        refund = self._create_termination_refund(summary["refunds"])
        self._write_system(
            {
                "termination_requested_on": fields.Datetime.now(),
                "termination_requested_by": partner.id,
                "termination_reason": reason or False,
                "termination_date": end_date,
                "termination_refund_id": refund.id,
                "auto_renew": False,
                "date_end": end_date,
            }
        )
        summary["visits_cancelled"].sudo().action_cancel()
        self._notify_termination(summary, refund, channel)
        return summary

    def _create_termination_refund(self, refunds):
        """One draft credit note, each line the prorated part of an invoice line, each invoice's
        lines under it; none when nothing was invoiced beyond the end."""
        lines = [
            Command.create(
                {
                    "display_type": "product",
                    "product_id": line.product_id.id,
                    "name": self.with_context(lang=self.partner_id.lang).env._(
                        "%(description)s — refund of %(percent)s%% (termination)",
                        description=line.name,
                        percent=round(refund["prorata"] * 100, 2),
                    ),
                    "quantity": line.quantity,
                    "price_unit": amount / line.quantity if line.quantity else amount,
                    "tax_ids": [Command.set(line.tax_ids.ids)],
                }
            )
            for refund in refunds
            for line, amount in refund["lines"]
            if amount
        ]
        if not lines:
            return self.env["account.move"]
        return (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(default_move_type="out_refund", mail_create_nosubscribe=True)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.currency_id.id,
                    "fiscal_position_id": self.fiscal_position_id.id,
                    "invoice_origin": self.name,
                    "reversed_entry_id": refunds[0]["invoice"].id,
                    "ref": self.env._("Termination of %(contract)s", contract=self.name),
                    "invoice_user_id": self.user_id.id,
                    "invoice_line_ids": lines,
                }
            )
        )

    def _notify_termination(self, summary, refund, channel):
        self.ensure_one()
        body = self.env._(
            "Termination requested by %(customer)s (%(channel)s): the contract ends on %(end)s and will not "
            "renew.",
            customer=self.termination_requested_by.display_name,
            channel=dict(self._get_termination_channels())[channel],
            end=format_date(self.env, summary["end_date"]),
        )
        self.message_post(body=body)
        self.activity_schedule(
            "service_contract.mail_activity_type_contract_termination",
            user_id=(self.user_id or self.env.user).id,
            date_deadline=fields.Date.context_today(self),
            note=self._get_termination_activity_note(summary, refund),
        )
        self.message_subscribe(partner_ids=self.partner_id.ids)
        self.message_post_with_source(
            "service_contract.mail_template_contract_termination",
            author_id=(self.user_id.partner_id or self.company_id.partner_id).id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _get_termination_channels(self):
        return [("portal", self.env._("online")), ("office", self.env._("recorded by the office"))]

    def _get_termination_activity_note(self, summary, refund):
        lines = [
            self.env._("Ends on %(date)s.", date=format_date(self.env, summary["end_date"])),
        ]
        if self.termination_reason:
            lines.append(self.env._("Reason: %(reason)s", reason=self.termination_reason))
        if summary["visits_cancelled"]:
            lines.append(
                self.env._(
                    "%(count)s planned visits after the end were cancelled.",
                    count=len(summary["visits_cancelled"]),
                )
            )
        if refund:
            lines.append(
                self.env._(
                    "Check and confirm the draft credit note %(refund)s: it refunds what was invoiced in "
                    "advance for the days after the end.",
                    refund=refund.display_name,
                )
            )
        return "<br/>".join(lines)

    def _get_termination_cancelled_visits(self):
        """The contract's visits the termination cancelled: planned after its end."""
        self.ensure_one()
        if not self.termination_date:
            return self.env["intervention.request"]
        return self.sudo().request_ids.filtered(
            lambda r: (
                r.state == "cancelled"
                and r.contract_visit_date
                and r.contract_visit_date > self.termination_date
            )
        )

    def _get_termination_requested_local(self):
        """When the request came in, in the customer's time zone (else the company's)."""
        self.ensure_one()
        tz = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        return format_datetime(self.env, self.termination_requested_on, tz=tz, dt_format="short")

    def action_view_termination_refund(self):
        self.ensure_one()
        return self._action_view(self.termination_refund_id, "account.action_move_out_refund_type")

    def action_open_terminate(self):
        """Record a Termination button: the wizard showing what ending the contract means."""
        self.ensure_one()
        self._check_user_group(GROUP_DISPATCHER, self.env._("Recording a termination"))
        self._check_can_terminate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Termination"),
            "res_model": "service.contract.terminate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id, "default_partner_id": self.partner_id.id},
        }
