"""The legal window of the renewal notice as plain functions: no database."""

import unittest
from datetime import date

from ..tools import renewal_notice as rn


class TestNoticeWindow(unittest.TestCase):
    def test_between_three_months_and_one_month_before_the_deadline(self):
        self.assertEqual(rn.notice_window(date(2026, 12, 1)), (date(2026, 9, 1), date(2026, 11, 1)))

    def test_month_ends(self):
        # 31 May: three months before is 28 February (no 31st), one month before 30 April.
        self.assertEqual(rn.notice_window(date(2026, 5, 31)), (date(2026, 2, 28), date(2026, 4, 30)))
        self.assertEqual(rn.notice_window(date(2026, 3, 31)), (date(2025, 12, 31), date(2026, 2, 28)))

    def test_leap_years(self):
        self.assertEqual(rn.notice_window(date(2028, 3, 30)), (date(2027, 12, 30), date(2028, 2, 29)))
        self.assertEqual(rn.notice_window(date(2028, 5, 29)), (date(2028, 2, 29), date(2028, 4, 29)))
        self.assertEqual(rn.notice_window(date(2028, 2, 29)), (date(2027, 11, 29), date(2028, 1, 29)))

    def test_send_date_is_the_days_before_inside_the_window(self):
        deadline = date(2026, 12, 1)
        self.assertEqual(rn.notice_send_date(deadline, 45), date(2026, 10, 17))
        self.assertEqual(rn.notice_send_date(deadline, 31), date(2026, 10, 31))
        self.assertEqual(rn.notice_send_date(deadline, 89), date(2026, 9, 3))
        # Out-of-range days are kept inside the window.
        self.assertEqual(rn.notice_send_date(deadline, 10), date(2026, 11, 1))
        self.assertEqual(rn.notice_send_date(deadline, 120), date(2026, 9, 1))

    def test_every_allowed_days_is_inside_the_window_of_every_deadline(self):
        # Every day of a leap year and of a common year, every allowed number of days.
        day = date(2027, 1, 1)
        while day < date(2029, 1, 1):
            earliest, latest = rn.notice_window(day)
            for days in (rn.MIN_DAYS, rn.DEFAULT_DAYS, rn.MAX_DAYS):
                send = rn.notice_send_date(day, days)
                self.assertEqual((day - send).days, days, f"{day}, {days} days: moved to {send}")
                self.assertTrue(earliest <= send <= latest)
            day = date.fromordinal(day.toordinal() + 1)
