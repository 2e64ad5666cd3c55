"""The contract's date rules as plain functions of dates and numbers: visit dates, visit windows,
invoicing periods and renewals. No Odoo import, so that they are tested without a database
(tests/test_contract_dates_unit.py); the contract's methods pass them their field values."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

RECURRENCE_UNITS = {"weekly": "weeks", "monthly": "months", "yearly": "years"}
RECURRENCE_MONTHS = {"weekly": 0, "monthly": 1, "yearly": 12}
INVOICE_PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
ONE_DAY = timedelta(days=1)
# Far enough to reach the next visit of any frequency, whatever the allowed months.
VISIT_SEARCH_YEARS = 3


def default_date_end(date_start):
    """The end of a one-year term starting on ``date_start``."""
    return date_start + relativedelta(years=1) - ONE_DAY


def request_due_date(next_visit, planning_horizon):
    """The day a visit's request is generated: ``planning_horizon`` days before the visit."""
    return next_visit - timedelta(days=planning_horizon)


def recurrence_delta(rule_type, interval, count=1):
    """``count`` steps of "every ``interval`` weeks/months/years" (``rule_type``)."""
    return relativedelta(**{RECURRENCE_UNITS[rule_type]: interval * count})


def snap_to_visit_month(day, months):
    """The day itself when its month is allowed (or no month is set), else the 1st of the next
    allowed month."""
    if not months or day.month in months:
        return day
    for shift in range(1, 12):
        candidate = date(day.year, day.month, 1) + relativedelta(months=shift)
        if candidate.month in months:
            return candidate
    return day


def iter_visit_dates(date_start, rule_type, interval, visits_per_period, months, until):
    """Planned visit dates from ``date_start`` up to ``until``, in order.

    Period k starts at ``date_start + k * frequency``, always counted from the start so that
    month ends do not drift (31 January, 28 February, 31 March...). Its visits are spread evenly
    over the period, then moved into the allowed visit ``months`` (numbers; empty for all); a
    visit that would leave its period is dropped.
    """
    last = None
    period = 0
    period_months = interval * RECURRENCE_MONTHS[rule_type]
    while True:
        period_start = date_start + recurrence_delta(rule_type, interval, period)
        if period_start > until:
            return
        next_period_start = date_start + recurrence_delta(rule_type, interval, period + 1)
        period_days = (next_period_start - period_start).days
        for index in range(visits_per_period):
            if period_months >= visits_per_period:
                # Counted from the contract start too, for the same month-end reason.
                visit = date_start + relativedelta(
                    months=period * period_months + index * period_months // visits_per_period,
                )
            else:
                visit = period_start + timedelta(days=index * period_days // visits_per_period)
            visit = snap_to_visit_month(visit, months)
            if visit >= next_period_start or visit > until or (last and visit <= last):
                continue
            last = visit
            yield visit
        period += 1


def next_visit_date(date_start, rule_type, interval, visits_per_period, months, after):
    """First planned visit strictly after ``after`` (the first one for ``after=None``), or False."""
    until = (
        (after or date_start)
        + relativedelta(years=VISIT_SEARCH_YEARS)
        + recurrence_delta(rule_type, interval)
    )
    for visit in iter_visit_dates(date_start, rule_type, interval, visits_per_period, months, until):
        if after is None or visit > after:
            return visit
    return False


def visit_window_end(visit, next_visit, frequency, months, date_end=None):
    """Last day of the requested window of ``visit``: the day before ``next_visit`` (or one
    ``frequency`` later when there is none), kept within the run of allowed visit ``months`` that
    contains it and within ``date_end`` (the end of a term that does not renew; None when it
    renews)."""
    end = next_visit - ONE_DAY if next_visit else visit + frequency - ONE_DAY
    if months:
        month_end = date(visit.year, visit.month, 1) + relativedelta(months=1) - ONE_DAY
        while (month_end + ONE_DAY).month in months and month_end < end:
            month_end = month_end + ONE_DAY + relativedelta(months=1) - ONE_DAY
        end = min(end, month_end)
    if date_end:
        end = min(end, date_end)
    return max(end, visit)


def period_bounds(day, period_type):
    """The calendar invoicing period (``period_type``: ``month``, ``quarter``, ``half_year`` or
    ``year``) containing ``day``: its first and last days."""
    months = INVOICE_PERIOD_MONTHS[period_type]
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, start + relativedelta(months=months) - ONE_DAY


def invoice_period(period_start, period_type, invoice_mode, date_end=None):
    """The invoicing period beginning at ``period_start``: its dates, the prorata of the full
    calendar period it covers (the part before the contract start, or after ``date_end``, the
    end of a term that does not renew, is not billed) and the invoice date (the first day in
    ``advance`` mode, the day after the last one in arrears)."""
    full_start, full_end = period_bounds(period_start, period_type)
    period_end = min(full_end, date_end) if date_end else full_end
    covered = (period_end - period_start).days + 1
    full = (full_end - full_start).days + 1
    return {
        "start": period_start,
        "end": period_end,
        "prorata": covered / full,
        "invoice_date": period_start if invoice_mode == "advance" else period_end + ONE_DAY,
    }


def due_invoice_periods(
    next_period_start, date_end, today, period_type, invoice_mode, auto_renew, force_next=False
):
    """Periods from ``next_period_start`` to the term's ``date_end`` whose invoice date has come by
    ``today``, in order (and the next one when ``force_next`` asks to bill it ahead)."""
    periods = []
    start = next_period_start
    while start and start <= date_end:
        period = invoice_period(start, period_type, invoice_mode, None if auto_renew else date_end)
        if period["invoice_date"] > today and not (force_next and not periods):
            break
        periods.append(period)
        start = period["end"] + ONE_DAY
    return periods


def renewed_term(term_start, date_end, today):
    """The term that contains ``today`` when a term ``term_start``-``date_end`` renews for its own
    duration as many times as needed: its first and last days."""
    while date_end < today:
        duration = relativedelta(date_end + ONE_DAY, term_start)
        term_start = date_end + ONE_DAY
        date_end = term_start + duration - ONE_DAY
    return term_start, date_end
