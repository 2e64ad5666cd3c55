import base64
import contextlib
import io
import unittest

from PIL import Image

from odoo import Command
from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import TECHNICIAN, FieldInterventionCase, pdf_page_digests, pdf_text, wkhtmltopdf_calls


def _image(color, size=(640, 480), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


class ReportCase(FieldInterventionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"email": "jeanne.martin@example.com"})
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Stove check",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create(
                        {"title": "Draught (Pa)", "question_type": "numerical_box", "sequence": 1}
                    ),
                    Command.create(
                        {
                            "title": "Flue condition",
                            "question_type": "simple_choice",
                            "sequence": 2,
                            "suggested_answer_ids": [
                                Command.create({"value": "Good"}),
                                Command.create({"value": "Dirty"}),
                            ],
                        }
                    ),
                ],
            }
        )
        cls.template.survey_id = cls.survey

    def _done_appointment(self, **values):
        appointment = self._create_appointment(**values)
        appointment.action_confirm()
        appointment.with_user(appointment.technician_ids[0]).action_finish()
        return appointment

    def _answer_survey(self, appointment):
        action = appointment.with_user(self.technician).action_fill_questionnaire()
        answer = appointment.sudo().survey_user_input_id
        self.assertIn(answer.access_token, action["url"])
        draught, flue = self.survey.question_ids.sorted("sequence")
        answer._save_lines(draught, 12)
        answer._save_lines(flue, flue.suggested_answer_ids[0].id)
        return answer


@tagged("post_install", "-at_install")
class TestReportContent(ReportCase):
    def test_questionnaire_answered_once_per_appointment(self):
        appointment = self._done_appointment()
        answer = self._answer_survey(appointment)
        appointment.with_user(self.technician).action_fill_questionnaire()
        self.assertEqual(appointment.sudo().survey_user_input_id, answer, "one answer set per appointment")
        self.assertEqual(answer.intervention_appointment_id, appointment)
        answers = appointment.with_user(self.technician).questionnaire_answers
        self.assertIn("Draught (Pa)", answers)
        self.assertIn("Good", answers)

    def test_technician_cannot_answer_another_technicians_questionnaire(self):
        theirs = self._done_appointment(technician_ids=[Command.set(self.technician_2.ids)])
        with self.assertRaises(AccessError):
            theirs.with_user(self.technician).action_fill_questionnaire()
        self.assertFalse(theirs.sudo().survey_user_input_id)

    def test_equipment_questionnaire_answers_on_equipment_newest_first(self):
        category = self.env["installed.equipment.category"].create(
            {
                "name": "Pellet stoves",
                "survey_id": self.survey.id,
            }
        )
        self.equipment.category_id = category
        first, second = self._done_appointment(), self._done_appointment()
        for appointment, pascals in ((first, 10), (second, 14)):
            appointment.with_user(self.technician).action_fill_equipment_questionnaire()
            answer = appointment.sudo().equipment_user_input_id
            self.assertEqual(answer.installed_equipment_id, self.equipment)
            answer._save_lines(self.survey.question_ids.sorted("sequence")[0], pascals)
        history = self.equipment.with_user(self.technician).questionnaire_answers
        self.assertLess(history.index(second.name), history.index(first.name), "newest first")

    def test_report_filled_after_done_until_closed(self):
        appointment = self._done_appointment()
        photo = (
            self.env["ir.attachment"]
            .with_user(self.technician)
            .create(
                {
                    "name": "flue.jpg",
                    "raw": _image((200, 80, 40)),
                    "mimetype": "image/jpeg",
                }
            )
        )
        appointment.with_user(self.technician).write(
            {
                "work_summary": "<p>Swept</p>",
                "photo_ids": [Command.link(photo.id)],
                "signed_by": "Jeanne Martin",
                "signature": base64.b64encode(_image((255, 255, 255), fmt="PNG")),
            }
        )
        self.assertTrue(appointment.signed_on, "the signing time is recorded")
        self.assertEqual((photo.res_model, photo.res_id), (appointment._name, appointment.id))
        with self.assertRaisesRegex(UserError, "is done and cannot be changed"):
            appointment.with_user(self.technician).write({"duration": 3})
        appointment.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "is closed"):
            appointment.with_user(self.technician).write({"work_summary": "<p>late</p>"})

    def test_report_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["field_intervention"], ["fr_FR"], overwrite=True)
        self.customer.lang = "fr_FR"
        appointment = self._done_appointment()
        html, _report_type = self.env["ir.actions.report"]._render_qweb_html(
            "field_intervention.action_report_intervention_appointment",
            appointment.ids,
        )
        html = html.decode()
        self.assertIn("Rapport d'intervention", html)
        self.assertIn("Numéro de série", html)
        self.assertIn("04/03/2030", html, "French date format")


