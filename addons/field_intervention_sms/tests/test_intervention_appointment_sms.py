from odoo.addons.field_intervention.tests.common import FieldInterventionCase
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestInterventionAppointmentSms(FieldInterventionCase):
    def test_sms_composer_has_reminder(self):
        self.customer.tz = "Europe/Paris"
        appointment = self._create_appointment().with_user(self.dispatcher)
        action = appointment.action_send_sms()
        self.assertEqual(action["res_model"], "sms.composer")
        composer = Form(self.env["sms.composer"].with_user(self.dispatcher).with_context(**action["context"]))
        self.assertIn(appointment.name, composer.body)
        self.assertIn("10:00", composer.body, "the time window in the customer's time zone")
        self.assertIn("3 rue du Port", composer.body)
        self.assertEqual(composer.recipient_single_number_itf, "+33 5 56 00 00 01")
