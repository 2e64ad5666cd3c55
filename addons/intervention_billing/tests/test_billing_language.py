from odoo import Command
from odoo.tests import Form, tagged

from .common import InterventionBillingCase


@tagged("post_install", "-at_install")
class TestBillingLanguage(InterventionBillingCase):
    """A line copies its product's text in the customer's language, not the user's."""

    FRENCH_SERVICE = "Entretien annuel\nNettoyage et contrôle du poêle"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.customer_a.lang = "fr_FR"
        for product, name, description in (
            (cls.product_service, "Entretien annuel", "Nettoyage et contrôle du poêle"),
            (cls.product_labour, "Main-d'œuvre (heure)", False),
            (cls.product_travel, "Déplacement (heure)", False),
        ):
            product.with_context(lang="fr_FR").write({"name": name, "description_sale": description})
        cls.product_service.description_sale = "Stove cleaning and check"

    def test_request_made_by_code_copies_the_french_product_text(self):
        request = self._create_request()
        self.assertEqual(request.billing_line_ids.name, self.FRENCH_SERVICE)

    def test_request_form_copies_the_french_product_text(self):
        form = Form(self.env["intervention.request"].with_user(self.dispatcher))
        form.partner_id = self.customer_a
        form.template_id = self.template
        form.date_start = "2030-03-01"
        form.date_end = "2030-03-15"
        request = form.save()
        self.assertEqual(request.billing_line_ids.name, self.FRENCH_SERVICE)

    def test_appointment_form_copies_the_french_product_text(self):
        form = Form(self.env["intervention.appointment"].with_user(self.dispatcher))
        form.partner_id = self.customer_a
        form.template_id = self.template
        form.task_id = self.task
        appointment = form.save()
        self.assertEqual(appointment.billing_line_ids.name, self.FRENCH_SERVICE)

    def test_customer_chosen_after_the_task_still_gets_french(self):
        form = Form(self.env["intervention.request"].with_user(self.dispatcher))
        form.template_id = self.template
        form.partner_id = self.customer_a
        form.date_start = "2030-03-01"
        form.date_end = "2030-03-15"
        request = form.save()
        self.assertEqual(request.billing_line_ids.name, self.FRENCH_SERVICE)

    def test_line_added_by_hand_on_an_appointment_reads_french(self):
        appointment = self._create_appointment(
            billing_line_ids=[Command.create({"product_id": self.product_labour.id, "quantity": 1.0})]
        )
        self.assertEqual(appointment.billing_line_ids.name, "Main-d'œuvre (heure)")

    def test_time_lines_read_french(self):
        appointment = self._create_appointment(
            template_id=self.template_timed.id,
            technician_ids=[Command.set(self.technician.ids)],
            actual_duration=1.5,
            travel_duration=0.5,
        )
        self.env["intervention.billing.line"].create(appointment._prepare_time_billing_line_values())
        self.assertEqual(
            sorted(appointment.billing_line_ids.filtered("time_type").mapped("name")),
            ["Déplacement (heure)", "Main-d'œuvre (heure)"],
        )

    def test_changing_the_customer_retranslates_untouched_lines_only(self):
        request = self._create_request(partner_id=self.customer_b.id)
        typed = self.env["intervention.billing.line"].create(
            {"request_id": request.id, "product_id": self.product_labour.id, "name": "Two hours, as agreed"}
        )
        request.partner_id = self.customer_a
        self.assertEqual(
            (request.billing_line_ids - typed).name, "Entretien annuel\nNettoyage et contrôle du poêle"
        )
        self.assertEqual(typed.name, "Two hours, as agreed", "a text typed by hand stays")

    def test_english_customer_keeps_english(self):
        self.customer_a.lang = "en_US"
        request = self._create_request()
        self.assertEqual(request.billing_line_ids.name, "Annual service\nStove cleaning and check")
