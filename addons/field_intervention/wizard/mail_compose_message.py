from odoo import models

from ..models.intervention_appointment import REPORT_MAIL_TEMPLATE
from ..models.mail_mail import REPORT_MAIL_HEADER


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _is_intervention_report(self):
        """The report being sent: with its template (also how Finish sends it in automatic
        mode), or from the composer "Send Report" opens."""
        self.ensure_one()
        if self.composition_mode != "comment" or self.model != "intervention.appointment":
            return False
        template = self.env.ref(REPORT_MAIL_TEMPLATE, raise_if_not_found=False)
        return bool(template and self.template_id == template) or bool(
            self.env.context.get("mark_intervention_report_sent"),
        )

    def _manage_mail_values(self, mail_values_all):
        mail_values_all = super()._manage_mail_values(mail_values_all)
        if self._is_intervention_report():
            # Marks the mails of the report, so that a refusal by the mail server, later in
            # the queue, is told on the appointment (mail.mail).
            for values in mail_values_all.values():
                values["mail_headers"] = {**(values.get("mail_headers") or {}), REPORT_MAIL_HEADER: "1"}
        return mail_values_all
