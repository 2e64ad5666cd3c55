import base64
import io
import re
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from PIL import Image

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.ics import appointment_ics
from .common import FieldInterventionCase
from .tour_screenshots import TourScreenshotMixin

# Monday 4 March 2030, 7:00 in Paris (UTC+1): the working day starts at 8:00, 7:00 UTC.
NOW = datetime(2030, 3, 4, 6, 0)


def png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "PNG")
    return buffer.getvalue()


class PortalRequestCase(FieldInterventionCase):
    """A customer with a portal account; breakdowns are booked by the customer, maintenance
    visits planned by the office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Installers", "tz": "Europe/Paris", "company_id": cls.company.id}
        )
        (cls.technician | cls.technician_2 | cls.technician_edit_done).tz = "Europe/Paris"
        cls.template_breakdown = cls.env["intervention.template"].create(
            {
                "name": "Stove breakdown",
                "code": "DEP",
                "intervention_type": "after_sales",
                "task_id": cls.task.id,
                "duration": 1.0,
            }
        )
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "intervention_travel_buffer": 0.5,
                "phone": "+33 5 56 00 00 00",
                "intervention_portal_breakdown_template_id": cls.template_breakdown.id,
                "intervention_portal_maintenance_template_id": cls.template.id,
                "intervention_portal_other_template_id": False,
                "intervention_portal_book_breakdown": True,
                "intervention_portal_book_maintenance": False,
                "intervention_portal_book_other": False,
                "intervention_portal_booking_state": "confirmed",
                "intervention_portal_change_hours": 24,
                "intervention_portal_request_limit": 3,
                "intervention_portal_user_id": cls.dispatcher.id,
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            "fi_portal_req",
            groups="base.group_portal",
            password="fi_portal_req",
            partner_id=cls.customer.id,
            name=cls.customer.name,
            tz="Europe/Paris",
        )
        cls.Request = cls.env["intervention.request"].with_user(cls.portal_user)

    def _send(self, **values):
        photos = values.pop("photos", ())
        values = {
            "kind": "breakdown",
            "equipment_id": str(self.equipment.id),
            "description": "The stove stops after ten minutes, error E2.",
            **values,
        }
        return self.Request._create_from_portal(self.portal_user.partner_id, values, photos)


@tagged("post_install", "-at_install")
class TestPortalRequest(PortalRequestCase):
    @freeze_time(NOW)
    def test_a_portal_request_reaches_the_office_with_its_photos(self):
        request = self._send(photos=[("stove.png", png())])
        self.assertEqual(request.origin, "Portal")
        self.assertEqual(request.template_id, self.template_breakdown)
        self.assertEqual((request.partner_id, request.equipment_id), (self.customer, self.equipment))
        self.assertEqual((request.date_start, request.date_end), (date(2030, 3, 4), date(2030, 3, 18)))
        self.assertIn("error E2", request.description)
        self.assertEqual(request.user_id, self.dispatcher)
        activity = request.activity_ids
        self.assertEqual((activity.user_id, activity.summary), (self.dispatcher, "Portal request: Breakdown"))
        self.assertIn(self.customer, request.message_partner_ids, "the customer follows it")
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertEqual(photo.name, "stove.png")
        acknowledgement = request.message_ids.filtered(
            lambda m: "We received your request" in (m.subject or "")
        )
        self.assertIn(self.customer, acknowledgement.partner_ids, "mailed to the customer")
        self.assertIn("pick the time of the visit", str(acknowledgement.body), "breakdowns are booked online")

    @freeze_time(NOW)
    def test_bad_portal_input_is_refused_by_field_and_nothing_is_written(self):
        other = self.env["installed.equipment"].create(
            {"partner_id": self.customer_two_units.id, "product_id": self.product.id}
        )
        cases = [
            ({"equipment_id": str(other.id)}, "Equipment"),
            ({"equipment_id": "12ab"}, "Equipment"),
            ({"kind": "installation"}, "Kind"),
            ({"kind": "other"}, "Kind"),  # no template for it in the settings
            ({"description": "   "}, "Description"),
            ({"description": "x" * 5001}, "Description"),
            ({"date_start": "2030-03-01"}, "Requested From"),
            ({"date_start": "2030-03-10", "date_end": "2030-03-09"}, "Requested Until"),
            ({"date_end": "2030-07-01"}, "Requested Until"),
            ({"date_start": "31/12/2030"}, "Requested From"),
            ({"photos": [("stove.png", b"MZ\x90\x00 not an image")]}, "Photos"),
            ({"photos": [(f"p{index}.png", png()) for index in range(6)]}, "Photos"),
        ]
        before = self.env["intervention.request"].search_count([])
        for values, field in cases:
            with self.subTest(values=values), self.assertRaises(ValidationError) as caught:
                self._send(**values)
            self.assertIn(field, str(caught.exception))
        self.assertEqual(self.env["intervention.request"].search_count([]), before)

    @freeze_time(NOW)
    def test_requests_per_customer_are_limited_per_day(self):
        for _index in range(3):
            self._send()
        with self.assertRaisesRegex(
            UserError, r"sent 3 requests in the last 24 hours: please call us \(\+33"
        ):
            self._send()
        with freeze_time(NOW + timedelta(hours=25)):
            self.assertTrue(self._send(), "a day later, the customer may ask again")

    @freeze_time(NOW)
    def test_the_settings_tell_which_requests_the_customer_books(self):
        breakdown = self._send()
        maintenance = self._send(kind="maintenance")
        self.assertTrue(breakdown._portal_can_book())
        self.assertFalse(maintenance._portal_can_book(), "maintenance visits are planned by the office")
        self.company.intervention_portal_book_maintenance = True
        self.assertTrue(maintenance._portal_can_book())
        contract_visit = self._create_request(date_start="2030-03-10", date_end="2030-03-20")
        self.assertEqual(contract_visit._get_portal_kind(), "maintenance", "told by its template's type")
        self.assertTrue(contract_visit._portal_can_book())
        next_year = self._create_request(date_start="2031-03-01", date_end="2031-03-20")
        self.assertFalse(next_year._portal_can_book(), "booked online once its window is 90 days away")


@tagged("post_install", "-at_install")
class TestPortalBooking(PortalRequestCase):
    def _slots(self, source):
        return self.env["intervention.slot.finder"]._portal_finder(source)._portal_slots()

    @freeze_time(NOW)
    def test_the_customer_books_a_free_slot_and_gets_the_invitation(self):
        request = self._send()
        slots = self._slots(request)
        self.assertEqual(
            slots[0]["date_start"], datetime(2030, 3, 4, 7, 0), "8:00 in Paris, the first free time"
        )
        self.assertEqual(len({slot["date_start"] for slot in slots}), len(slots), "one slot per start time")
        first_day = [
            slot["date_start"].hour for slot in slots if slot["date_start"].date() == date(2030, 3, 4)
        ]
        self.assertEqual(
            first_day, [7, 8, 9, 10, 12, 13], "six starts a day, an hour apart, in working hours"
        )
        appointment = request._portal_book(slots[0]["key"])
        self.assertEqual(appointment.state, "confirmed")
        self.assertEqual(
            (appointment.date_start, appointment.technician_ids), (slots[0]["date_start"], self.technician)
        )
        self.assertEqual(request.state, "scheduled")
        self.assertFalse(request._portal_can_book(), "booked once")
        mail = appointment.message_ids.filtered(lambda m: "Your visit on" in (m.subject or ""))
        self.assertEqual(mail.partner_ids, self.customer)
        self.assertIn("is confirmed on", str(mail.body))
        invitation = mail.attachment_ids
        self.assertEqual(invitation.mimetype, "text/calendar")
        ics = base64.b64decode(invitation.datas).decode()
        self.assertIn("DTSTART:20300304T070000Z", ics)
        self.assertIn("METHOD:PUBLISH", ics)
        with self.assertRaisesRegex(UserError, "cannot be booked on the portal"):
            request._portal_book(slots[1]["key"])
        self.assertNotIn(slots[0]["date_start"], [slot["date_start"] for slot in self._slots(self._send())])

    def test_times_are_offered_from_an_hour_ahead_and_booked_until_half_an_hour_before(self):
        with freeze_time(NOW):
            request = self._send()
        # 8:15 in Paris, the technician free all day: nothing before 9:15 is offered
        now = NOW + timedelta(hours=1, minutes=15)
        with freeze_time(now):
            slots = self._slots(request)
            self.assertTrue(slots)
            self.assertGreaterEqual(min(slot["date_start"] for slot in slots), now + timedelta(hours=1))
            today = [slot for slot in slots if slot["date_start"].date() == now.date()]
            self.assertTrue(today, "the rest of the day is still offered")
        first = min(slots, key=lambda slot: slot["date_start"])
        # the page stayed open: 20 minutes before it starts, the time is no longer booked
        with freeze_time(first["date_start"] - timedelta(minutes=20)), self.assertRaises(UserError):
            request._portal_book(first["key"])
        with freeze_time(first["date_start"] - timedelta(minutes=40)):
            appointment = request._portal_book(first["key"])
        self.assertEqual(appointment.date_start, first["date_start"])

    @freeze_time(NOW)
    def test_forged_slots_are_refused(self):
        request = self._send()
        key = self._slots(request)[0]["key"]
        start = key.split("-")[1]
        forged = [
            f"{self.technician_2.id}-{start}",  # not qualified for the task
            f"{self.technician.id}-203003040200",  # 3:00 in Paris, outside the working hours
            f"{self.technician.id}-203003010700",  # in the past
            f"{self.technician.id}-209903040700",  # beyond the horizon
            "nonsense",
            None,
        ]
        for slot in forged:
            with self.subTest(slot=slot), self.assertRaises(UserError):
                request._portal_book(slot)
        self.assertFalse(request.appointment_ids)

    @freeze_time(NOW)
    def test_booked_visits_can_be_left_to_the_office_to_confirm(self):
        self.company.intervention_portal_booking_state = "draft"
        request = self._send()
        request.activity_ids.unlink()
        appointment = request._portal_book(self._slots(request)[0]["key"])
        self.assertEqual(appointment.state, "draft")
        self.assertEqual(appointment.activity_ids.user_id, self.dispatcher)
        mail = appointment.message_ids.filtered(lambda m: "Your visit on" in (m.subject or ""))
        self.assertIn("our office will confirm it", str(mail.body))

    @freeze_time(NOW)
    def test_the_customer_moves_or_cancels_the_visit_until_the_delay(self):
        request = self._send()
        slots = self._slots(request)
        appointment = request._portal_book(slots[-1]["key"])
        later = next(slot for slot in self._slots(appointment) if slot["date_start"] > datetime(2030, 3, 7))
        self.assertLess(later["date_start"], appointment.date_start, "its own time is free to the move")
        with freeze_time(NOW + timedelta(hours=1)):
            appointment.with_user(self.portal_user).sudo()._portal_reschedule(later["key"])
        self.assertEqual(appointment.date_start, later["date_start"])
        self.assertIn("Moved by the customer", "".join(appointment.message_ids.mapped("body")))
        self.assertTrue(appointment.activity_ids.filtered(lambda a: a.user_id == self.dispatcher))
        too_late = later["date_start"] - timedelta(hours=23)
        with freeze_time(too_late):
            self.assertFalse(appointment._portal_can_change())
            with self.assertRaisesRegex(UserError, r"no longer be changed online: please call us \(\+33"):
                appointment._portal_cancel()
            with self.assertRaisesRegex(UserError, "no longer be changed online"):
                appointment._portal_reschedule(later["key"])
        appointment._portal_cancel()
        self.assertEqual(appointment.state, "cancelled")
        self.assertEqual(request.state, "cancelled", "the customer's own request goes with its visit")
        mail = appointment.message_ids.filtered(lambda m: "is cancelled" in (m.subject or ""))
        self.assertIn("METHOD:CANCEL", base64.b64decode(mail.attachment_ids.datas).decode())

    @freeze_time(NOW)
    def test_cancelling_an_office_request_visit_gives_it_back_to_the_office(self):
        self.company.intervention_portal_book_maintenance = True
        request = self._create_request(date_start="2030-03-04")
        appointment = request._portal_book(self._slots(request)[-1]["key"])
        appointment._portal_cancel()
        self.assertEqual(request.state, "to_schedule")


class TestInvitation(PortalRequestCase):
    def test_invitation_escapes_and_folds_its_lines(self):
        ics = appointment_ics(
            uid="intervention-appointment-7@example.com",
            sequence=3,
            date_start=datetime(2030, 3, 5, 7, 0),
            date_end=datetime(2030, 3, 5, 8, 30),
            summary="Ramonage; poêle, salon",
            location="3 rue du Port\n33000 Bordeaux" + " é" * 60,
        ).decode()
        self.assertTrue(ics.startswith("BEGIN:VCALENDAR\r\n"))
        self.assertIn("SUMMARY:Ramonage\\; poêle\\, salon\r\n", ics)
        self.assertIn("DTEND:20300305T083000Z", ics)
        self.assertIn("LOCATION:3 rue du Port\\n33000 Bordeaux", ics)
        for line in ics.split("\r\n"):
            self.assertLessEqual(len(line.encode()), 75, line)
        unfolded = ics.replace("\r\n ", "")
        self.assertIn(" é" * 60, unfolded, "folded between characters, never inside one")


@tagged("post_install", "-at_install")
class TestPortalRequestPages(PortalRequestCase, HttpCase):
    """The pages as the customer uses them, on today's free slots."""

    def _token(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url + response.text[-3000:])
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1), response

    def _slot_keys(self, html):
        return re.findall(r'name="slot" value="([^"]+)"', html)

    def test_ask_pick_move_and_cancel_from_the_pages(self):
        self.authenticate("fi_portal_req", "fi_portal_req")
        token, form = self._token(f"/my/requests/new?equipment_id={self.equipment.id}")
        self.assertIn("Breakdown", form.text)
        self.assertNotIn("kind_other", form.text, "a kind without a template is not offered")
        response = self.url_open(
            "/my/requests/new",
            data={
                "csrf_token": token,
                "kind": "breakdown",
                "equipment_id": self.equipment.id,
                "description": "Smoke in the living room",
            },
            files={"photos": ("smoke.jpg", png(), "image/jpeg")},
        )
        request = self.env["intervention.request"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(request), 1)
        self.assertTrue(response.url.endswith(f"/my/requests/{request.id}/book"), response.url)
        keys = self._slot_keys(response.text)
        self.assertTrue(keys, "free slots are offered")
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        response = self.url_open(
            f"/my/requests/{request.id}/book", data={"csrf_token": token, "slot": keys[-1]}
        )
        appointment = request.appointment_ids
        self.assertEqual(appointment.state, "confirmed")
        self.assertIn("message=booked", response.url)
        self.assertIn("Your visit is booked", response.text)
        self.assertIn("Move the visit", response.text)

        token, page = self._token(f"/my/interventions/{appointment.id}/reschedule")
        other_keys = [key for key in self._slot_keys(page.text) if key != keys[-1]]
        response = self.url_open(
            f"/my/interventions/{appointment.id}/reschedule",
            data={"csrf_token": token, "slot": other_keys[-1]},
        )
        self.assertIn("message=rescheduled", response.url)
        self.assertNotEqual(appointment.date_start.strftime("%Y%m%d%H%M"), keys[-1].split("-")[1])

        response = self.url_open(f"/my/interventions/{appointment.id}/cancel", data={"csrf_token": token})
        self.assertIn("message=cancelled", response.url)
        self.assertEqual((appointment.state, request.state), ("cancelled", "cancelled"))

    def test_a_refused_form_says_why_and_keeps_what_was_typed(self):
        self.authenticate("fi_portal_req", "fi_portal_req")
        token, _form = self._token("/my/requests/new")
        response = self.url_open(
            "/my/requests/new",
            data={
                "csrf_token": token,
                "kind": "breakdown",
                "description": "Noise",
                "date_start": "2020-01-01",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Requested From: the date cannot be in the past.", response.text)
        self.assertIn(">Noise</textarea>", response.text)
        self.assertFalse(self.env["intervention.request"].search([("partner_id", "=", self.customer.id)]))

    def test_a_post_without_the_form_token_is_refused(self):
        self.authenticate("fi_portal_req", "fi_portal_req")
        response = self.url_open("/my/requests/new", data={"kind": "breakdown", "description": "Noise"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["intervention.request"].search([("partner_id", "=", self.customer.id)]))

    def test_another_customers_requests_and_visits_answer_404(self):
        theirs = self._create_request(partner_id=self.customer_two_units.id)
        visit = self._create_appointment(
            partner_id=self.customer_two_units.id, date_start=datetime(2031, 3, 4, 9)
        )
        visit.action_confirm()
        self.authenticate("fi_portal_req", "fi_portal_req")
        token, _form = self._token("/my/requests/new")
        for url in (f"/my/requests/{theirs.id}", f"/my/requests/{theirs.id}/book", f"/my/requests/{10**8}"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        for url in (f"/my/interventions/{visit.id}/reschedule", f"/my/interventions/{visit.id}/cancel"):
            self.assertEqual(self.url_open(url, data={"csrf_token": token}).status_code, 404, url)
        self.assertEqual(visit.state, "confirmed")
        self.assertNotIn(theirs.name, self.url_open("/my/requests").text)

    def test_visitors_are_sent_to_the_login_page(self):
        response = self.url_open("/my/requests/new")
        self.assertIn("/web/login", response.url)


@tagged("post_install", "-at_install")
class TestPortalBookingTour(TourScreenshotMixin, PortalRequestCase, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_a_customer_asks_picks_and_moves_a_visit_on_a_phone_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["portal", "field_intervention"], ["fr_FR"], overwrite=True
        )
        self.portal_user.lang = "fr_FR"
        self.start_tour("/my/requests", "field_intervention_portal_booking_fr", login="fi_portal_req")
        self.authenticate("fi_portal_req", "fi_portal_req")
        later = self._create_appointment(
            date_start=datetime.now().replace(microsecond=0) + timedelta(days=10)
        )
        later.action_confirm()
        page = self.url_open(f"/my/interventions/{later.id}").text
        self.assertIn("Annuler cette visite ?", page, "the cancel question in the customer's language")
        reschedule = self.url_open(f"/my/interventions/{later.id}/reschedule").text
        days = re.findall(r'class="card-header py-2 fw-bold">([^<]+)<', reschedule)
        self.assertTrue(days, "the free times are grouped by day")
        for day in days:
            # "Jeudi 10 décembre": a capital to start the heading, French's lowercase day and month
            self.assertTrue(day[0].isupper(), day)
            self.assertEqual(day[1:], day[1:].lower(), day)
        request = self.env["intervention.request"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual((request.origin, request.equipment_id), ("Portal", self.equipment))
        self.assertIn("code E2", request.description)
        appointment = request.appointment_ids
        self.assertEqual(appointment.state, "confirmed")
        self.assertIn("Déplacé par le client", "".join(appointment.message_ids.mapped("body")))

    def test_the_request_page_shows_its_photos_as_thumbnails_to_its_customer_only(self):
        request = self._send(photos=[("stove.png", png(size=(3000, 2000)))])
        self.authenticate("fi_portal_req", "fi_portal_req")
        page = self.url_open(f"/my/requests/{request.id}").text
        thumbnail = re.search(
            r'class="img-thumbnail o_fi_request_photo"[^>]*src="data:image/png;base64,([^"]+)"', page
        )
        image = Image.open(io.BytesIO(base64.b64decode(thumbnail.group(1))))
        self.assertLessEqual(max(image.size), 240, "a thumbnail, not the 3000 px photo")
        new_test_user(self.env, "fi_portal_other", groups="base.group_portal", password="fi_portal_other")
        self.authenticate("fi_portal_other", "fi_portal_other")
        self.assertEqual(self.url_open(f"/my/requests/{request.id}").status_code, 404)
