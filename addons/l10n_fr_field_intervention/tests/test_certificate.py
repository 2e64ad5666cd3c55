import base64
import io
from datetime import date, datetime

from freezegun import freeze_time
from PIL import Image

from odoo import Command
from odoo.addons.field_intervention.tests.common import FieldInterventionCase, pdf_page_digests, pdf_text
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

BOILER_ANSWERS = {
    "co_ppm": 6,
    "efficiency": "Efficiency 92 %, in line with the reference",
    "advice_use": "Keep the room ventilated",
    "advice_improvement": "Insulate the hot water pipes",
    "advice_replacement": "No replacement needed before 2035",
}


@tagged("post_install", "-at_install")
class TestCertificates(FieldInterventionCase, HttpCase):
    """HttpCase: wkhtmltopdf fetches the report's stylesheets from the test server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"company_registry": "123 456 789 00012", "phone": "+33 5 56 11 22 33"})
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["field_intervention", "l10n_fr_field_intervention"],
            ["fr_FR"],
            overwrite=True,
        )
        cls.customer.lang = "fr_FR"
        brand = cls.env["installed.equipment.brand"].create({"name": "Chappée Test"})
        cls.boiler = cls.env["installed.equipment"].create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product.id,
                "serial_number": "BOIL-42",
                "brand_id": brand.id,
                "model_name": "MCR3 Evolution",
                "fuel": "gas",
                "power_kw": 24.0,
            }
        )
        cls.boiler_template = cls.env.ref(
            "l10n_fr_field_intervention.intervention_template_boiler_certificate"
        )
        cls.sweeping_template = cls.env.ref(
            "l10n_fr_field_intervention.intervention_template_sweeping_certificate"
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())

    def _appointment(self, template, **values):
        appointment = self._create_appointment(
            template_id=template.id,
            equipment_id=self.boiler.id,
            date_start=datetime(2030, 3, 4, 9, 0),
            state="confirmed",
            **values,
        )
        appointment.work_summary = "<p>Burner cleaned, exchanger descaled, safety devices checked.</p>"
        return appointment

    def _answer(self, appointment, values):
        survey = appointment.survey_id
        answer = survey.sudo()._create_answer(
            user=self.technician,
            check_attempts=False,
            intervention_appointment_id=appointment.id,
        )
        appointment.sudo().survey_user_input_id = answer
        for question in survey.question_ids:
            value = values.get(question.intervention_code)
            if value is None:
                continue
            if question.question_type == "simple_choice":
                value = question.suggested_answer_ids.filtered(lambda a, value=value: a.value == value).id
            answer._save_lines(question, value)
        return answer

    def _finish(self, appointment):
        appointment = appointment.with_context(force_report_rendering=True)
        appointment.action_start()
        appointment.action_finish()
        return appointment.certificate_ids

    def _pdf_text(self, certificate):
        return pdf_text(certificate.attachment_id.raw)

    def test_boiler_certificate_pdf_has_every_mandatory_item(self):
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, BOILER_ANSWERS)
        certificate = self._finish(appointment)
        self.assertEqual(len(certificate), 1)
        self.assertRecordValues(
            certificate,
            [
                {
                    "certificate_type": "boiler_certificate",
                    "equipment_id": self.boiler.id,
                    "date": date(2030, 3, 4),
                    "co_ppm": 6.0,
                    "co_reading": "normal",
                    "state": "to_send",
                    "due_date": date(2030, 3, 19),
                }
            ],
        )
        self.assertIn(certificate, self.boiler.certificate_ids, "kept with the equipment too")
        text = " ".join(self._pdf_text(certificate).split())
        for item in [
            "Attestation d'entretien de chaudière",
            "Date de visite 04/03/2030",
            self.company.name,
            "SIRET : 123 456 789 00012",
            "+33 5 56 11 22 33",
            "Paul Tech",
            "Jeanne Martin",
            "3 rue du Port",
            "Chappée Test",
            "MCR3 Evolution",
            "BOIL-42",
            "24 kW",
            "Burner cleaned",
            "6 ppm",
            "normal",
            "Efficiency 92 %",
            "Keep the room ventilated",
            "Insulate the hot water pipes",
            "No replacement needed before 2035",
            "Signature du technicien",
            "Signature du client",
        ]:
            self.assertIn(item, text)

    def test_signed_boiler_certificate_fits_one_a4_page(self):
        self.company.paperformat_id = self.env.ref("base.paperformat_euro")
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, BOILER_ANSWERS)
        signature = io.BytesIO()
        Image.new("RGB", (600, 200), "white").save(signature, format="PNG")
        appointment.write({"signature": base64.b64encode(signature.getvalue()), "signed_by": "Jeanne Martin"})
        pdf = self._finish(appointment).attachment_id.raw
        self.assertEqual(len(pdf_page_digests(pdf)), 1, "signatures and the keeping notice on page one")
        self.assertIn("conserver au moins deux ans", pdf_text(pdf))

    def test_operations_heading_only_with_operations(self):
        appointment = self._appointment(self.boiler_template)
        report = "field_intervention.action_report_intervention_appointment"

        def html():
            return self.env["ir.actions.report"]._render_qweb_html(report, appointment.ids)[0].decode()

        self.assertIn("Opérations effectuées", html())
        appointment.work_summary = "<p><br></p>"
        self.assertNotIn("Opérations effectuées", html(), "no heading over nothing")

    def test_sweeping_certificate_pdf_has_every_mandatory_item(self):
        flue = self.env["installed.equipment.flue.type"].create({"name": "Double-wall stainless flue"})
        self.boiler.flue_type_id = flue
        appointment = self._appointment(self.sweeping_template)
        self._answer(
            appointment,
            {
                "flue_swept": "Living-room stove flue",
                "sweeping_method": "Brush from the top",
                "flue_condition": "Good",
                "deposits": "Light soot, no tar",
                "anomalies_advice": "Cap to replace within a year",
                "next_due": "2030-10-01",
            },
        )
        certificate = self._finish(appointment)
        self.assertEqual(certificate.certificate_type, "sweeping_certificate")
        text = " ".join(self._pdf_text(certificate).split())
        for item in [
            "Certificat de ramonage",
            "04/03/2030",
            self.company.name,
            "Paul Tech",
            "Jeanne Martin",
            "Conduit(s) ramoné(s)",
            "Méthode",
            "État du conduit",
            "Dépôts constatés",
            "Prochain ramonage",
            "Living-room stove flue",
            "Double-wall stainless flue",
            "Brush from the top",
            "Good",
            "Light soot, no tar",
            "Cap to replace within a year",
            "01/10/2030",
        ]:
            self.assertIn(item, text)

    def test_english_for_a_customer_reading_english(self):
        self.customer.lang = "en_US"
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, BOILER_ANSWERS)
        text = " ".join(self._pdf_text(self._finish(appointment)).split())
        self.assertIn("Boiler maintenance certificate", text)
        self.assertIn("Technician's signature", text)

    def test_co_thresholds(self):
        for ppm, reading in [(9, "normal"), (10, "check"), (50, "check"), (51, "stop")]:
            with self.subTest(ppm=ppm):
                appointment = self._appointment(self.boiler_template)
                self._answer(appointment, {**BOILER_ANSWERS, "co_ppm": ppm})
                certificate = self._finish(appointment)
                self.assertEqual(certificate.co_reading, reading)
                warnings = appointment.activity_ids.filtered(lambda a: "Boiler to stop" in (a.summary or ""))
                self.assertEqual(len(warnings), 1 if ppm > 50 else 0, "an activity only above 50 ppm")
                if ppm > 50:
                    text = " ".join(self._pdf_text(certificate).split())
                    self.assertIn("la chaudière doit être arrêtée", text)

    def test_technician_finishes_and_gets_the_certificate(self):
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, BOILER_ANSWERS)
        certificate = self._finish(appointment.with_user(self.technician))
        self.assertEqual(certificate.co_reading, "normal")
        self.assertTrue(certificate.attachment_id)
        self.assertEqual(certificate.with_user(self.technician).appointment_id, appointment, "theirs to read")
        with self.assertRaises(AccessError):
            certificate.with_user(self.technician_2).read(["date"])

    def test_missing_mandatory_answer_blocks_finish(self):
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, {**BOILER_ANSWERS, "advice_replacement": None})
        appointment.action_start()
        with self.assertRaisesRegex(UserError, 'answer "Advice on replacing the boiler"'):
            appointment.action_finish()
        self.assertEqual(appointment.state, "in_progress")
        self.assertFalse(appointment.certificate_ids)

    def test_unsent_certificate_activity_created_once(self):
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, BOILER_ANSWERS)
        certificate = self._finish(appointment)
        Certificate = self.env["intervention.certificate"]
        with freeze_time("2030-03-13"):
            self.assertNotIn(certificate, Certificate._cron_remind_unsent(), "9 days: not yet")
        with freeze_time("2030-03-14"):
            self.assertEqual(certificate.days_left, 5)
            self.assertIn(certificate, Certificate._cron_remind_unsent())
            self.assertNotIn(certificate, Certificate._cron_remind_unsent(), "once only")
        self.assertEqual(len(certificate.activity_ids), 1)

    def test_kept_two_years(self):
        appointment = self._appointment(self.boiler_template)
        self._answer(appointment, BOILER_ANSWERS)
        certificate = self._finish(appointment)
        attachment = certificate.attachment_id
        with freeze_time("2032-03-03"):
            with self.assertRaisesRegex(UserError, "must be kept two years after the visit"):
                certificate.unlink()
            with self.assertRaisesRegex(UserError, "must be kept two years after the visit"):
                attachment.unlink()
        self.assertTrue(certificate.exists())
        with freeze_time("2032-03-05"):
            attachment.unlink()
            certificate.unlink()
        self.assertFalse(certificate.exists())

    def test_generic_template_makes_no_certificate(self):
        appointment = self._create_appointment(
            state="confirmed",
            technician_ids=[Command.set(self.technician.ids)],
        )
        appointment.action_start()
        appointment.action_finish()
        self.assertEqual(appointment.state, "done")
        self.assertFalse(appointment.certificate_ids)
