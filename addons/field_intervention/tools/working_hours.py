"""Working-time arithmetic on sorted (start, stop) intervals, as resource.calendar gives them:
plain functions, testable without a database. They do what ``resource.calendar.plan_hours``
does for one start, for many starts over intervals read once."""

import bisect
from datetime import timedelta


def plan_hours_on(intervals, start, hours):
    """The moment ``hours`` working hours after ``start`` (counted inside ``intervals``, a sorted
    list of (start, stop) datetimes); None when the intervals end before. As plan_hours, hours
    that end exactly at the end of an interval end there, not at the start of the next one."""
    index = bisect.bisect_right(intervals, start, key=lambda interval: interval[1])
    left = hours * 3600
    for interval_start, interval_stop in intervals[index:]:
        interval_start = max(interval_start, start)
        length = (interval_stop - interval_start).total_seconds()
        if left <= length:
            return interval_start + timedelta(seconds=left)
        left -= length
    return None


def hours_between(intervals, start, stop):
    """Working hours of ``intervals`` between ``start`` and ``stop`` (0 when stop <= start)."""
    if stop <= start:
        return 0.0
    index = bisect.bisect_right(intervals, start, key=lambda interval: interval[1])
    seconds = 0.0
    for interval_start, interval_stop in intervals[index:]:
        if interval_start >= stop:
            break
        seconds += (min(interval_stop, stop) - max(interval_start, start)).total_seconds()
    return seconds / 3600
