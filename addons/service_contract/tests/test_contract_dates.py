"""Exact visit dates and invoicing periods for every frequency, in the spirit of OCA contract's
recurrence tests."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestVisitDates(ServiceContractCase):
    def test_yearly_visits_keep_the_anniversary(self):
        contract = self._create_contract(date_start="2026-03-15", date_end="2027-03-14")
        self.assertEqual(
            self._visits(contract, "2029-12-31"), ["2026-03-15", "2027-03-15", "2028-03-15", "2029-03-15"]
        )

    def test_every_two_years(self):
        contract = self._create_contract(recurring_interval=2)
        self.assertEqual(self._visits(contract, "2031-12-31"), ["2026-01-01", "2028-01-01", "2030-01-01"])

    def test_monthly_visits_from_a_month_end(self):
        # 31 January + 1 month is 28 February, and the next visits go back to the 31st/30th.
        contract = self._create_contract(recurring_rule_type="monthly", date_start="2026-01-31")
        self.assertEqual(
            self._visits(contract, "2026-05-31"),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"],
        )

    def test_monthly_visits_in_a_leap_year(self):
        contract = self._create_contract(
            recurring_rule_type="monthly", date_start="2027-12-31", date_end="2028-12-30"
        )
        self.assertEqual(
            self._visits(contract, "2028-03-31"), ["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"]
        )

    def test_every_three_months(self):
        contract = self._create_contract(
            recurring_rule_type="monthly", recurring_interval=3, date_start="2026-11-30"
        )
        self.assertEqual(
            self._visits(contract, "2027-12-31"),
            ["2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30", "2027-11-30"],
        )

    def test_every_two_weeks(self):
        contract = self._create_contract(
            recurring_rule_type="weekly", recurring_interval=2, date_start="2026-03-02"
        )
        self.assertEqual(self._visits(contract, "2026-04-12"), ["2026-03-02", "2026-03-16", "2026-03-30"])

    def test_two_visits_per_week(self):
        contract = self._create_contract(
            recurring_rule_type="weekly", visits_per_period=2, date_start="2026-03-02"
        )
        self.assertEqual(
            self._visits(contract, "2026-03-15"), ["2026-03-02", "2026-03-05", "2026-03-09", "2026-03-12"]
        )

    def test_two_visits_per_year(self):
        contract = self._create_contract(visits_per_period=2)
        self.assertEqual(
            self._visits(contract, "2027-12-31"), ["2026-01-01", "2026-07-01", "2027-01-01", "2027-07-01"]
        )

    def test_three_visits_per_quarter(self):
        contract = self._create_contract(
            recurring_rule_type="monthly",
            recurring_interval=3,
            visits_per_period=3,
            date_start="2026-01-31",
        )
        self.assertEqual(
            self._visits(contract, "2026-06-30"),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"],
        )

    def test_visit_moves_into_the_allowed_months(self):
        contract = self._create_contract(
            date_start="2026-01-15",
            visit_month_ids=[Command.set((self.months[9] | self.months[10]).ids)],
        )
        self.assertEqual(self._visits(contract, "2028-12-31"), ["2026-09-01", "2027-09-01", "2028-09-01"])
        # The requested window covers the allowed months, September and October.
        self.assertEqual(contract._get_visit_window_end(date(2026, 9, 1)), date(2026, 10, 31))

    def test_two_visits_a_year_in_spring_and_autumn(self):
        contract = self._create_contract(
            visits_per_period=2,
            visit_month_ids=[Command.set((self.months[4] | self.months[10]).ids)],
        )
        self.assertEqual(
            self._visits(contract, "2027-12-31"), ["2026-04-01", "2026-10-01", "2027-04-01", "2027-10-01"]
        )
        self.assertEqual(contract._get_visit_window_end(date(2026, 4, 1)), date(2026, 4, 30))

    def test_allowed_month_already_reached_keeps_the_day(self):
        contract = self._create_contract(
            date_start="2026-10-20", visit_month_ids=[Command.set(self.months[10].ids)]
        )
        self.assertEqual(self._visits(contract, "2027-12-31"), ["2026-10-20", "2027-10-20"])

    def test_window_ends_the_day_before_the_next_visit(self):
        contract = self._create_contract(recurring_rule_type="monthly", date_start="2026-01-31")
        self.assertEqual(contract._get_visit_window_end(date(2026, 1, 31)), date(2026, 2, 27))

    def test_window_of_a_contract_that_does_not_renew_stops_at_its_end(self):
        contract = self._create_contract(date_start="2026-01-01", date_end="2026-06-30", auto_renew=False)
        self.assertEqual(contract._get_visit_window_end(date(2026, 1, 1)), date(2026, 6, 30))

    def test_default_term_is_one_year(self):
        contract = self.env["service.contract"].create(
            {"partner_id": self.customer.id, "date_start": "2026-02-01"}
        )
        self.assertEqual(contract.date_end, date(2027, 1, 31))
        self.assertTrue(contract.auto_renew)
        self.assertEqual(contract.state, "draft")
        self.assertTrue(contract.name.startswith("CTR/"))


@tagged("post_install", "-at_install")
class TestInvoicePeriods(ServiceContractCase):
    def _periods(self, contract, today, **kwargs):
        if contract.state == "draft":
            contract.action_confirm()
        return [
            (
                str(period["start"]),
                str(period["end"]),
                round(period["prorata"], 4),
                str(period["invoice_date"]),
            )
            for period in contract._get_due_invoice_periods(date.fromisoformat(today), **kwargs)
        ]

    def test_monthly_in_advance_from_a_month_end(self):
        contract = self._create_contract(
            invoice_period="month", date_start="2026-01-31", date_end="2027-01-30"
        )
        self.assertEqual(
            self._periods(contract, "2026-03-01"),
            [
                ("2026-01-31", "2026-01-31", round(1 / 31, 4), "2026-01-31"),
                ("2026-02-01", "2026-02-28", 1.0, "2026-02-01"),
                ("2026-03-01", "2026-03-31", 1.0, "2026-03-01"),
            ],
        )

    def test_monthly_in_arrears(self):
        contract = self._create_contract(
            invoice_period="month", invoice_mode="arrears", date_start="2026-01-01"
        )
        self.assertEqual(
            self._periods(contract, "2026-03-31"),
            [
                ("2026-01-01", "2026-01-31", 1.0, "2026-02-01"),
                ("2026-02-01", "2026-02-28", 1.0, "2026-03-01"),
            ],
        )

    def test_quarterly_in_arrears_prorates_the_first_quarter(self):
        # 15 February to 31 March is 45 of the quarter's 90 days.
        contract = self._create_contract(
            invoice_period="quarter",
            invoice_mode="arrears",
            date_start="2026-02-15",
            date_end="2027-02-14",
        )
        self.assertEqual(
            self._periods(contract, "2026-07-01"),
            [
                ("2026-02-15", "2026-03-31", 0.5, "2026-04-01"),
                ("2026-04-01", "2026-06-30", 1.0, "2026-07-01"),
            ],
        )

    def test_quarterly_in_advance(self):
        contract = self._create_contract(
            invoice_period="quarter", date_start="2026-04-01", date_end="2027-03-31"
        )
        self.assertEqual(
            self._periods(contract, "2026-07-01"),
            [
                ("2026-04-01", "2026-06-30", 1.0, "2026-04-01"),
                ("2026-07-01", "2026-09-30", 1.0, "2026-07-01"),
            ],
        )

    def test_half_yearly_in_advance_prorated(self):
        # 1 May to 30 June: 61 of the half-year's 181 days.
        contract = self._create_contract(
            invoice_period="half_year", date_start="2026-05-01", date_end="2027-04-30"
        )
        self.assertEqual(
            self._periods(contract, "2026-07-01"),
            [
                ("2026-05-01", "2026-06-30", round(61 / 181, 4), "2026-05-01"),
                ("2026-07-01", "2026-12-31", 1.0, "2026-07-01"),
            ],
        )

    def test_half_yearly_in_arrears(self):
        contract = self._create_contract(invoice_period="half_year", invoice_mode="arrears")
        self.assertEqual(
            self._periods(contract, "2026-12-31"), [("2026-01-01", "2026-06-30", 1.0, "2026-07-01")]
        )

    def test_yearly_in_advance_prorated_in_a_leap_year(self):
        # 1 March to 31 December 2028: 306 of 366 days.
        contract = self._create_contract(date_start="2028-03-01", date_end="2029-02-28")
        self.assertEqual(
            self._periods(contract, "2028-03-01"),
            [("2028-03-01", "2028-12-31", round(306 / 366, 4), "2028-03-01")],
        )

    def test_yearly_in_arrears(self):
        contract = self._create_contract(invoice_mode="arrears")
        self.assertEqual(self._periods(contract, "2026-12-31"), [])
        self.assertEqual(
            self._periods(contract, "2027-01-01"), [("2026-01-01", "2026-12-31", 1.0, "2027-01-01")]
        )

    def test_last_period_of_a_contract_that_does_not_renew_is_prorated(self):
        contract = self._create_contract(
            invoice_period="month",
            date_start="2026-02-01",
            date_end="2026-03-15",
            auto_renew=False,
        )
        self.assertEqual(
            self._periods(contract, "2026-12-31"),
            [
                ("2026-02-01", "2026-02-28", 1.0, "2026-02-01"),
                ("2026-03-01", "2026-03-15", round(15 / 31, 4), "2026-03-01"),
            ],
        )

    def test_next_invoice_date_follows_the_mode(self):
        advance = self._create_contract(
            invoice_period="quarter", date_start="2026-02-15", date_end="2027-02-14"
        )
        arrears = self._create_contract(
            invoice_period="quarter",
            invoice_mode="arrears",
            date_start="2026-02-15",
            date_end="2027-02-14",
        )
        (advance | arrears).action_confirm()
        self.assertEqual(advance.next_invoice_date, date(2026, 2, 15))
        self.assertEqual(arrears.next_invoice_date, date(2026, 4, 1))

    def test_force_next_bills_the_coming_period_ahead(self):
        contract = self._create_contract(invoice_period="month", date_start="2026-05-01")
        self.assertEqual(self._periods(contract, "2026-04-20"), [])
        self.assertEqual(
            self._periods(contract, "2026-04-20", force_next=True),
            [("2026-05-01", "2026-05-31", 1.0, "2026-05-01")],
        )
