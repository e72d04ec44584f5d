"""Parks and permits come in and go out through the same Excel engine."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cleanprod.core.excel import read_workbook, write_rows
from cleanprod.registry.excel import PARKS, PERMITS
from cleanprod.registry.models import Park, Permit
from cleanprod.registry.services.imports_other import parks_import, permits_import
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


def _sheet(spec, rows):
    out = io.BytesIO()
    write_rows(spec, rows, out)
    out.seek(0)
    return read_workbook(out, spec)


def test_parks_import_once_and_a_second_time_change_nothing(regions, industries):
    rows = [
        {"name": "淄博测试工业园", "level": "provincial", "region": "370305"},
        {"name": "张店测试园", "level": "municipal", "region": "张店区"},
    ]
    first = parks_import(sheet=_sheet(PARKS, rows), by=None)
    second = parks_import(sheet=_sheet(PARKS, rows), by=None)
    assert (first.created, second.unchanged) == (2, 2)
    assert Park.objects.get(name="张店测试园").region.code == "370303"


def test_a_park_outside_the_importers_scope_writes_nothing(regions, industries, make_account):
    official = make_account("county_official", "370303")
    rows = [
        {"name": "甲园", "level": "other", "region": "370303"},
        {"name": "乙园", "level": "other", "region": "370305"},
    ]
    result = parks_import(sheet=_sheet(PARKS, rows), by=official)
    assert [(e.row, e.key) for e in result.errors] == [(3, "region")]
    assert not Park.objects.exists()


def test_permits_import_with_amounts_and_report_unknown_holders(regions, industries):
    holder = make_enterprise("370305")
    rows = [
        {
            "number": f"{holder.credit_code}001P",
            "credit_code": holder.credit_code,
            "category": "key",
            "valid_from": datetime.date(2024, 1, 1),
            "valid_to": datetime.date(2029, 1, 1),
            "allowances": ["化学需氧量=210", "氨氮=18.5"],
        },
        {
            "number": "X1",
            "credit_code": "91110000600037341L",
            "category": "simplified",
            "valid_from": datetime.date(2024, 1, 1),
            "valid_to": datetime.date(2023, 1, 1),
            "allowances": ["SO2 12"],
        },
    ]
    with translation.override("en"):
        refused = permits_import(sheet=_sheet(PERMITS, rows), by=None)
    assert [(e.row, e.key) for e in refused.errors] == [
        (3, "allowances"),
        (3, "credit_code"),
        (3, "valid_to"),
    ]
    assert not Permit.objects.exists()
    result = permits_import(sheet=_sheet(PERMITS, rows[:1]), by=None)
    again = permits_import(sheet=_sheet(PERMITS, rows[:1]), by=None)
    assert (result.created, again.unchanged) == (1, 1)
    permit = Permit.objects.get()
    assert sorted(
        (a.pollutant, f"{a.annual_t.normalize():f}") for a in permit.allowances.all()
    ) == [("化学需氧量", "210"), ("氨氮", "18.5")]


def test_park_and_permit_pages_and_exports(regions, industries, signed_in):
    holder = make_enterprise("370303")
    parks_import(
        sheet=_sheet(PARKS, [{"name": "页面园", "level": "other", "region": "370303"}]), by=None
    )
    permits_import(
        sheet=_sheet(
            PERMITS,
            [
                {
                    "number": "P-1",
                    "credit_code": holder.credit_code,
                    "category": "registration",
                    "valid_from": datetime.date(2025, 1, 1),
                    "valid_to": datetime.date(2030, 1, 1),
                    "allowances": [],
                }
            ],
        ),
        by=None,
    )
    client = signed_in("county_official", "370303")
    assert "页面园" in client.get("/registry/parks/").content.decode()
    assert "P-1" in client.get("/registry/permits/").content.decode()
    response = client.get("/registry/export/permits.xlsx")
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(response.streaming_content)), read_only=True
        ).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == "P-1"
    assert client.get("/registry/template/parks.xlsx").status_code == 200
    other = signed_in("county_official", "370305")
    assert "P-1" not in other.get("/registry/permits/").content.decode()
