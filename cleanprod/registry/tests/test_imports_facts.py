"""Screening facts come in from spreadsheets and refresh the enterprise's flags."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation

from cleanprod.core.excel import read_workbook, write_rows
from cleanprod.registry.excel_facts import FACT_SHEETS
from cleanprod.registry.models import EnergyUse, Enterprise, Exceedance
from cleanprod.registry.services.imports_facts import facts_import
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


def _sheet(kind, rows):
    out = io.BytesIO()
    write_rows(FACT_SHEETS[kind].spec, rows, out)
    out.seek(0)
    return read_workbook(out, FACT_SHEETS[kind].spec)


def test_exceedances_import_once_refresh_flags_and_change_nothing_twice(regions, industries):
    enterprise = make_enterprise("370303")
    rows = [
        {
            "credit_code": enterprise.credit_code,
            "kind": "cap",
            "pollutant": "二氧化硫",
            "occurred_on": datetime.date(2025, 12, 31),
            "source": "inspection",
            "measured": Decimal(412),
            "limit": Decimal(380),
            "unit": "t/a",
        }
    ]
    first = facts_import(kind="exceedances", sheet=_sheet("exceedances", rows), by=None)
    second = facts_import(kind="exceedances", sheet=_sheet("exceedances", rows), by=None)
    assert (first.created, second.unchanged) == (1, 1)
    assert Exceedance.objects.count() == 1
    assert Enterprise.objects.get(pk=enterprise.pk).exceeds_cap


def test_energy_rows_update_in_place_and_unknown_enterprises_write_nothing(regions, industries):
    enterprise = make_enterprise("370303")
    row = {
        "credit_code": enterprise.credit_code,
        "year": 2025,
        "total_tce": Decimal(100),
        "product": "水泥",
        "unit_consumption": Decimal(90),
        "quota": Decimal(100),
    }
    facts_import(kind="energy", sheet=_sheet("energy", [row]), by=None)
    row["unit_consumption"] = Decimal(110)
    updated = facts_import(kind="energy", sheet=_sheet("energy", [row]), by=None)
    assert updated.updated == 1
    assert EnergyUse.objects.get().unit_consumption == Decimal(110)
    assert Enterprise.objects.get(pk=enterprise.pk).over_energy_quota
    stranger = {**row, "credit_code": "91110000600037341L", "year": 2024}
    with translation.override("en"):
        refused = facts_import(kind="energy", sheet=_sheet("energy", [row, stranger]), by=None)
    assert [(e.row, e.key) for e in refused.errors] == [(3, "credit_code")]
    assert "No enterprise" in refused.errors[0].message
    assert EnergyUse.objects.count() == 1


def test_facts_outside_the_importers_scope_are_refused(regions, industries, make_account):
    enterprise = make_enterprise("370305")
    official = make_account("county_official", "370303")
    rows = [
        {
            "credit_code": enterprise.credit_code,
            "year": 2025,
            "waste_code": "HW17",
            "amount_t": Decimal(3),
        }
    ]
    result = facts_import(
        kind="hazardous-waste", sheet=_sheet("hazardous-waste", rows), by=official
    )
    assert [(e.row, e.key) for e in result.errors] == [(2, "credit_code")]


def test_fact_templates_and_exports_are_served(regions, industries, signed_in):
    enterprise = make_enterprise("370303")
    facts_import(
        kind="toxic",
        sheet=_sheet(
            "toxic",
            [
                {
                    "credit_code": enterprise.credit_code,
                    "year": 2025,
                    "category": "heavy_metal",
                    "name": "六价铬",
                    "mode": "both",
                    "amount_t": Decimal("0.85"),
                }
            ],
        ),
        by=None,
    )
    client = signed_in("county_official", "370303")
    for kind in FACT_SHEETS:
        assert client.get(f"/registry/template/{kind}.xlsx").status_code == 200
    export = client.get("/registry/export/toxic.xlsx")
    from openpyxl import load_workbook

    rows = list(
        load_workbook(
            io.BytesIO(b"".join(export.streaming_content)), read_only=True
        ).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == enterprise.credit_code
    assert "六价铬" in rows[1]
