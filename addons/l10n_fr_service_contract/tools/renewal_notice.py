"""The legal window of the renewal notice (Code de la consommation, article L215-1) as plain
functions of dates: tested without a database (tests/test_renewal_notice_window.py).

The provider informs the consumer "au plus tôt trois mois et au plus tard un mois avant le terme
de la période autorisant le rejet de la reconduction": the term here is the deadline, the last
day the consumer can refuse the renewal (the end of the contract minus its notice)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

# A number of days before the deadline that falls inside the window whatever the months: one
# month is at most 31 days, three months at least 89 (February, March, April of a common year).
MIN_DAYS = 31
MAX_DAYS = 89
DEFAULT_DAYS = 45


def notice_window(deadline):
    """The first and last days the notice may be sent for a non-renewal ``deadline``."""
    return deadline - relativedelta(months=3), deadline - relativedelta(months=1)


def notice_send_date(deadline, days):
    """The day the notice is sent: ``days`` before ``deadline``, kept inside the window."""
    earliest, latest = notice_window(deadline)
    return min(max(deadline - timedelta(days=days), earliest), latest)
