import logging

from odoo import api, fields, models
from odoo.addons.service_contract.tools import contract_dates
from odoo.addons.service_contract.tools.contract_dates import ONE_DAY
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date

from ..tools import renewal_notice

_logger = logging.getLogger(__name__)


class ServiceContract(models.Model):
    """The consumer contracts of French companies that renew tacitly get the renewal notice of
    the Code de la consommation (L215-1) in its legal window; when it was not sent in time, the
    customer may end the renewed contract at any time, free of charge."""

    _inherit = "service.contract"

    renewal_notice_required = fields.Boolean(
        compute="_compute_renewal_notice_required",
        store=True,
        help="A consumer contract of a company in France that renews tacitly: the customer must be "
        "told, before the term, that they may refuse the renewal (Code de la consommation, L215-1).",
    )
    renewal_notice_deadline = fields.Date(
        string="Refuse Renewal Until",
        compute="_compute_renewal_notice_dates",
        store=True,
        help="The last day the customer can refuse the renewal: the end of the term minus the "
        "termination notice. The renewal notice shows it in a visible box.",
    )
    renewal_notice_send_date = fields.Date(
        string="Renewal Notice Due",
        compute="_compute_renewal_notice_dates",
        store=True,
        index=True,
        help="The day the renewal notice goes out, inside its legal window (between three months "
        "and one month before the deadline).",
    )
    renewal_notice_date = fields.Date(
        string="Renewal Notice Sent On", readonly=True, copy=False, tracking=True
    )
    renewal_notice_term_end = fields.Date(
        string="Renewal Notice For Term Ending",
        readonly=True,
        copy=False,
        help="The end of the term the last renewal notice was sent for.",
    )
    renewal_notice_channel = fields.Selection(
        [("email", "Email"), ("letter", "Letter")],
        string="Renewal Notice Sent By",
        readonly=True,
        copy=False,
    )
    renewal_notice_pending = fields.Boolean(
        compute="_compute_renewal_notice_pending",
        store=True,
        index=True,
        help="The renewal notice of the current term is still to be sent.",
    )
    renewal_notice_missed = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="The legal window of the current term's notice passed without it: after the renewal "
        "the customer may end the contract at any time, free of charge.",
    )
    free_termination = fields.Boolean(
        string="Free Termination at Any Time",
        readonly=True,
        copy=False,
        tracking=True,
        help="Renewed without the renewal notice in time (Code de la consommation, L215-1): the "
        "customer may end the contract at any time, free of charge, and is refunded what was paid "
        "in advance for the time after the end.",
    )

    @api.depends("is_consumer", "auto_renew", "company_id.country_id", "state")
    def _compute_renewal_notice_required(self):
        for contract in self:
            contract.renewal_notice_required = (
                contract.is_consumer
                and contract.auto_renew
                and contract.state in ("draft", "running")
                and contract.company_id.country_id.code == "FR"
            )

    @api.depends("date_end", "termination_notice_days", "company_id.renewal_notice_days")
    def _compute_renewal_notice_dates(self):
        for contract in self:
            if not contract.date_end:
                contract.renewal_notice_deadline = contract.renewal_notice_send_date = False
                continue
            deadline = contract._get_non_renewal_deadline()
            contract.renewal_notice_deadline = deadline
            contract.renewal_notice_send_date = renewal_notice.notice_send_date(
                deadline, contract.company_id.renewal_notice_days or renewal_notice.DEFAULT_DAYS
            )

    @api.depends("renewal_notice_required", "renewal_notice_term_end", "date_end", "renewal_notice_missed")
    def _compute_renewal_notice_pending(self):
        for contract in self:
            contract.renewal_notice_pending = (
                contract.renewal_notice_required
                and contract.renewal_notice_term_end != contract.date_end
                and not contract.renewal_notice_missed
            )

    def _get_portal_readable_fields(self):
        return super()._get_portal_readable_fields() | {
            "renewal_notice_deadline",
            "renewal_notice_date",
            "free_termination",
        }

    def _is_free_termination(self):
        return super()._is_free_termination() or self.free_termination

    # ------------------------------------------------------------------
    # The notice
    # ------------------------------------------------------------------

    def _get_renewal_notice_window(self):
        self.ensure_one()
        return renewal_notice.notice_window(self.renewal_notice_deadline)

    def _get_renewal_term(self):
        """The first and last days of the term the contract renews for."""
        self.ensure_one()
        return contract_dates.renewed_term(
            self.term_start_date or self.date_start,
            self.date_end,
            self.date_end + ONE_DAY,
        )

    def _get_renewal_price(self):
        """The untaxed price of the renewed term's invoicing period and the revision formula
        applied at the renewal (False without a revision)."""
        self.ensure_one()
        if self.revision_method == "none":
            return self.amount_untaxed, False
        renewal_start = self._get_renewal_term()[0]
        try:
            preview = self._get_revision_preview(renewal_start)
        except UserError:
            # The index value of the renewal is not published yet: the notice says how the price
            # will be revised, with today's price.
            return self.amount_untaxed, self.env._(
                "by the index %(index)s, with its value of %(date)s once published (current price shown)",
                index=self.revision_index_id.display_name,
                date=format_date(self.env, renewal_start),
            )
        amount = sum(price * line.quantity for line, price in preview["prices"].items())
        return self.currency_id.round(amount), preview["formula"]

    def _process_renewal_notice(self, today):
        """Send the notice when its day has come and the window is open; flag it missed when the
        window closed without it."""
        self.ensure_one()
        if (
            not self.renewal_notice_pending
            or self.state != "running"
            or today < self.renewal_notice_send_date
        ):
            return
        if today > self._get_renewal_notice_window()[1]:
            self._write_system({"renewal_notice_missed": True})
            self.message_post(
                body=self.env._(
                    "The renewal notice was not sent by %(date)s, the last day of its legal window: after "
                    "the renewal on %(renewal)s the customer may end the contract at any time, free of "
                    "charge (Code de la consommation, L215-1).",
                    date=format_date(self.env, self._get_renewal_notice_window()[1]),
                    renewal=format_date(self.env, self.date_end + ONE_DAY),
                )
            )
            return
        self._send_renewal_notice(today)

    def _send_renewal_notice(self, today):
        """By email (the mail is the notice); without an email address, the letter as PDF on the
        contract and an activity to post it today."""
        self.ensure_one()
        template = self.env.ref("l10n_fr_service_contract.mail_template_contract_renewal_notice")
        if self.partner_id.email:
            channel = "email"
            self.message_subscribe(partner_ids=self.partner_id.ids)
            self.message_post_with_source(
                template,
                author_id=(self.user_id.partner_id or self.company_id.partner_id).id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        else:
            channel = "letter"
            report = self.env.ref("l10n_fr_service_contract.action_report_contract_renewal_notice")
            pdf, _format = report._render_qweb_pdf(report, self.ids)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Renewal notice %(contract)s.pdf", contract=self.name.replace("/", "-")
                    ),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
            self.message_post(
                body=self.env._(
                    "Renewal notice to post to the customer today (no email address): the letter is attached."
                ),
                attachment_ids=attachment.ids,
            )
            self.activity_schedule(
                "l10n_fr_service_contract.mail_activity_type_renewal_notice_post",
                user_id=(self.user_id or self.env.ref("base.user_admin")).id,
                date_deadline=today,
                note=self.env._(
                    "Post the renewal notice attached to the contract today: the customer must receive it "
                    "before %(deadline)s.",
                    deadline=format_date(self.env, self.renewal_notice_deadline),
                ),
            )
        self._write_system(
            {
                "renewal_notice_date": today,
                "renewal_notice_term_end": self.date_end,
                "renewal_notice_channel": channel,
            }
        )
        if channel == "email":
            self.message_post(
                body=self.env._(
                    "Renewal notice sent by email: the customer may refuse the renewal until %(deadline)s.",
                    deadline=format_date(self.env, self.renewal_notice_deadline),
                )
            )

    @api.model
    def _cron_send_renewal_notices(self, batch_size=100):
        self._cron_run_batched(
            Domain("state", "=", "running")
            & Domain("renewal_notice_pending", "=", True)
            & Domain("renewal_notice_send_date", "<=", self._get_tomorrow()),
            lambda contracts: [
                contract._process_renewal_notice(contract._get_today()) for contract in contracts
            ],
            batch_size,
        )

    # ------------------------------------------------------------------
    # Renewal without the notice
    # ------------------------------------------------------------------

    def _renew_or_close(self, today):
        without_notice = (
            self.renewal_notice_required
            and self.state == "running"
            and self.date_end < today
            and self.renewal_notice_term_end != self.date_end
        )
        result = super()._renew_or_close(today)
        if self.state == "running" and self.renewal_notice_required:
            self._write_system({"free_termination": without_notice, "renewal_notice_missed": False})
            if without_notice:
                self.message_post(
                    body=self.env._(
                        "Renewed without the renewal notice in time: the customer may end the contract at "
                        "any time, free of charge, and is refunded what was paid in advance for the time "
                        "after the end (Code de la consommation, L215-1)."
                    )
                )
        return result
