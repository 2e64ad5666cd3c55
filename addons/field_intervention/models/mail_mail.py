import ast
import logging

from odoo import models

_logger = logging.getLogger(__name__)

# Header of the mails that carry an appointment's report (set by the composer, see
# wizard/mail_compose_message.py): how the mail queue knows a refused mail was a report.
REPORT_MAIL_HEADER = "X-Odoo-Intervention-Report"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _is_intervention_report_mail(self):
        self.ensure_one()
        if self.model != "intervention.appointment" or not self.res_id or not self.headers:
            return False
        try:
            headers = ast.literal_eval(self.headers)
        except (ValueError, SyntaxError):
            return False
        return isinstance(headers, dict) and REPORT_MAIL_HEADER in headers

    def _postprocess_sent_message(
        self,
        success_pids,
        success_emails,
        failure_reason=False,
        failure_type=None,
    ):
        """A report the mail server refuses, when the queue sends it after Finish, leaves a
        note and an activity on its appointment: the code that sent it is long done."""
        refused = []
        if failure_type:
            for mail in self.filtered(lambda m: m.state == "exception" and m._is_intervention_report_mail()):
                recipients = mail.recipient_ids.filtered(
                    lambda partner: partner.partner_share and partner.id not in success_pids,
                )
                if recipients:
                    refused.append(
                        (
                            mail.res_id,
                            mail.create_uid,
                            ", ".join(recipients.mapped("display_name")),
                            failure_reason or mail.failure_reason or failure_type,
                        )
                    )
        result = super()._postprocess_sent_message(
            success_pids,
            success_emails,
            failure_reason=failure_reason,
            failure_type=failure_type,
        )
        for appointment_id, sender, recipients, reason in refused:
            # As the user who sent it, so that the activity goes to someone when the request
            # has no responsible (the queue runs as OdooBot); without the caller's report mark.
            Appointment = self.env["intervention.appointment"].with_user(sender or self.env.user).sudo()
            Appointment = Appointment.with_context(mark_intervention_report_sent=False)
            appointment = Appointment.browse(appointment_id).exists()
            if not appointment:
                continue
            try:
                with self.env.cr.savepoint():
                    # Not sent after all: "Report Sent On" must not say otherwise.
                    appointment._system_write({"report_sent_date": False})
                    appointment._report_not_sent(
                        self.env._(
                            "the mail to %(recipients)s was refused: %(reason)s",
                            recipients=recipients,
                            reason=reason,
                        )
                    )
            except Exception:
                # The queue goes on with the other mails whatever happens here.
                _logger.exception("Could not record on %s that its report was not sent", appointment.name)
        return result