@tagged("post_install", "-at_install")
class TestReportSending(ReportCase, MockEmail):
    def _report_mails(self, appointment):
        return self._new_mails.filtered(
            lambda mail: mail.model == appointment._name and mail.res_id == appointment.id,
        )

    def test_manual_mode_sends_nothing_on_done_and_composer_sends(self):
        with self.mock_mail_gateway():
            appointment = self._done_appointment()
        self.assertFalse(self._report_mails(appointment))
        self.assertFalse(appointment.report_sent_date)
        self.assertFalse(appointment.with_user(self.technician).can_send_report, "office only")
        with self.assertRaises(UserError):
            appointment.with_user(self.technician).action_send_report()
        action = appointment.with_user(self.dispatcher).action_send_report()
        Composer = self.env["mail.compose.message"].with_user(self.dispatcher)
        composer = Form(Composer.with_context(**action["context"]))
        self.assertIn(appointment.name, composer.subject)
        self.assertEqual(len(composer.attachment_ids), 1, "the report is attached")
        with self.mock_mail_gateway():
            composer.save().action_send_mail()
        mail = self._report_mails(appointment)
        self.assertEqual(len(mail), 1)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn(appointment.name, mail.attachment_ids.name)
        self.assertTrue(appointment.report_sent_date)

    def test_mobile_manual_mode_technician_sends(self):
        self.template.report_send_mode = "mobile_manual"
        with self.mock_mail_gateway():
            appointment = self._done_appointment()
        self.assertFalse(self._report_mails(appointment), "nothing goes out by itself")
        self.assertTrue(appointment.with_user(self.technician).can_send_report)
        action = appointment.with_user(self.technician).action_send_report()
        Composer = self.env["mail.compose.message"].with_user(self.technician)
        composer = Form(Composer.with_context(**action["context"]))
        with self.mock_mail_gateway():
            composer.save().action_send_mail()
        self.assertEqual(len(self._report_mails(appointment).attachment_ids), 1)
        self.assertTrue(appointment.report_sent_date)

    def test_not_done_report_cannot_be_sent(self):
        appointment = self._create_appointment()
        self.assertFalse(appointment.with_user(self.dispatcher).can_send_report)

    def test_auto_mode_sends_on_done(self):
        self.template.report_send_mode = "auto"
        with self.mock_mail_gateway():
            appointment = self._done_appointment()
        mail = self._report_mails(appointment)
        self.assertEqual(len(mail), 1, "queued with the report")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertTrue(appointment.report_sent_date)

    def test_auto_mode_customer_without_email_keeps_done_and_warns(self):
        self.template.report_send_mode = "auto"
        self.customer.email = False
        with self.mock_mail_gateway():
            appointment = self._done_appointment()
        self.assertEqual(appointment.state, "done")
        self.assertFalse(appointment.report_sent_date)
        self.assertFalse(self._report_mails(appointment))
        self.assertIn("could not be sent", appointment.activity_ids.note)
        self.assertIn("no email address", appointment.message_ids[0].body)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_mail_server_failure_does_not_undo_done(self):
        self.template.report_send_mode = "auto"

        def _refuse(*args, **kwargs):
            raise MailDeliveryException("Connection refused by the SMTP server")

        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = _refuse
            appointment = self._done_appointment()
            mail = self._report_mails(appointment)
            # sent at once, or by the queue's cron: the server refuses it either way
            mail.filtered(lambda m: m.state == "outgoing").send(raise_exception=False)
        self.assertEqual(appointment.state, "done")
        self.assertEqual(mail.state, "exception")
        notification = self.env["mail.notification"].search([("mail_mail_id", "=", mail.id)])
        self.assertEqual(notification.notification_status, "exception", "the failure shows on the chatter")
        self.assertTrue(notification.mail_message_id.has_error)

    def test_auto_store_attaches_once(self):
        self.template.report_auto_store = True
        appointment = self._done_appointment(
            technician_ids=[Command.set((self.technician | self.technician_edit_done).ids)],
        )
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", appointment._name),
                ("res_id", "=", appointment.id),
                ("mimetype", "=", "application/pdf"),
            ]
        )
        self.assertEqual(len(attachments), 1)
        self.assertEqual(appointment.report_attachment_id, attachments)
        appointment.with_user(self.technician_edit_done).action_back_to_confirmed()
        appointment.with_user(self.technician).action_finish()
        self.assertEqual(appointment.state, "done")
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [
                    ("res_model", "=", appointment._name),
                    ("res_id", "=", appointment.id),
                    ("mimetype", "=", "application/pdf"),
                ]
            ),
            1,
            "attached once",
        )

    def test_no_auto_store_by_default(self):
        appointment = self._done_appointment()
        self.assertFalse(appointment.report_attachment_id)


