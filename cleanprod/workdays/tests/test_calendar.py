"""The calendar against known facts of the State Council notices."""

from datetime import date

import pytest

from cleanprod.workdays.calendar import (
    add_working_days,
    is_working_day,
    working_days_between,
    year_known,
)
from cleanprod.workdays.models import Day
from cleanprod.workdays.services import workdays_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def calendar(db: None) -> None:
    workdays_load()  # idempotent; also restores the rows after a flushing test


def test_spring_festival_2024_is_off_and_its_make_up_sundays_are_working_days():
    for day in range(10, 18):
        assert not is_working_day(date(2024, 2, day)), day
    assert is_working_day(date(2024, 2, 4))  # Sunday, 调休上班
    assert is_working_day(date(2024, 2, 18))  # Sunday, 调休上班
    assert is_working_day(date(2024, 2, 9))  # 除夕: the notice only encourages leave


def test_national_day_and_an_ordinary_weekend():
    assert not is_working_day(date(2025, 10, 8))  # National Day and Mid-Autumn, 8 days
    assert is_working_day(date(2025, 10, 11))  # Saturday, 调休上班
    assert not is_working_day(date(2024, 10, 1))
    assert not is_working_day(date(2024, 6, 22))  # plain Saturday
    assert is_working_day(date(2024, 6, 21))  # plain Friday


def test_2026_spring_festival_runs_nine_days():
    off = [date(2026, 2, d) for d in range(15, 24)]
    assert not any(is_working_day(d) for d in off)
    assert is_working_day(date(2026, 2, 14))
    assert is_working_day(date(2026, 2, 28))


def test_adding_working_days_skips_the_holiday_and_counts_the_make_up_day():
    # Friday 2024-02-09; the next working day is the make-up Sunday 2024-02-18
    assert add_working_days(date(2024, 2, 9), 1) == date(2024, 2, 18)
    assert add_working_days(date(2024, 2, 9), 2) == date(2024, 2, 19)
    assert add_working_days(date(2024, 2, 18), -1) == date(2024, 2, 9)
    assert add_working_days(date(2024, 2, 3), 1) == date(2024, 2, 4)  # Saturday → make-up Sunday


def test_zero_working_days_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(date(2024, 2, 9), 0) == date(2024, 2, 9)
    assert add_working_days(date(2024, 2, 12), 0) == date(2024, 2, 18)
    assert add_working_days(date(2024, 6, 22), 0) == date(2024, 6, 24)


def test_working_days_between_counts_the_half_open_interval():
    assert working_days_between(date(2024, 2, 9), date(2024, 2, 18)) == 1
    assert working_days_between(date(2024, 6, 17), date(2024, 6, 24)) == 5
    assert working_days_between(date(2024, 6, 24), date(2024, 6, 17)) == -5
    assert working_days_between(date(2024, 6, 17), date(2024, 6, 17)) == 0
    # the three-working-day pre-read before a meeting on Monday 2024-02-19
    assert add_working_days(date(2024, 2, 19), -3) == date(2024, 2, 8)  # 18th, 9th, 8th


def test_years_without_a_notice_are_unknown_and_fall_back_to_weekends():
    assert year_known(2024)
    assert year_known(2026)
    assert not year_known(2019)
    assert is_working_day(date(2019, 10, 1))  # no data: a Tuesday counts as working
    assert not is_working_day(date(2019, 10, 5))


def test_the_cache_forgets_a_year_when_its_rows_change():
    assert is_working_day(date(2024, 6, 21))
    Day.objects.create(date=date(2024, 6, 21), kind=Day.Kind.HOLIDAY, name="测试")
    assert not is_working_day(date(2024, 6, 21))
    Day.objects.filter(date=date(2024, 6, 21)).get().delete()
    assert is_working_day(date(2024, 6, 21))
    assert not year_known(2030)
    Day.objects.create(date=date(2030, 1, 1), kind=Day.Kind.HOLIDAY, name="元旦")
    assert year_known(2030)
