"""The contract's date rules as plain functions: no database, no environment."""

import unittest
from datetime import date

from dateutil.relativedelta import relativedelta

from ..tools import contract_dates as cd


def visits(date_start, until, rule_type="yearly", interval=1, per_period=1, months=()):
    return [
        str(visit)
        for visit in cd.iter_visit_dates(
            date.fromisoformat(date_start),
            rule_type,
            interval,
            per_period,
            set(months),
            date.fromisoformat(until),
        )
    ]


class TestTermDates(unittest.TestCase):
    def test_default_term_is_one_year(self):
        self.assertEqual(cd.default_date_end(date(2026, 3, 15)), date(2027, 3, 14))
        self.assertEqual(cd.default_date_end(date(2028, 2, 29)), date(2029, 2, 27), "leap day start")

    def test_request_due_date_is_the_horizon_before_the_visit(self):
        self.assertEqual(cd.request_due_date(date(2026, 3, 15), 30), date(2026, 2, 13))
        self.assertEqual(cd.request_due_date(date(2026, 3, 15), 0), date(2026, 3, 15))

    def test_recurrence_delta_counts_steps(self):
        self.assertEqual(cd.recurrence_delta("weekly", 2, 3), relativedelta(weeks=6))
        self.assertEqual(cd.recurrence_delta("monthly", 3), relativedelta(months=3))
        self.assertEqual(cd.recurrence_delta("yearly", 1, 0), relativedelta(years=0))

    def test_renewal_repeats_the_term_until_today(self):
        self.assertEqual(
            cd.renewed_term(date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1)),
            (date(2026, 1, 1), date(2026, 12, 31)),
        )
        self.assertEqual(
            cd.renewed_term(date(2024, 1, 1), date(2024, 6, 30), date(2025, 8, 1)),
            (date(2025, 7, 1), date(2025, 12, 31)),
            "a six-month term, renewed three times",
        )
        self.assertEqual(
            cd.renewed_term(date(2026, 1, 1), date(2026, 12, 31), date(2026, 6, 1)),
            (date(2026, 1, 1), date(2026, 12, 31)),
            "not ended yet: unchanged",
        )


class TestVisitDates(unittest.TestCase):
    def test_yearly_visits_keep_the_anniversary(self):
        self.assertEqual(
            visits("2026-03-15", "2029-12-31"),
            ["2026-03-15", "2027-03-15", "2028-03-15", "2029-03-15"],
        )

    def test_monthly_visits_from_a_month_end_do_not_drift(self):
        self.assertEqual(
            visits("2026-01-31", "2026-05-31", "monthly"),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"],
        )

    def test_weekly_visits(self):
        self.assertEqual(
            visits("2026-01-05", "2026-02-02", "weekly", 2),
            ["2026-01-05", "2026-01-19", "2026-02-02"],
        )

    def test_visits_spread_over_the_period(self):
        self.assertEqual(
            visits("2026-01-01", "2026-12-31", per_period=4),
            ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"],
        )
        self.assertEqual(
            visits("2026-01-05", "2026-01-18", "weekly", 1, 2),
            ["2026-01-05", "2026-01-08", "2026-01-12", "2026-01-15"],
            "two a week: every three or four days",
        )

    def test_visits_move_into_allowed_months(self):
        self.assertEqual(
            visits("2026-01-15", "2027-12-31", months=(9, 10)),
            ["2026-09-01", "2027-09-01"],
        )

    def test_visit_leaving_its_period_is_dropped(self):
        self.assertEqual(
            visits("2026-01-01", "2026-06-30", "monthly", months=(3,)),
            ["2026-03-01"],
            "January and February's visits would fall in March: only March's one is planned",
        )

    def test_snap_to_visit_month(self):
        self.assertEqual(cd.snap_to_visit_month(date(2026, 5, 20), {5}), date(2026, 5, 20))
        self.assertEqual(cd.snap_to_visit_month(date(2026, 11, 20), {2}), date(2027, 2, 1), "next year")
        self.assertEqual(cd.snap_to_visit_month(date(2026, 11, 20), set()), date(2026, 11, 20))

    def test_next_visit_date(self):
        args = (date(2026, 1, 31), "monthly", 1, 1, set())
        self.assertEqual(cd.next_visit_date(*args, None), date(2026, 1, 31))
        self.assertEqual(cd.next_visit_date(*args, date(2026, 1, 31)), date(2026, 2, 28), "strictly after")
        self.assertEqual(
            cd.next_visit_date(date(2026, 1, 1), "yearly", 2, 1, {6}, date(2026, 6, 1)),
            date(2028, 6, 1),
        )

    def test_visit_window_end(self):
        yearly = relativedelta(years=1)
        self.assertEqual(
            cd.visit_window_end(date(2026, 3, 1), date(2027, 3, 1), yearly, set()),
            date(2027, 2, 28),
            "the day before the next visit",
        )
        self.assertEqual(
            cd.visit_window_end(date(2026, 9, 1), date(2027, 9, 1), yearly, {9, 10}),
            date(2026, 10, 31),
            "within the run of allowed months",
        )
        self.assertEqual(
            cd.visit_window_end(date(2026, 3, 1), False, yearly, set(), date(2026, 6, 30)),
            date(2026, 6, 30),
            "no next visit: one frequency later, within a term that does not renew",
        )
        self.assertEqual(
            cd.visit_window_end(date(2026, 7, 10), False, yearly, set(), date(2026, 6, 30)),
            date(2026, 7, 10),
            "never before the visit",
        )


