from odoo.tests import Form, tagged

from .common import FieldInterventionCase


@tagged("post_install", "-at_install")
class TestCustomerLanguage(FieldInterventionCase):
    """Texts copied from a template read in the customer's language, not the user's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.customer.lang = "fr_FR"
        cls.customer_no_equipment.lang = "en_US"
        cls.template.instructions = "<p>Bring the chimney brushes</p>"
        # An HTML field translates term by term.
        cls.template.update_field_translations(
            "instructions", {"fr_FR": {"Bring the chimney brushes": "Prendre les hérissons"}}
        )

    def test_appointment_copies_french_instructions_for_a_french_customer(self):
        self.assertEqual(self._create_appointment().instructions, "<p>Prendre les hérissons</p>")

    def test_english_customer_gets_english_instructions(self):
        appointment = self._create_appointment(partner_id=self.customer_no_equipment.id)
        self.assertEqual(appointment.instructions, "<p>Bring the chimney brushes</p>")

    def test_customer_chosen_after_the_template_still_gets_french(self):
        form = Form(self.env["intervention.appointment"].with_user(self.dispatcher))
        form.template_id = self.template
        self.assertEqual(form.instructions, "<p>Bring the chimney brushes</p>", "no customer yet")
        form.partner_id = self.customer
        self.assertEqual(form.instructions, "<p>Prendre les hérissons</p>")

    def test_instructions_edited_by_hand_stay_when_the_customer_changes(self):
        form = Form(self.env["intervention.appointment"].with_user(self.dispatcher))
        form.template_id = self.template
        form.instructions = "<p>Call before coming</p>"
        form.partner_id = self.customer
        self.assertEqual(form.instructions, "<p>Call before coming</p>")
