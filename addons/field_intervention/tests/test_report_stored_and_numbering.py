from odoo import Command
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, ValidationError

from .common import FieldInterventionCase
from .test_report import ReportCase


class TestStoredReportSentOnce(ReportCase, MockEmail):
    """A template that both stores the report and sends it by itself: one PDF, the stored one,
    goes with the mail."""

    def _pdfs_of(self, appointment):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", appointment._name),
                ("res_id", "=", appointment.id),
                ("mimetype", "=", "application/pdf"),
            ]
        )

    def test_stored_report_is_the_one_mailed(self):
        self.template.write({"report_auto_store": True, "report_send_mode": "auto"})
        with self.mock_mail_gateway():
            appointment = self._done_appointment()
        mail = self._new_mails.filtered(
            lambda mail: mail.model == appointment._name and mail.res_id == appointment.id,
        )
        self.assertEqual(len(mail), 1)
        self.assertTrue(appointment.report_sent_date)
        self.assertEqual(self._pdfs_of(appointment), appointment.report_attachment_id, "attached once")
        self.assertEqual(mail.attachment_ids, appointment.report_attachment_id, "the stored PDF is mailed")
        self.assertEqual(mail.mail_message_id.attachment_ids, appointment.report_attachment_id)

    def test_report_not_stored_is_still_mailed_with_a_pdf(self):
        """Storing is optional: without it the mail template renders the PDF, as before."""
        self.template.write({"report_auto_store": False, "report_send_mode": "auto"})
        with self.mock_mail_gateway():
            appointment = self._done_appointment()
        mail = self._new_mails.filtered(
            lambda mail: mail.model == appointment._name and mail.res_id == appointment.id,
        )
        self.assertFalse(appointment.report_attachment_id)
        self.assertEqual(len(mail.attachment_ids), 1, "the report rendered by the mail template")


class TestRefusedAppointmentTakesNoNumber(FieldInterventionCase):
    """A refused appointment leaves the sequence as it was: its error names no number that would
    then never exist, and the next appointment gets the number that follows the last one."""

    def _numbers(self, *appointments):
        return [int(appointment.name.rsplit("/", 1)[-1]) for appointment in appointments]

    def test_refused_creates_take_no_number(self):
        first = self._create_appointment()
        with self.assertRaises(AccessError) as refused:
            # A technician cannot plan another technician: refused after the record was made.
            self._create_appointment(
                user=self.technician,
                technician_ids=[Command.set((self.technician | self.technician_2).ids)],
            )
        self.assertNotIn(f"{self.template.code}/", str(refused.exception), "no number is named")
        with self.assertRaises(ValidationError):
            # The End before the Start: refused by a constraint of create.
            self._create_appointment(date_end="2030-03-04 08:00:00")
        second = self._create_appointment()
        self.assertEqual(self._numbers(second)[0], self._numbers(first)[0] + 1)
        self.assertTrue(second.name.startswith(f"{self.template.code}/"))

    def test_batch_numbers_follow_each_other_with_their_codes(self):
        other = self.template.copy({"code": "OTHR"})
        one, two, three = self.env["intervention.appointment"].create(
            [
                {"partner_id": self.customer.id, "template_id": self.template.id, "date_start": self.start},
                {"partner_id": self.customer.id, "template_id": other.id, "date_start": self.start},
                {"partner_id": self.customer.id, "template_id": self.template.id, "date_start": self.start},
            ]
        )
        numbers = self._numbers(one, two, three)
        self.assertEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2])
        self.assertEqual(
            [name.split("/")[0] for name in (one | two | three).mapped("name")], ["TRAM", "OTHR", "TRAM"]
        )

    def test_an_imported_number_is_kept(self):
        appointment = (
            self.env["intervention.appointment"]
            .sudo()
            .create(
                {
                    "name": "OLD/42",
                    "partner_id": self.customer.id,
                    "template_id": self.template.id,
                    "date_start": self.start,
                }
            )
        )
        self.assertEqual(appointment.name, "OLD/42")