class TestInvoicePeriods(unittest.TestCase):
    def test_period_bounds(self):
        self.assertEqual(cd.period_bounds(date(2026, 2, 14), "month"), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(
            cd.period_bounds(date(2026, 5, 14), "quarter"), (date(2026, 4, 1), date(2026, 6, 30))
        )
        self.assertEqual(
            cd.period_bounds(date(2026, 7, 1), "half_year"),
            (date(2026, 7, 1), date(2026, 12, 31)),
        )
        self.assertEqual(cd.period_bounds(date(2028, 2, 29), "year"), (date(2028, 1, 1), date(2028, 12, 31)))

    def test_first_period_is_prorated_and_billed_in_advance(self):
        period = cd.invoice_period(date(2026, 4, 16), "month", "advance")
        self.assertEqual(
            period,
            {
                "start": date(2026, 4, 16),
                "end": date(2026, 4, 30),
                "prorata": 0.5,
                "invoice_date": date(2026, 4, 16),
            },
        )

    def test_period_in_arrears_ends_with_the_term_that_does_not_renew(self):
        period = cd.invoice_period(date(2026, 1, 1), "quarter", "arrears", date(2026, 2, 14))
        self.assertEqual((period["start"], period["end"]), (date(2026, 1, 1), date(2026, 2, 14)))
        self.assertAlmostEqual(period["prorata"], 45 / 90)
        self.assertEqual(period["invoice_date"], date(2026, 2, 15), "the day after its last day")

    def test_due_periods_up_to_today(self):
        due = cd.due_invoice_periods(
            date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 1), "month", "advance", True
        )
        self.assertEqual([p["start"] for p in due], [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)])
        due = cd.due_invoice_periods(
            date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 1), "month", "arrears", True
        )
        self.assertEqual([p["end"] for p in due], [date(2026, 1, 31), date(2026, 2, 28)])

    def test_due_periods_force_the_next_one(self):
        args = (date(2026, 4, 1), date(2026, 12, 31), date(2026, 3, 1), "quarter", "advance", True)
        self.assertEqual(cd.due_invoice_periods(*args), [])
        self.assertEqual(
            [p["start"] for p in cd.due_invoice_periods(*args, force_next=True)],
            [date(2026, 4, 1)],
        )

    def test_due_periods_stop_at_the_term_end(self):
        due = cd.due_invoice_periods(
            date(2026, 11, 1), date(2026, 11, 20), date(2027, 6, 1), "month", "advance", False
        )
        self.assertEqual([(p["start"], p["end"]) for p in due], [(date(2026, 11, 1), date(2026, 11, 20))])
        self.assertEqual(
            cd.due_invoice_periods(False, date(2026, 12, 31), date(2027, 6, 1), "month", "advance", True), []
        )
