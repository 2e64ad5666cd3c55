import base64
import io

from PIL import Image

from odoo import Command
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TECHNICIAN


@tagged("post_install", "-at_install")
class TestPortal(EnglishCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_customer = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Dupin",
                "is_company": True,
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            "fi_portal_jeanne",
            groups="base.group_portal",
            password="fi_portal_jeanne",
            name="Jeanne Dupin",
        )
        cls.portal_user.partner_id.parent_id = cls.company_customer
        cls.other_customer = cls.env["res.partner"].create({"name": "Marcel Voisin"})
        technician = new_test_user(cls.env, "fi_portal_tech", groups=TECHNICIAN, name="Paul Ramoneur")
        Appointment = cls.env["intervention.appointment"]
        values = {
            "date_start": "2030-03-04 09:00:00",
            "technician_ids": [Command.set(technician.ids)],
            "state": "confirmed",
        }
        cls.own = Appointment.create({**values, "partner_id": cls.portal_user.partner_id.id})
        cls.company_one = Appointment.create({**values, "partner_id": cls.company_customer.id})
        cls.done = Appointment.create(
            {**values, "partner_id": cls.portal_user.partner_id.id, "work_summary": "<p>Flue swept</p>"}
        )
        cls.done.sudo().state = "done"
        cls.theirs = Appointment.create({**values, "partner_id": cls.other_customer.id})

    def test_list_shows_own_and_company_appointments_only(self):
        self.authenticate("fi_portal_jeanne", "fi_portal_jeanne")
        response = self.url_open("/my/interventions")
        self.assertEqual(response.status_code, 200)
        for appointment in (self.own, self.company_one, self.done):
            self.assertIn(appointment.name, response.text)
        self.assertIn("Paul Ramoneur", response.text)
        self.assertNotIn(self.theirs.name, response.text)

    def test_detail_page_and_pdf_of_own_appointment(self):
        self.authenticate("fi_portal_jeanne", "fi_portal_jeanne")
        response = self.url_open(f"/my/interventions/{self.done.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.done.name, response.text)
        self.assertIn("Download the report", response.text)
        self.assertIn("Sign the report", response.text, "not signed on site")
        response = self.url_open(f"/my/interventions/{self.done.id}?report_type=pdf&download=true")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))

    def test_times_read_in_hours_and_minutes_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.portal_user.partner_id.write({"lang": "fr_FR", "tz": "Europe/Paris"})
        self.authenticate("fi_portal_jeanne", "fi_portal_jeanne")
        for url in ("/my/interventions", f"/my/interventions/{self.own.id}"):
            with self.subTest(url=url):
                text = self.url_open(url).text
                self.assertIn("04/03/2030 10:00", text, "French date, Paris time")
                self.assertNotIn("10:00:00", text)
                self.assertNotRegex(text, r"\d\s?[AP]M\b", "no English clock")

    def test_other_customer_appointment_refused(self):
        self.authenticate("fi_portal_jeanne", "fi_portal_jeanne")
        for url in (
            f"/my/interventions/{self.theirs.id}",
            f"/my/interventions/{self.theirs.id}?report_type=pdf&download=true",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
        records = self.env["intervention.appointment"].with_user(self.portal_user).search([])
        self.assertEqual(records, self.own | self.company_one | self.done)

    def test_customer_signs_from_portal_when_not_signed_on_site(self):
        self.authenticate("fi_portal_jeanne", "fi_portal_jeanne")
        buffer = io.BytesIO()
        Image.new("RGB", (300, 100), (255, 255, 255)).save(buffer, "PNG")
        signature = base64.b64encode(buffer.getvalue()).decode()
        result = self.make_jsonrpc_request(
            f"/my/interventions/{self.done.id}/sign",
            {"name": "Jeanne Dupin", "signature": signature},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.done.signed_by, "Jeanne Dupin")
        self.assertTrue(self.done.signature)
        self.assertTrue(self.done.signed_on)
        again = self.make_jsonrpc_request(
            f"/my/interventions/{self.done.id}/sign",
            {"name": "Someone Else", "signature": signature},
        )
        self.assertIn("already signed", again["error"])
        self.assertEqual(self.done.signed_by, "Jeanne Dupin")
        refused = self.make_jsonrpc_request(
            f"/my/interventions/{self.theirs.id}/sign",
            {"name": "Jeanne Dupin", "signature": signature},
        )
        self.assertIn("error", refused)
