from unittest.mock import patch

from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.mail.wizard.mail_compose_message import MailComposeMessage
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_report import ReportCase


def _refuse(*args, **kwargs):
    raise MailDeliveryException("550 5.7.1 Relaying denied")


@tagged("post_install", "-at_install")
class TestReportFailure(ReportCase, MockEmail):
    """A report that does not go out, whatever the stage, says so on its appointment: a note in
    the chatter and an activity for the office. The appointment stays done."""

    def _report_mails(self, appointment):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", appointment._name),
                    ("res_id", "=", appointment.id),
                ]
            )
        )

    def _assert_not_sent_told(self, appointment, *reasons):
        self.assertEqual(appointment.state, "done", "a report that does not go out never undoes Finish")
        notes = appointment.message_ids.filtered(lambda m: "could not be sent" in (m.body or ""))
        self.assertEqual(len(notes), 1, "one note")
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"), "an internal note, not a mail")
        activity = appointment.activity_ids.filtered(lambda a: a.summary == "Intervention report not sent")
        self.assertEqual(len(activity), 1, "one activity")
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_warning"))
        for reason in reasons:
            self.assertIn(reason, notes.body)
            self.assertIn(reason, activity.note)

    def _finish_queued(self):
        """Finish in automatic mode; outside the mail mock, the mail waits in the queue."""
        self.template.report_send_mode = "auto"
        appointment = self._done_appointment()
        mail = self._report_mails(appointment)
        self.assertEqual((len(mail), mail.state), (1, "outgoing"), "queued")
        self.assertFalse(appointment.activity_ids)
        return appointment, mail

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_queue_refusal_after_finish_leaves_note_and_activity(self):
        appointment, mail = self._finish_queued()
        self.assertTrue(appointment.report_sent_date, "posted at Finish")
        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = _refuse
            mail.send(raise_exception=False)  # what the queue's cron does
        self.assertEqual(mail.state, "exception", "the mail is kept, to retry it")
        self._assert_not_sent_told(appointment, "Jeanne Martin", "Relaying denied")
        self.assertFalse(appointment.report_sent_date, "not sent after all")

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_queue_refusal_of_the_report_sent_from_the_composer(self):
        appointment = self._done_appointment()  # manual mode: from the back office
        action = appointment.with_user(self.dispatcher).action_send_report()
        Composer = self.env["mail.compose.message"].with_user(self.dispatcher)
        composer = Form(Composer.with_context(**action["context"]))
        composer.save().action_send_mail()
        mail = self._report_mails(appointment)
        self.assertEqual(mail.state, "outgoing")
        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = _refuse
            mail.send(raise_exception=False)
        self._assert_not_sent_told(appointment, "Relaying denied")
        self.assertEqual(
            appointment.activity_ids.user_id,
            self.dispatcher,
            "for the dispatcher who sent it, as the queue runs as OdooBot",
        )

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_queue_refusal_of_another_message_is_not_a_report(self):
        appointment = self._done_appointment()
        with self.mock_mail_gateway():
            message = appointment.with_user(self.dispatcher).message_post(
                body="Intervention report of the neighbour, see attached",
                partner_ids=self.customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
            mail.state = "outgoing"
            self.send_email_mocked.side_effect = _refuse
            mail.send(raise_exception=False)
        self.assertEqual(mail.state, "exception")
        self.assertFalse(appointment.activity_ids, "a chatter message is not the report, whatever it says")
        self.assertFalse(appointment.message_ids.filtered(lambda m: "could not be sent" in (m.body or "")))

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_mail_server_refusal_at_finish(self):
        self.template.report_send_mode = "auto"
        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = _refuse
            appointment = self._done_appointment()
        self.assertEqual(self._report_mails(appointment).state, "exception")
        self._assert_not_sent_told(appointment, "Relaying denied")

    @mute_logger("odoo.addons.field_intervention.models.intervention_appointment")
    def test_pdf_rendering_failure_at_finish(self):
        self.template.report_send_mode = "auto"
        Report = type(self.env["ir.actions.report"])
        with (
            self.mock_mail_gateway(),
            patch.object(
                Report,
                "_render_qweb_pdf",
                autospec=True,
                side_effect=UserError("wkhtmltopdf crashed"),
            ),
        ):
            appointment = self._done_appointment()
        self.assertFalse(self._report_mails(appointment), "nothing half sent")
        self.assertFalse(appointment.report_sent_date)
        self._assert_not_sent_told(appointment, "wkhtmltopdf crashed")

    @mute_logger("odoo.addons.field_intervention.models.intervention_appointment")
    def test_pdf_storing_failure_at_finish(self):
        self.template.report_auto_store = True
        Report = type(self.env["ir.actions.report"])
        with patch.object(
            Report,
            "_render_qweb_pdf",
            autospec=True,
            side_effect=UserError("wkhtmltopdf crashed"),
        ):
            appointment = self._done_appointment()
        self.assertEqual(appointment.state, "done", "a report that cannot be stored never undoes Finish")
        self.assertFalse(appointment.report_attachment_id)
        notes = appointment.message_ids.filtered(lambda m: "could not be stored" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("wkhtmltopdf crashed", notes.body)
        activity = appointment.activity_ids.filtered(lambda a: a.summary == "Intervention report not stored")
        self.assertEqual(len(activity), 1)

    @mute_logger("odoo.addons.field_intervention.models.intervention_appointment")
    def test_posting_failure_at_finish(self):
        self.template.report_send_mode = "auto"
        with (
            self.mock_mail_gateway(),
            patch.object(
                MailComposeMessage,
                "_action_send_mail_comment",
                autospec=True,
                side_effect=UserError("No recipient found."),
            ),
        ):
            appointment = self._done_appointment()
        self.assertFalse(self._report_mails(appointment))
        self.assertFalse(appointment.report_sent_date)
        self._assert_not_sent_told(appointment, "No recipient found.")
