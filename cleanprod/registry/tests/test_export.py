"""The enterprise export: columns read straight from the database in keyset chunks, handed to
the writer column by column, and a file that imports back as the registry it came from."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from cleanprod.core.excel import ColumnBatches, read_workbook, write_rows
from cleanprod.registry import excel
from cleanprod.registry.excel import ENTERPRISES, enterprise_rows
from cleanprod.registry.models import Enterprise, Park
from cleanprod.registry.privacy import mask_name, mask_phone
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(regions, industries):
    """Five enterprises that between them fill every column, ids in creation order."""
    Park.objects.create(name="齐鲁化学工业园区", level="provincial", region=regions["370305"])
    return [
        make_enterprise(
            "370303",
            name="张店电镀有限公司",
            former_names="张店电镀厂",
            address="张店区示范路1号",
            longitude=Decimal("118.05"),
            latitude=Decimal("36.8"),
            industry="3360",
            other_industries=["2614", "2221"],
            scale="large",
            key_pollutant_unit=True,
        ),
        make_enterprise("370305", industry="2614", park="齐鲁化学工业园区", status="closed"),
        make_enterprise("370305", contact_name="", contact_phone=""),
        make_enterprise("370303", other_industries=["3360"], scale="micro"),
        make_enterprise("370305", name="临淄造纸有限公司", industry="2221"),
    ]


def _expected(enterprise: Enterprise, contacts: bool) -> dict:
    """The row of one enterprise as `enterprise_rows` gives it: values as stored."""
    others = sorted(i.code for i in enterprise.other_industries.all())
    return {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
        "former_names": enterprise.former_names,
        "region": enterprise.region.code,
        "address": enterprise.address,
        "longitude": enterprise.longitude,
        "latitude": enterprise.latitude,
        "industry": enterprise.industry.code,
        "other_industries": others or None,
        "scale": enterprise.scale,
        "park": enterprise.park.name if enterprise.park else None,
        "status": enterprise.status,
        "key_pollutant_unit": enterprise.key_pollutant_unit,
        "contact_name": enterprise.contact_name if contacts else mask_name(enterprise.contact_name),
        "contact_phone": (
            enterprise.contact_phone if contacts else mask_phone(enterprise.contact_phone)
        ),
    }


def _sorted_others(row: dict) -> dict:
    """The other industries in code order (the export keeps the order they were read in)."""
    return {**row, "other_industries": row["other_industries"] and sorted(row["other_industries"])}


@pytest.mark.parametrize("contacts", [False, True])
def test_rows_carry_every_column_across_chunks_and_column_batches(five, monkeypatch, contacts):
    # given: chunks of two rows, turned into columns one row at a time
    monkeypatch.setattr(excel, "TRANSPOSE", 1)
    # when
    rows = enterprise_rows(Enterprise.objects.all(), contacts=contacts, chunk=2)
    # then
    assert isinstance(rows, ColumnBatches)
    assert [_sorted_others(row) for row in rows] == [_expected(e, contacts) for e in five]
    assert _expected(five[2], contacts)["contact_phone"] == ""  # nothing to mask


def test_the_export_reads_a_constant_number_of_queries_per_chunk(five, django_assert_num_queries):
    # 3 chunks (2 + 2 + 1 rows): the rows and their other industries each, and the empty read
    with django_assert_num_queries(7):
        rows = enterprise_rows(Enterprise.objects.all(), contacts=False, chunk=2)
        assert write_rows(ENTERPRISES, rows, io.BytesIO()) == 5


def test_an_export_with_contacts_imports_back_as_the_registry_it_came_from(five):
    # given
    out = io.BytesIO()
    with translation.override("zh-hans"):
        written = write_rows(
            ENTERPRISES, enterprise_rows(Enterprise.objects.all(), contacts=True), out
        )
        # when
        parsed = read_workbook(out, ENTERPRISES)
    # then
    assert written == 5
    assert parsed.errors == []
    blank = ("former_names", "address", "scale", "contact_name", "contact_phone")  # "" reads None
    assert [_sorted_others(r.values) for r in parsed.rows] == [
        {**expected, **{key: expected[key] or None for key in blank}}
        for expected in (_expected(e, contacts=True) for e in five)
    ]


def test_an_empty_selection_exports_only_the_header(regions, industries):
    out = io.BytesIO()
    with translation.override("zh-hans"):
        rows = enterprise_rows(Enterprise.objects.all(), contacts=False)
        assert write_rows(ENTERPRISES, rows, out) == 0
        headers = [str(c.header) for c in ENTERPRISES]
    sheet = load_workbook(out, read_only=True).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [headers]
