"""Date arithmetic of the legal clock: calendar months and days, or working days on the official
calendar (`cleanprod.workdays`, cached per year)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from cleanprod.workdays.calendar import add_working_days


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month end: 31 January + 1 month = 28/29 February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(anchor: date, *, months: int = 0, days: int = 0, working_days: bool = False) -> date:
    """The due date of a step counted from `anchor`: months first, then days (calendar days, or
    working days on the official calendar of public holidays and make-up days)."""
    base = add_months(anchor, months)
    if working_days:
        return add_working_days(base, days) if days else base
    return base + timedelta(days=days)


def alert_dates(due_on: date, *, city_days: int, province_days: int) -> tuple[date, date]:
    """From when an unmet deadline reaches the city and the province boards."""
    return due_on + timedelta(days=city_days), due_on + timedelta(days=province_days)
