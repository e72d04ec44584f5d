"""Loading notices: idempotent, every bad line named, and the operator's command."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from cleanprod.core.errors import DomainError
from cleanprod.workdays.calendar import is_working_day, year_known
from cleanprod.workdays.models import Day
from cleanprod.workdays.services import workdays_load, workdays_read

pytestmark = pytest.mark.django_db

NEXT_YEAR = """date,kind,name,source
2031-01-01,holiday,元旦,测试通知
2031-01-04,workday,元旦调休上班,测试通知
"""


def test_the_shipped_file_checks_out_and_loading_twice_changes_nothing():
    rows = workdays_read()
    assert {r.date.year for r in rows} == {2023, 2024, 2025, 2026}
    assert all(r.source.startswith("国务院办公厅关于") for r in rows)
    workdays_load()
    count = Day.objects.count()
    assert workdays_load() == (0, 0)
    assert Day.objects.count() == count == len(rows)


def test_a_file_updates_a_day_by_date(tmp_path):
    path = tmp_path / "next.csv"
    path.write_text(NEXT_YEAR, encoding="utf-8")
    assert workdays_load(path) == (2, 0)
    path.write_text(NEXT_YEAR.replace("元旦,测试", "新年,测试"), encoding="utf-8")
    assert workdays_load(path) == (0, 1)
    assert Day.objects.get(date=date(2031, 1, 1)).name == "新年"
    assert year_known(2031)
    assert is_working_day(date(2031, 1, 4))


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("2031-02-30,holiday,x,", "date"),
        ("2031-01-02,off,x,", "kind"),
        ("2031-01-06,workday,x,", "kind"),  # a Monday cannot be a make-up day
        ("2031-01-02,holiday,,", "name"),
        ("2031-01-01,holiday,x,", "date"),  # twice
    ],
)
def test_a_bad_line_is_refused_by_line_and_field_and_nothing_is_written(tmp_path, line, field):
    path = tmp_path / "bad.csv"
    path.write_text(NEXT_YEAR + line + "\n", encoding="utf-8")
    before = Day.objects.count()
    with pytest.raises(DomainError) as refused:
        workdays_load(path)
    assert refused.value.code == "workdays.invalid_file"
    assert list(refused.value.fields) == [field]
    assert "4" in refused.value.message  # the line number
    assert Day.objects.count() == before


def test_the_command_loads_a_file_and_reports_bad_input(tmp_path):
    path = tmp_path / "next.csv"
    path.write_text(NEXT_YEAR, encoding="utf-8")
    out = io.StringIO()
    call_command("load_holidays", str(path), stdout=out)
    assert "2 days created" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("load_holidays", str(tmp_path / "missing.csv"))
