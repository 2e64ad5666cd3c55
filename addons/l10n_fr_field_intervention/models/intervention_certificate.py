from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# What each certificate needs from the questionnaire: technical code -> what it is.
CERTIFICATE_CODES = {
    "boiler_certificate": ["co_ppm", "efficiency", "advice_use", "advice_improvement", "advice_replacement"],
    "sweeping_certificate": [
        "flue_swept",
        "sweeping_method",
        "flue_condition",
        "deposits",
        "anomalies_advice",
        "next_due",
    ],
}
SEND_WITHIN_DAYS = 15
REMIND_AFTER_DAYS = 10
KEEP_YEARS = 2
CO_CHECK, CO_STOP = 10, 50


def co_reading(ppm):
    """Reading of the CO measured near a boiler (arrêté du 15 septembre 2009): below 10 ppm normal,
    10 to 50 look for the cause, above 50 stop the boiler."""
    if ppm < CO_CHECK:
        return "normal"
    return "check" if ppm <= CO_STOP else "stop"


class InterventionCertificate(models.Model):
    """A regulatory certificate made when an appointment of a certificate template is done: the
    boiler maintenance certificate (Environment Code R224-41-4 to R224-41-9) or the chimney
    sweeping certificate. Kept with the appointment and the equipment at least two years."""

    _name = "intervention.certificate"
    _description = "Regulatory Certificate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    certificate_type = fields.Selection(
        [
            ("boiler_certificate", "Boiler maintenance certificate"),
            ("sweeping_certificate", "Chimney sweeping certificate"),
        ],
        string="Type",
        required=True,
        readonly=True,
    )
    appointment_id = fields.Many2one(
        "intervention.appointment",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    equipment_id = fields.Many2one("installed.equipment", readonly=True, index="btree_not_null")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Date(string="Visit Date", required=True, readonly=True)
    co_ppm = fields.Float(string="CO (ppm)", readonly=True)
    co_reading = fields.Selection(
        [
            ("normal", "Normal (below 10 ppm)"),
            ("check", "Look for the cause (10 to 50 ppm)"),
            ("stop", "Stop the boiler (above 50 ppm)"),
        ],
        string="CO Reading",
        readonly=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    sent_date = fields.Datetime(related="appointment_id.report_sent_date", store=True, string="Sent On")
    due_date = fields.Date(compute="_compute_due_date", store=True, string="Send Before")
    days_left = fields.Integer(compute="_compute_days_left")
    state = fields.Selection(
        [("to_send", "To Send"), ("sent", "Sent")],
        compute="_compute_state",
        store=True,
    )

    @api.depends("certificate_type", "appointment_id.name")
    def _compute_display_name(self):
        labels = dict(self._fields["certificate_type"]._description_selection(self.env))
        for certificate in self:
            certificate.display_name = " ".join(
                filter(
                    None,
                    [
                        labels.get(certificate.certificate_type),
                        certificate.appointment_id.name,
                    ],
                )
            )

    @api.depends("date")
    def _compute_due_date(self):
        for certificate in self:
            certificate.due_date = certificate.date and (
                certificate.date + relativedelta(days=SEND_WITHIN_DAYS)
            )

    @api.depends("due_date")
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        for certificate in self:
            certificate.days_left = (certificate.due_date - today).days if certificate.due_date else 0

    @api.depends("sent_date")
    def _compute_state(self):
        for certificate in self:
            certificate.state = "sent" if certificate.sent_date else "to_send"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kept(self):
        limit = fields.Date.context_today(self) - relativedelta(years=KEEP_YEARS)
        for certificate in self:
            if certificate.date > limit:
                raise UserError(
                    self.env._(
                        "%(certificate)s must be kept two years after the visit: it can be deleted from "
                        "%(date)s.",
                        certificate=certificate.display_name,
                        date=certificate.date + relativedelta(years=KEEP_YEARS),
                    )
                )

    def action_open_pdf(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/web/content/{self.attachment_id.id}?download=true"}

    @api.model
    def _cron_remind_unsent(self):
        """A certificate still not sent 10 days after the visit gets one activity (once)."""
        activity_type = self.env.ref("l10n_fr_field_intervention.mail_activity_certificate_unsent")
        limit = fields.Date.context_today(self) - relativedelta(days=REMIND_AFTER_DAYS)
        certificates = self.search(
            [
                ("state", "=", "to_send"),
                ("date", "<=", limit),
                ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
            ]
        )
        for certificate in certificates:
            certificate.activity_schedule(
                "l10n_fr_field_intervention.mail_activity_certificate_unsent",
                date_deadline=certificate.due_date,
                summary=self.env._("Send the certificate: %(days)s days left", days=certificate.days_left),
                user_id=(certificate.appointment_id.request_id.user_id or certificate.create_uid).id,
            )
        return certificates
