"""Date arithmetic in working days: pure functions over a per-year lookup of the official
calendar (`Day` rows), cached in the process and cleared whenever a Day row changes.

A year without data (`year_known(year)` is False) falls back to "Monday–Friday working";
callers that set legal deadlines warn when a date falls in such a year."""

from __future__ import annotations

from datetime import date, timedelta
from threading import Lock

_cache: dict[int, dict[date, str]] = {}
_lock = Lock()


def clear_cache() -> None:
    """Forget every loaded year (called when Day rows are saved or deleted)."""
    with _lock:
        _cache.clear()


def _year(year: int) -> dict[date, str]:
    found = _cache.get(year)
    if found is None:
        from cleanprod.workdays.models import Day

        found = dict(Day.objects.filter(date__year=year).values_list("date", "kind"))
        with _lock:
            _cache[year] = found
    return found


def year_known(year: int) -> bool:
    """Whether the calendar holds the holiday notice of `year`."""
    return bool(_year(year))


def is_working_day(day: date) -> bool:
    """Official working day: a make-up working day, or a Monday–Friday that is no holiday."""
    kind = _year(day.year).get(day)
    if kind == "holiday":
        return False
    if kind == "workday":
        return True
    return day.weekday() < 5


def add_working_days(day: date, n: int) -> date:
    """n > 0: the n-th working day after `day`; n < 0: the n-th working day before it;
    n == 0: `day` itself if it is a working day, else the next working day."""
    if n == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The number of working days in (start, end]; negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def known_years() -> list[int]:
    """The years the calendar holds data for, oldest first."""
    from cleanprod.workdays.models import Day

    return sorted({d.year for d in Day.objects.dates("date", "year")})
