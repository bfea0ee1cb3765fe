"""Dates for tests that hold on any day of the year.

Tests build dates relative to the clinic's today (``patients.models.today``, Bogotá) so they
pass whatever the date the suite runs on; CI also runs the suite under a fixed clock at a
month's first days, a year's turn and 29 February.
"""

import datetime

from patients.models import today


def months_ago(months: int, day: int = 1) -> datetime.date:
    """Day ``day`` of the calendar month ``months`` before today's, never after today.

    Mes cápita counts calendar months, so a cycle started on any day of that month is in month
    ``months + 1``. Day 1 (the default) is on or before today in every month; a later day is
    moved back to today when the month is the current one and that day has not come yet, and
    to the month's last day when the month is shorter.
    """
    current = today()
    index = current.year * 12 + current.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return min(datetime.date(year, month, min(day, last_day)), current)
