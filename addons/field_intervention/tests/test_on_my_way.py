from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import FieldInterventionCase

# Monday 4 March 2030: the visit is at 10:00 in Paris (9:00 UTC); Paul leaves at 9:40.
LEAVING = datetime(2030, 3, 4, 8, 40)


class OnMyWayCase(FieldInterventionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create({"name": "Paris", "tz": "Europe/Paris"})
        cls.company.write({"resource_calendar_id": calendar.id, "intervention_arrival_window": 2.0})
        (cls.technician | cls.technician_2).tz = "Europe/Paris"
        cls.appointment = cls._create_appointment()
        cls.appointment.action_confirm()


@tagged("post_install", "-at_install")
class TestOnMyWay(OnMyWayCase):
    def _press(self, user=None, minutes=30):
        appointment = self.appointment.with_user(user or self.technician)
        action = appointment.action_on_my_way()
        wizard = Form(
            self.env[action["res_model"]].with_user(user or self.technician).with_context(**action["context"])
        )
        wizard.minutes = minutes
        return wizard.save().action_confirm()

    @freeze_time(LEAVING)
    def test_the_technician_tells_the_customer_when_they_arrive(self):
        self.assertTrue(self.appointment.with_user(self.technician).can_notify_on_my_way)
        self._press(minutes=30)
        self.assertEqual(self.appointment.date_on_my_way, LEAVING)
        self.assertEqual(self.appointment.date_expected_arrival, LEAVING + timedelta(minutes=30))
        mail = self.appointment.message_ids.filtered(lambda m: "on the way" in (m.subject or ""))
        self.assertEqual(mail.partner_ids, self.customer)
        self.assertEqual(mail.author_id, self.technician.partner_id)
        self.assertIn("Paul is on the way to you and expects to arrive around", str(mail.body))
        self.assertIn("10:10", str(mail.body), "in the customer's time zone")
        self.assertNotIn("Tech", str(mail.body), "first names only")
        self._press(minutes=45)
        self.assertEqual(
            self.appointment.date_expected_arrival, LEAVING + timedelta(minutes=45), "a new estimate"
        )

    @freeze_time(LEAVING)
    def test_on_my_way_is_refused_to_others_on_other_days_and_with_bad_minutes(self):
        self.assertFalse(self.appointment.with_user(self.technician_2).can_notify_on_my_way)
        with self.assertRaisesRegex(UserError, "only its technicians"):
            self.appointment.with_user(self.technician_2)._notify_on_my_way(30)
        self.assertTrue(self.appointment.with_user(self.dispatcher).can_notify_on_my_way, "the office may")
        for minutes in (0, -5, 601, "30"):
            with self.subTest(minutes=minutes), self.assertRaisesRegex(ValidationError, "Minutes to Arrival"):
                self.appointment.with_user(self.technician)._notify_on_my_way(minutes)
        with self.assertRaises(AccessError):
            self.appointment.with_user(self.technician).write({"date_expected_arrival": LEAVING})
        with freeze_time(LEAVING - timedelta(days=1)):
            self.assertFalse(self.appointment.with_user(self.technician).can_notify_on_my_way)
            with self.assertRaisesRegex(UserError, "is not today"):
                self.appointment.with_user(self.technician).action_on_my_way()
        self.appointment.action_start()
        with self.assertRaisesRegex(UserError, "confirmed visits not started yet"):
            self.appointment.with_user(self.technician)._notify_on_my_way(30)
        self.assertFalse(self.appointment.date_expected_arrival)

    @freeze_time(LEAVING)
    def test_the_visit_day_tells_who_comes_and_when(self):
        day = self.appointment._get_portal_visit_day()
        self.assertEqual(
            (day["technicians"], day["window_start"], day["window_end"]), ("Paul", "10:00 AM", "12:00 PM")
        )
        self.assertFalse(day["expected_arrival"])
        self.appointment.with_user(self.technician)._notify_on_my_way(20)
        self.assertEqual(self.appointment._get_portal_visit_day()["expected_arrival"], "10:00 AM")
        with freeze_time(LEAVING - timedelta(days=1)):
            self.assertFalse(self.appointment._get_portal_visit_day(), "not the day before")


@tagged("post_install", "-at_install")
class TestVisitDayPage(OnMyWayCase, HttpCase):
    def test_the_visit_page_shows_the_visit_day_on_the_day_only(self):
        new_test_user(
            self.env,
            "fi_portal_day",
            groups="base.group_portal",
            password="fi_portal_day",
            partner_id=self.customer.id,
            name=self.customer.name,
        )
        now = fields.Datetime.now().replace(microsecond=0)
        today = self._create_appointment(date_start=now)
        tomorrow = self._create_appointment(date_start=now + timedelta(days=1))
        (today | tomorrow).action_confirm()
        today.sudo()._system_write({"date_expected_arrival": now + timedelta(minutes=15)})
        self.authenticate("fi_portal_day", "fi_portal_day")
        page = self.url_open(f"/my/interventions/{today.id}").text
        self.assertIn("Your visit today", page)
        self.assertIn("Paul", page)
        self.assertIn("is on the way: expected around", page)
        self.assertNotIn("Paul Tech", page.split("o_fi_visit_day")[1].split("</div>")[0])
        self.assertNotIn("Your visit today", self.url_open(f"/my/interventions/{tomorrow.id}").text)
