"""Importing enterprises: all or nothing, every problem named by row and column, and a
second import of the same file changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cleanprod.core.excel import read_workbook, write_rows
from cleanprod.registry.excel import ENTERPRISES
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.imports import enterprises_import
from cleanprod.testing.registry import credit_code_for
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db

COUNTIES = ["370303", "370305"]


def _rows(n, start=1):
    return [
        {
            "credit_code": credit_code_for(COUNTIES[i % 2], start + i),
            "name": f"测试企业{start + i}有限公司",
            "region": COUNTIES[i % 2],
            "address": f"示范路{i}号",
            "industry": ["2614", "3360", "2221"][i % 3],
            "other_industries": ["2612"] if i % 5 == 0 else [],
            "scale": "small",
            "status": "operating",
            "key_pollutant_unit": i % 2 == 0,
            "contact_name": "张三",
            "contact_phone": "13800001234",
        }
        for i in range(n)
    ]


def _sheet(rows):
    out = io.BytesIO()
    write_rows(ENTERPRISES, rows, out)
    out.seek(0)
    return read_workbook(out, ENTERPRISES)


def test_one_bad_code_in_ten_thousand_rows_writes_nothing_and_names_the_row(
    regions, industries, make_account
):
    # given: 10,000 rows, row 7,322 of the sheet with a wrong check character
    official = make_account("municipal_official", "370300")
    rows = _rows(10_000)
    good = rows[7320]["credit_code"]
    rows[7320]["credit_code"] = good[:17] + ("0" if good[17] != "0" else "1")
    # when
    with translation.override("en"):
        result = enterprises_import(sheet=_sheet(rows), by=official)
    # then
    assert [(e.row, e.key) for e in result.errors] == [(7322, "credit_code")]
    assert "check character" in result.errors[0].message
    assert not Enterprise.objects.exists()
    # when: fixed, then imported twice
    rows[7320]["credit_code"] = good
    first = enterprises_import(sheet=_sheet(rows), by=official)
    second = enterprises_import(sheet=_sheet(rows), by=official)
    # then
    assert (first.created, first.updated, first.unchanged) == (10_000, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 10_000)
    assert Enterprise.objects.count() == 10_000
    assert Enterprise.objects.get(credit_code=rows[0]["credit_code"]).other_industries.count() == 1
    assert TrailEvent.objects.filter(action=TrailEvent.Action.REGISTRY_IMPORTED).count() == 2


def test_a_changed_row_updates_only_that_enterprise_with_history(regions, industries):
    rows = _rows(3)
    enterprises_import(sheet=_sheet(rows), by=None)
    rows[1]["address"] = "新地址"
    result = enterprises_import(sheet=_sheet(rows), by=None)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    changed = Enterprise.objects.get(credit_code=rows[1]["credit_code"])
    assert changed.address == "新地址"
    assert changed.history.count() == 2


def test_every_problem_is_listed_with_row_and_column(regions, industries):
    rows = _rows(4)
    rows[0]["region"] = "999999"
    rows[1]["industry"] = "9999"
    rows[2]["credit_code"] = rows[3]["credit_code"]
    rows[3]["name"] = ""
    with translation.override("en"):
        result = enterprises_import(sheet=_sheet(rows), by=None)
    assert [(e.row, e.key) for e in result.errors] == [
        (2, "region"),
        (3, "industry"),
        (5, "credit_code"),
        (5, "name"),
    ]
    assert result.errors[0].column == "County (code or name)"
    assert not Enterprise.objects.exists()


def test_a_county_official_cannot_import_into_another_county(regions, industries, make_account):
    official = make_account("county_official", "370303")
    result = enterprises_import(sheet=_sheet(_rows(2)), by=official)
    assert [(e.row, e.key) for e in result.errors] == [(3, "region")]
    assert not Enterprise.objects.exists()


def test_counties_may_be_given_by_unique_name(regions, industries):
    rows = _rows(1)
    rows[0]["region"] = "张店区"
    result = enterprises_import(sheet=_sheet(rows), by=None)
    assert result.ok
    assert Enterprise.objects.get().region.code == "370303"


def test_the_command_line_refuses_a_bad_file_with_a_non_zero_exit(regions, industries, tmp_path):
    rows = _rows(3)
    rows[2]["credit_code"] = "91370303MA0000000I"
    path = tmp_path / "bad.xlsx"
    with path.open("wb") as out:
        write_rows(ENTERPRISES, rows, out)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problems"):
        call_command("import_registry", "enterprises", str(path), stderr=err)
    assert "4" in err.getvalue()
    assert not Enterprise.objects.exists()


def test_the_command_line_dry_run_writes_nothing_and_the_real_run_writes(
    regions, industries, tmp_path
):
    path = tmp_path / "good.xlsx"
    with path.open("wb") as out:
        write_rows(ENTERPRISES, _rows(5), out)
    out_text = io.StringIO()
    call_command("import_registry", "enterprises", str(path), "--dry-run", stdout=out_text)
    assert "would import 5 rows: 5 new" in out_text.getvalue()
    assert not Enterprise.objects.exists()
    call_command("import_registry", "enterprises", str(path), stdout=out_text)
    assert Enterprise.objects.count() == 5


def test_the_command_line_writes_the_template(tmp_path):
    path = tmp_path / "template.xlsx"
    call_command("import_registry", "enterprises", "--template", str(path), stdout=io.StringIO())
    from openpyxl import load_workbook

    headers = [c.value for c in load_workbook(path).worksheets[0][1]]
    with translation.override("zh-hans"):
        assert headers[0] == str(ENTERPRISES.columns[0].header)


def test_new_rows_get_their_history_tokens_links_and_defaults_on_either_path(
    regions, industries, make_account
):
    # given
    from cleanprod.core.search import search_filter
    from cleanprod.registry.rules import enterprise_values
    from cleanprod.registry.services.enterprises import enterprise_tokens

    official = make_account("municipal_official", "370300")
    rows = _rows(6)
    # when
    result = enterprises_import(sheet=_sheet(rows), by=official)
    # then
    assert (result.created, result.written) == (6, True)
    first = Enterprise.objects.get(credit_code=rows[0]["credit_code"])
    values = enterprise_values(first)
    assert {k: values[k] for k in rows[0]} == rows[0] | {"key_pollutant_unit": True}
    assert first.industry_path == first.industry.path
    assert first.search_tokens == enterprise_tokens(first)
    assert first.created_at is not None
    assert first.updated_at is not None
    assert not any([first.exceeds_standard, first.exceeds_cap, first.uses_toxic])
    assert [i.code for i in first.other_industries.all()] == ["2612"]
    (created,) = first.history.all()
    assert (created.history_type, created.history_user) == ("+", official)
    assert (created.name, created.region_id, created.credit_code) == (
        first.name,
        first.region_id,
        first.credit_code,
    )
    assert Enterprise.history.filter(history_type="+").count() == 6
    ids = list(Enterprise.objects.order_by("id").values_list("credit_code", flat=True))
    assert ids == [r["credit_code"] for r in rows]  # ids follow the sheet
    assert set(search_filter(Enterprise.objects.all(), "测试企业1有限")) >= {first}


def test_one_file_creates_changes_and_leaves_rows_alike_on_either_path(regions, industries):
    # given: three enterprises, one without other industries
    rows = _rows(3)
    enterprises_import(sheet=_sheet(rows), by=None)
    # when: one new row, one changed, one with other industries only, one unchanged
    rows[1]["name"] = "改名企业有限公司"
    rows[2]["other_industries"] = ["2221"]
    rows.append(_rows(1, start=50)[0])
    result = enterprises_import(sheet=_sheet(rows), by=None)
    # then
    assert (result.created, result.updated, result.unchanged) == (1, 2, 1)
    renamed = Enterprise.objects.get(credit_code=rows[1]["credit_code"])
    assert " 改名 " in renamed.search_tokens
    assert [h.history_type for h in renamed.history.order_by("history_id")] == ["+", "~"]
    linked = Enterprise.objects.get(credit_code=rows[2]["credit_code"])
    assert [i.code for i in linked.other_industries.all()] == ["2221"]
    assert Enterprise.objects.get(credit_code=rows[3]["credit_code"]).history.count() == 1
    assert Enterprise.objects.count() == 4


def test_a_bad_row_after_the_first_new_ones_rolls_every_row_back(regions, industries):
    # given: the stream has begun (rows 2–4 valid and new) when row 5 fails
    rows = _rows(6)
    rows[3]["industry"] = "9999"
    rows[5]["region"] = "999999"
    # when
    result = enterprises_import(sheet=_sheet(rows), by=None)
    # then: both problems listed, nothing kept
    assert [(e.row, e.key) for e in result.errors] == [(5, "industry"), (7, "region")]
    assert not result.written
    assert not Enterprise.objects.exists()
    assert not Enterprise.history.exists()
    assert not Enterprise.other_industries.through.objects.exists()


def test_a_row_that_drops_its_other_industries_is_an_update(regions, industries):
    # given: rows 1 and 6 of the data (i = 0, 5) have another industry
    rows = _rows(6)
    enterprises_import(sheet=_sheet(rows), by=None)
    # when: the first drops it, the sixth keeps it, the rest are as they were
    rows[0]["other_industries"] = []
    result = enterprises_import(sheet=_sheet(rows), by=None)
    # then
    assert (result.created, result.updated, result.unchanged) == (0, 1, 5)
    assert not Enterprise.objects.get(credit_code=rows[0]["credit_code"]).other_industries.exists()
    kept = Enterprise.objects.get(credit_code=rows[5]["credit_code"])
    assert [i.code for i in kept.other_industries.all()] == ["2612"]
