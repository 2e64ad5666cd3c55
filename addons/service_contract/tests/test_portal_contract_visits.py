from datetime import date, datetime

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from .common import ServiceContractCase

# Thursday 25 June 2026: the contract's visits of 1 January (done), 1 April (waiting for its
# appointment), 1 July (booked for 2 July) are generated; the one of 1 October is not yet.
TODAY = "2026-06-25 08:00:00"
# Three weeks before the visit of 1 October, within the four weeks customers book ahead and
# before its request is due (planning horizon: 14 days).
BEFORE_OCTOBER = "2026-09-10 08:00:00"


class PortalVisitsCase(ServiceContractCase):
    """A running contract of four visits a year on one stove, the customer with a portal
    account; maintenance visits are booked by the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Visits are finished directly, without a timer (the demo company runs one).
        cls.company.intervention_time_tracking = "none"
        cls.company.intervention_portal_book_maintenance = True
        cls.portal_user = new_test_user(
            cls.env,
            "sc_visits_owner",
            password="sc_visits_owner",
            groups="base.group_portal",
            partner_id=cls.customer.id,
            tz="Europe/Paris",
        )
        with freeze_time("2026-01-01 10:00:00"):
            cls.contract = cls._create_contract(visits_per_period=4, planning_horizon=14)
            cls.contract.action_confirm()
        with freeze_time(TODAY):
            cls.january, cls.april, cls.july = (
                cls.contract._generate_requests(date(2026, 1, 1))
                | cls.contract._generate_requests(date(2026, 3, 20))
                | cls.contract._generate_requests(date(2026, 6, 20))
            )
            cls.january_visit = cls._book(cls.january, datetime(2026, 1, 12, 9, 0))
            cls.january_visit._action_done()
            cls.july_visit = cls._book(cls.july, datetime(2026, 7, 2, 8, 0))

    @classmethod
    def _book(cls, request, start):
        appointment = cls.env["intervention.appointment"].create(
            {**request._prepare_appointment_create_values(), "date_start": start}
        )
        appointment.action_confirm()
        return appointment

    def _request_count(self):
        return self.env["intervention.request"].search_count([("contract_id", "=", self.contract.id)])

    def _summary(self, visits):
        return [
            (str(visit["date"]), visit["state"], visit["request"], visit["appointment"]) for visit in visits
        ]


@tagged("post_install", "-at_install")
class TestPortalContractVisits(PortalVisitsCase):
    @freeze_time(TODAY)
    def test_the_visits_of_the_contract_year_with_their_state(self):
        self.assertEqual(self.contract.next_visit_date, date(2026, 10, 1))
        self.assertEqual(self.contract._get_portal_visit_period(), (date(2026, 1, 1), date(2026, 12, 31)))
        visits = self.contract._get_portal_visits()
        self.assertEqual(
            self._summary(visits),
            [
                ("2026-01-01", "done", self.january, self.january_visit),
                ("2026-04-01", "to_book", self.april, self.env["intervention.appointment"]),
                ("2026-07-01", "planned", self.july, self.july_visit),
                (
                    "2026-10-01",
                    "upcoming",
                    self.env["intervention.request"],
                    self.env["intervention.appointment"],
                ),
            ],
        )
        self.assertEqual([visit["equipment"] for visit in visits], [self.equipment] * 4)
        self.assertEqual([visit["can_book"] for visit in visits], [False, True, False, False])
        self.assertFalse(visits[3]["can_book_early"], "1 October is beyond the four weeks booked ahead")

    @freeze_time(TODAY)
    def test_a_waiting_visit_is_booked_by_the_office_when_the_settings_say_so(self):
        self.company.intervention_portal_book_maintenance = False
        april = self.contract._get_portal_visits()[1]
        self.assertEqual((april["state"], april["can_book"]), ("to_book", False))

    @freeze_time(TODAY)
    def test_a_visit_cancelled_by_the_office_and_a_visit_done_late(self):
        self.july.action_cancel()
        self._book(self.april, datetime(2026, 6, 22, 8, 0))._action_done()
        visits = self.contract._get_portal_visits()
        self.assertEqual([visit["state"] for visit in visits], ["done", "done", "cancelled", "upcoming"])

    @freeze_time(TODAY)
    def test_a_unit_added_later_is_owed_from_the_next_visit_on(self):
        self.contract.equipment_ids = [Command.link(self.equipment_2.id)]
        visits = self.contract._get_portal_visits()
        self.assertEqual(
            [(str(visit["date"]), visit["equipment"]) for visit in visits],
            [
                ("2026-01-01", self.equipment),
                ("2026-04-01", self.equipment),
                ("2026-07-01", self.equipment),
                ("2026-10-01", self.equipment),
                ("2026-10-01", self.equipment_2),
            ],
        )

    def test_open_visits_outside_the_period_come_after_it(self):
        def summary():
            return [
                (str(visit["date"]), visit["state"], visit["in_period"])
                for visit in self.contract._get_portal_visits()
            ]

        with freeze_time(TODAY):
            # A long planning horizon: the visit of next January is generated already.
            self.contract._generate_requests(date(2026, 12, 20))
            self.assertEqual(
                summary()[-2:], [("2026-10-01", "to_book", True), ("2027-01-01", "to_book", False)]
            )
        with freeze_time("2027-02-01 08:00:00"):
            self.assertEqual(
                summary(),
                [
                    ("2027-01-01", "to_book", True),
                    ("2027-04-01", "upcoming", True),
                    ("2027-07-01", "upcoming", True),
                    ("2027-10-01", "upcoming", True),
                    # Done in January 2026: left out; still to book or to receive: listed.
                    ("2026-04-01", "to_book", False),
                    ("2026-07-01", "planned", False),
                    ("2026-10-01", "to_book", False),
                ],
            )

    @freeze_time(TODAY)
    def test_no_visits_for_a_contract_that_is_not_running(self):
        self.contract.action_close()
        self.assertEqual(self.contract._get_portal_visits(), [])

    def test_the_period_follows_the_recurrence_and_the_term(self):
        cases = [
            # (contract values, today, period)
            ({}, "2026-06-25", ("2026-01-01", "2026-12-31")),
            ({}, "2025-11-02", ("2026-01-01", "2026-12-31")),  # before the start: the first one
            ({"date_end": "2028-12-31"}, "2027-03-01", ("2027-01-01", "2027-12-31")),
            (
                {"date_start": "2026-03-15", "date_end": "2027-03-14", "recurring_rule_type": "monthly"},
                "2026-09-10",
                ("2026-03-15", "2027-03-14"),
            ),
            (
                {"date_end": "2029-12-31", "recurring_interval": 2},
                "2027-06-01",
                ("2026-01-01", "2027-12-31"),
            ),
            (
                {"date_start": "2026-03-15", "date_end": "2026-12-31", "auto_renew": False},
                "2026-09-10",
                ("2026-03-15", "2026-12-31"),
            ),
            (
                {"date_start": "2026-03-15", "date_end": "2026-12-31", "auto_renew": False},
                "2027-02-01",
                ("2026-03-15", "2026-12-31"),
            ),
        ]
        for values, today, period in cases:
            with self.subTest(values=values, today=today):
                contract = self._create_contract(**values)
                self.assertEqual(
                    contract._get_portal_visit_period(date.fromisoformat(today)),
                    tuple(date.fromisoformat(day) for day in period),
                )

    @freeze_time(TODAY)
    def test_the_visits_are_read_in_a_constant_number_of_queries(self):
        other = self._create_contract(
            visits_per_period=4,
            planning_horizon=14,
            equipment_ids=[Command.set((self.equipment | self.equipment_2).ids)],
        )
        with freeze_time("2026-01-01 10:00:00"):
            other.action_confirm()
        for day in (date(2026, 1, 1), date(2026, 3, 20), date(2026, 6, 20)):
            other._generate_requests(day)
        for request in other.request_ids:
            self._book(request, datetime(2026, 7, 3, 8, 0))
        counts = []
        for contract in (self.contract, other):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            visits = contract._get_portal_visits()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(len(visits), 8, "two units, four visits")
        self.assertEqual(counts[0], counts[1], "as many queries for 8 visits as for 4")

    @freeze_time(TODAY)
    def test_the_next_visit_of_each_contract(self):
        waiting = self.contract
        booked = self._create_contract(visits_per_period=4, planning_horizon=14)
        booked.action_confirm()
        self._book(booked._generate_requests(date(2026, 6, 20)), datetime(2026, 7, 3, 8, 0))
        planned = self._create_contract(date_start="2026-09-01", date_end="2027-08-31")
        planned.action_confirm()
        contracts = waiting | booked | planned
        counts = []
        for batch in (waiting, contracts):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            next_visits = batch._get_portal_next_visits()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], "as many queries for a page of three contracts as for one")
        self.assertEqual(
            next_visits,
            {
                waiting: (date(2026, 4, 1), True),
                booked: (date(2026, 7, 3), False),
                planned: (date(2026, 9, 1), False),
            },
        )


@tagged("post_install", "-at_install")
class TestPortalContractEarlyVisit(PortalVisitsCase):
    @freeze_time(BEFORE_OCTOBER)
    def test_the_next_visit_within_the_booking_horizon_may_be_booked_now(self):
        october = self.contract._get_portal_visits()[-1]
        self.assertEqual((october["date"], october["state"]), (date(2026, 10, 1), "upcoming"))
        self.assertTrue(october["can_book_early"])
        requests = (
            self.contract.with_user(self.portal_user)
            .sudo()
            ._portal_request_visit(self.portal_user.partner_id, "2026-10-01")
        )
        self.assertRecordValues(
            requests,
            [
                {
                    "contract_visit_date": date(2026, 10, 1),
                    "equipment_id": self.equipment.id,
                    "state": "to_schedule",
                }
            ],
        )
        self.assertEqual(
            requests, self.contract.request_ids.filtered(lambda r: r.contract_visit_date.month == 10)
        )
        self.assertEqual(
            self.contract.next_visit_date, date(2027, 1, 1), "the scheduled action goes on after it"
        )
        self.assertTrue(requests._portal_can_book())
        self.assertIn("requested by the customer from the portal", self.contract.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "cannot be booked online now"):
            self.contract._portal_request_visit(self.customer, "2026-10-01")

    @freeze_time(BEFORE_OCTOBER)
    def test_only_the_next_visit_of_the_customer_and_when_they_book_it(self):
        with self.assertRaisesRegex(AccessError, "not one of your contracts"):
            self.contract._portal_request_visit(self.other_customer, "2026-10-01")
        for visit in ("2027-01-01", "2026-07-01", "2026-10-02", "not a date", None):
            with self.subTest(visit=visit), self.assertRaisesRegex(UserError, "cannot be booked online now"):
                self.contract._portal_request_visit(self.customer, visit)
        self.company.intervention_portal_book_maintenance = False
        self.assertFalse(self.contract._get_portal_visits()[-1]["can_book_early"])
        with self.assertRaisesRegex(UserError, "cannot be booked online now"):
            self.contract._portal_request_visit(self.customer, "2026-10-01")
        self.assertEqual(self._request_count(), 3, "nothing generated")
        self.assertEqual(self.contract.next_visit_date, date(2026, 10, 1))

    @freeze_time(BEFORE_OCTOBER)
    def test_a_visit_no_longer_on_the_schedule_is_not_generated(self):
        # Visits now only in November: 1 October is no longer planned, the button is gone.
        self.contract.visit_month_ids = [Command.set(self.months[11].ids)]
        self.assertFalse(any(visit["can_book_early"] for visit in self.contract._get_portal_visits()))
        with self.assertRaisesRegex(UserError, "no longer planned"):
            self.contract._portal_request_visit(self.customer, "2026-10-01")
        self.assertEqual(self.contract.next_visit_date, date(2026, 10, 1))


@tagged("post_install", "-at_install")
class TestPortalContractVisitsPage(HttpCase, PortalVisitsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stranger = cls.env["res.partner"].create({"name": "Portal SC Visits Neighbour"})
        new_test_user(
            cls.env,
            "sc_visits_neighbour",
            password="sc_visits_neighbour",
            groups="base.group_portal",
            partner_id=cls.stranger.id,
        )
        cls.page = f"/my/contracts/{cls.contract.id}"

    @freeze_time(TODAY)
    def test_the_customer_sees_the_visits_of_the_period_and_books_the_waiting_one(self):
        self.authenticate("sc_visits_owner", "sc_visits_owner")
        page = self.url_open(self.page).text
        self.assertIn("Visits this period", page)
        self.assertRegex(page, r"01/01/2026</span> \u2013\s*<span[^>]*>12/31/2026</span>", "the period")
        for badge in ("Done", "To book", "Planned", "Upcoming"):
            self.assertIn(f">{badge}</span>", page)
        self.assertIn(f'href="/my/requests/{self.april.id}/book"', page)
        self.assertIn(f'href="/my/interventions/{self.january_visit.id}"', page)
        self.assertIn(f'href="/my/interventions/{self.july_visit.id}"', page)
        self.assertRegex(page, r"Planned around <span[^>]*>October 2026</span>")
        self.assertNotIn("Book it now", page, "1 October is beyond the four weeks booked ahead")
        listing = self.url_open("/my/contracts").text
        self.assertIn("04/01/2026", listing, "the next visit: the one waiting to be booked")
        self.assertIn(">To book</span>", listing)

        self.company.intervention_portal_book_maintenance = False
        page = self.url_open(self.page).text
        self.assertNotIn(f"/my/requests/{self.april.id}/book", page)
        self.assertIn("Our office will call you to plan it.", page)
        self.assertIn(f'href="/my/requests/{self.april.id}"', page)

    @freeze_time("2027-02-01 08:00:00")
    def test_the_open_visits_of_last_year_are_still_offered(self):
        self.authenticate("sc_visits_owner", "sc_visits_owner")
        page = self.url_open(self.page).text
        self.assertRegex(page, r"01/01/2027</span> \u2013\s*<span[^>]*>12/31/2027</span>")
        other = page[page.index("Other open visits") :]
        self.assertIn(f'href="/my/requests/{self.april.id}/book"', other)
        self.assertIn(f'href="/my/interventions/{self.july_visit.id}"', other)
        self.assertNotIn(f'href="/my/interventions/{self.january_visit.id}"', page, "done last year")

    @freeze_time(BEFORE_OCTOBER)
    def test_book_it_now_generates_the_visit_then_opens_its_slots(self):
        token = self.contract.sudo()._portal_ensure_token()
        visitor_page = self.url_open(f"{self.page}?access_token={token}").text
        self.assertIn("Visits this period", visitor_page)
        self.assertNotIn("Book it now", visitor_page, "a visitor with the link books nothing")
        self.authenticate("sc_visits_owner", "sc_visits_owner")
        self.assertIn("Book it now", self.url_open(self.page).text)
        response = self.url_open(
            f"{self.page}/visits/book",
            data={
                "visit": "2026-10-01",
                "equipment_id": self.equipment.id,
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        october = self.contract.request_ids.filtered(lambda r: r.contract_visit_date == date(2026, 10, 1))
        self.assertTrue(october)
        self.assertTrue(response.url.endswith(f"/my/requests/{october.id}/book"), response.url)
        self.assertEqual(response.status_code, 200)
        response = self.url_open(
            f"{self.page}/visits/book",
            data={"visit": "2026-10-01", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("cannot be booked online now", response.text, "the page says why")
        self.assertEqual(self._request_count(), 4)

    @freeze_time(BEFORE_OCTOBER)
    def test_another_customer_is_sent_away_and_generates_nothing(self):
        self.authenticate("sc_visits_neighbour", "sc_visits_neighbour")
        response = self.url_open(self.page)
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn(self.contract.name, response.text)
        self.assertNotIn("Visits this period", response.text)
        response = self.url_open(
            f"{self.page}/visits/book",
            data={"visit": "2026-10-01", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertEqual(self._request_count(), 3)
        self.assertEqual(self.contract.next_visit_date, date(2026, 10, 1))
