from datetime import datetime

from freezegun import freeze_time

from odoo.addons.field_intervention.tests.common import FieldInterventionCase
from odoo.addons.sms.tests.common import SMSCase
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
        # Spaced, or E.164 where Odoo's phone formatting has `phonenumbers`.
        self.assertEqual(composer.recipient_single_number_itf.replace(" ", ""), "+33556000001")


@tagged("post_install", "-at_install")
class TestOnMyWaySms(FieldInterventionCase, SMSCase):
    @freeze_time(datetime(2030, 3, 4, 8, 40))
    def test_on_my_way_also_texts_the_customer(self):
        self.customer.tz = "Europe/Paris"
        self.technician.tz = "Europe/Paris"
        appointment = self._create_appointment()
        appointment.action_confirm()
        with self.mockSMSGateway():
            appointment.with_user(self.technician)._notify_on_my_way(25)
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number.replace(" ", ""), "+33556000001")
        self.assertIn("Paul is on the way and expects to arrive around 10:05", sms.body)

    @freeze_time(datetime(2030, 3, 4, 8, 40))
    def test_no_sms_without_a_phone(self):
        self.customer.phone = False
        self.technician.tz = "Europe/Paris"
        appointment = self._create_appointment()
        appointment.action_confirm()
        with self.mockSMSGateway():
            appointment.with_user(self.technician)._notify_on_my_way(25)
        self.assertFalse(self.env["sms.sms"].sudo().search([("partner_id", "=", self.customer.id)]))
        self.assertTrue(appointment.date_expected_arrival, "the mail went all the same")