@tagged("post_install", "-at_install")
class TestReportPdf(HttpCase):
    """wkhtmltopdf needs the HTTP server for the report's assets."""

    def test_print_of_several_keeps_odoo_wait(self):
        """Odoo waits ``report.print_delay`` in prints of many records, whose later pages lost
        their header and logo without it: a print of several intervention reports keeps it."""
        env = self.env
        env["ir.config_parameter"].set_param("report.url", self.base_url())
        customer = env["res.partner"].create({"name": "Jeanne Martin"})
        appointments = env["intervention.appointment"].create(
            [{"partner_id": customer.id, "date_start": f"2030-03-0{day} 09:00:00"} for day in (4, 5)]
        )
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        # wkhtmltopdf runs; built without patched Qt (as Debian's), it cannot join several
        # documents and Odoo skips the test from there: the arguments it got are what is checked.
        with wkhtmltopdf_calls() as calls, contextlib.suppress(unittest.SkipTest):
            Report._render_qweb_pdf(
                "field_intervention.action_report_intervention_appointment",
                appointments.ids,
            )
        [args] = calls
        self.assertEqual(
            args[args.index("--javascript-delay") + 1],
            env["ir.config_parameter"].get_param("report.print_delay", "1000"),
        )

    def test_pdf_renders_with_photos_answers_and_signature(self):
        env = self.env
        env["ir.config_parameter"].set_param("report.url", self.base_url())
        customer = env["res.partner"].create(
            {
                "name": "Jeanne Martin",
                "street": "3 rue du Port",
                "zip": "33000",
                "city": "Bordeaux",
                "email": "jeanne@example.com",
            }
        )
        product = env["product.product"].create({"name": "Pellet stove", "type": "consu"})
        brand = env["installed.equipment.brand"].create({"name": "Test Stoves"})
        equipment = env["installed.equipment"].create(
            {
                "partner_id": customer.id,
                "product_id": product.id,
                "serial_number": "PDF-SN-42",
                "brand_id": brand.id,
                "model_name": "Flame 9",
            }
        )
        survey = env["survey.survey"].create(
            {
                "title": "Stove check",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create({"title": "Draught (Pa)", "question_type": "numerical_box"}),
                ],
            }
        )
        technician = new_test_user(env, "fi_pdf_tech", groups=TECHNICIAN, name="Paul Ramoneur")
        appointment = env["intervention.appointment"].create(
            {
                "partner_id": customer.id,
                "equipment_id": equipment.id,
                "date_start": "2030-03-04 09:00:00",
                "technician_ids": [Command.set(technician.ids)],
                "work_summary": "<p>Flue swept and checked</p>",
                "signed_by": "Jeanne Martin",
                "signature": base64.b64encode(_image((255, 255, 255), fmt="PNG")),
                "actual_duration": 1.25,
                "travel_duration": 0.5,
            }
        )
        answer = survey._create_answer(user=env.user, check_attempts=False)
        answer._save_lines(survey.question_ids, 12)
        photos = env["ir.attachment"].create(
            [
                {"name": f"photo{i}.jpg", "raw": _image(color), "mimetype": "image/jpeg"}
                for i, color in enumerate([(200, 80, 40), (40, 80, 200), (40, 160, 80), (120, 120, 120)])
            ]
        )
        appointment.write({"survey_user_input_id": answer.id, "photo_ids": [Command.set(photos.ids)]})
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        with wkhtmltopdf_calls() as calls:
            pdf, report_type = Report._render_qweb_pdf(
                "field_intervention.action_report_intervention_appointment",
                appointment.ids,
            )
            # The same report with the wait Odoo gives scripted reports (report.print_delay).
            waited_pdf, _report_type = Report.with_context(report_print_delay=1000)._render_qweb_pdf(
                "field_intervention.action_report_intervention_appointment",
                appointment.ids,
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        delays = [args[args.index("--javascript-delay") + 1] for args in calls]
        self.assertEqual(delays, ["200", "1000"], "the intervention report has no script to wait for")
        self.assertEqual(
            pdf_page_digests(pdf),
            pdf_page_digests(waited_pdf),
            "the shorter wait changes nothing in the PDF",
        )
        text = pdf_text(pdf)
        expected_texts = (
            "Jeanne Martin",
            "PDF-SN-42",
            "Paul Ramoneur",
            "Flue swept and checked",
            "Draught (Pa)",
            "Test Stoves",
        )
        for expected in expected_texts:
            self.assertIn(expected, text)
