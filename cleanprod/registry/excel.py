"""Column specs of the registry spreadsheets: one spec drives the template, the import and
the export (Chinese headers in the default language)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cleanprod.core.excel import Column, ColumnSpec
from cleanprod.registry.models import Enterprise, Industry, Park, Permit
from cleanprod.registry.privacy import mask_name, mask_phone

ENTERPRISES = ColumnSpec(
    title=_("Enterprises"),
    columns=[
        Column(
            "credit_code",
            _("Unified social credit code"),
            "code",
            required=True,
            width=22,
            help=_("18 characters, GB 32100-2015; rows are matched by it."),
        ),
        Column("name", _("Enterprise name"), required=True, max_length=120, width=30),
        Column(
            "former_names",
            _("Former names"),
            max_length=400,
            help=_("Several names separated by semicolons."),
        ),
        Column(
            "region",
            _("County (code or name)"),
            "code",
            required=True,
            width=14,
            help=_(
                "6-digit division code of the county-level region, or its name when "
                "the name is unique."
            ),
        ),
        Column("address", _("Address"), max_length=200, width=30),
        Column("longitude", _("Longitude"), "decimal", min_value=73, max_value=136),
        Column("latitude", _("Latitude"), "decimal", min_value=3, max_value=54),
        Column(
            "industry",
            _("Main industry code"),
            "code",
            required=True,
            help=_("GB/T 4754-2017 class code (4 digits), or a group or division code."),
        ),
        Column("other_industries", _("Other industry codes"), "code", many=True),
        Column("scale", _("Scale"), "choice", choices=Enterprise.Scale.choices),
        Column("park", _("Industrial park"), max_length=120, help=_("The park's registered name.")),
        Column("status", _("Operating status"), "choice", choices=Enterprise.Status.choices),
        Column("key_pollutant_unit", _("Key pollutant discharge unit"), "bool"),
        Column("contact_name", _("Contact person"), max_length=40),
        Column("contact_phone", _("Contact phone"), "code", max_length=30),
    ],
)

EXAMPLE = {
    "credit_code": "91370303MA3C8K2L0B",
    "name": "淄博示范化工有限公司",
    "region": "370303",
    "address": "张店区示范路1号",
    "industry": "2614",
    "scale": "medium",
    "status": "operating",
    "key_pollutant_unit": True,
    "contact_name": "张工",
    "contact_phone": "13800000000",
}


EXPORT_FIELDS = (
    "id",
    "credit_code",
    "name",
    "former_names",
    "region__code",
    "address",
    "longitude",
    "latitude",
    "industry__code",
    "scale",
    "park__name",
    "status",
    "key_pollutant_unit",
    "contact_name",
    "contact_phone",
)


def enterprise_rows(
    enterprises: QuerySet[Enterprise], *, contacts: bool, chunk: int = 5000
) -> Iterator[dict[str, Any]]:
    """Rows for the export, read as plain values (no model instances) with the other
    industries fetched once per chunk; contacts masked unless `contacts` (recorded by the
    caller)."""
    values = enterprises.order_by("id").values_list(*EXPORT_FIELDS)
    last = 0
    while True:
        batch = list(values.filter(id__gt=last)[:chunk])
        if not batch:
            return
        last = batch[-1][0]
        others: dict[int, list[str]] = {}
        for enterprise_id, code in _other_codes([r[0] for r in batch]):
            others.setdefault(enterprise_id, []).append(code)
        for (
            pk,
            code,
            name,
            former,
            region,
            address,
            lon,
            lat,
            industry,
            scale,
            park,
            status,
            key_unit,
            contact,
            phone,
        ) in batch:
            yield {
                "credit_code": code,
                "name": name,
                "former_names": former,
                "region": region,
                "address": address,
                "longitude": lon,
                "latitude": lat,
                "industry": industry,
                "other_industries": others.get(pk, []),
                "scale": scale or None,
                "park": park or "",
                "status": status,
                "key_pollutant_unit": key_unit,
                "contact_name": contact if contacts else mask_name(contact),
                "contact_phone": phone if contacts else mask_phone(phone),
            }


def _other_codes(ids: list[int]) -> Iterable[tuple[int, str]]:
    """(enterprise id, other industry code) of these enterprises. On PostgreSQL the ids go as
    one array parameter: an IN list of 5,000 placeholders costs more to prepare and parse
    (Django and psycopg, per placeholder) than the query costs to run."""
    through = Enterprise.other_industries.through
    if connection.vendor != "postgresql":
        return through.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "industry__code"
        )
    q = connection.ops.quote_name
    industry = Industry._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.enterprise_id, i.{q(industry.get_field('code').column)} "  # noqa: S608
            f"FROM {q(through._meta.db_table)} l JOIN {q(industry.db_table)} i "
            "ON i.id = l.industry_id WHERE l.enterprise_id = ANY(%s)",
            [ids],
        )
        return cursor.fetchall()


PARKS = ColumnSpec(
    title=_("Industrial parks"),
    columns=[
        Column(
            "name",
            _("Park name"),
            required=True,
            max_length=120,
            width=30,
            help=_("Rows are matched by name and region."),
        ),
        Column("level", _("Level"), "choice", required=True, choices=Park.Level.choices),
        Column(
            "region",
            _("Region (code or name)"),
            "code",
            required=True,
            help=_("6-digit division code of the county or city the park belongs to."),
        ),
        Column("address", _("Address"), max_length=200, width=30),
        Column("established_on", _("Established on"), "date"),
    ],
)
PARK_EXAMPLE = {
    "name": "淄博示范化学工业园区",
    "level": "provincial",
    "region": "370305",
    "address": "临淄区示范大道1号",
}

PERMITS = ColumnSpec(
    title=_("Emission permits"),
    columns=[
        Column(
            "number",
            _("Permit number"),
            "code",
            required=True,
            width=26,
            help=_("Rows are matched by permit number."),
        ),
        Column(
            "credit_code",
            _("Unified social credit code"),
            "code",
            required=True,
            width=22,
            help=_("The permit holder; it must be in the enterprise registry."),
        ),
        Column(
            "category",
            _("Management category"),
            "choice",
            required=True,
            choices=Permit.Category.choices,
        ),
        Column("issued_by", _("Issued by"), max_length=80, width=24),
        Column("valid_from", _("Valid from"), "date", required=True),
        Column("valid_to", _("Valid to"), "date", required=True),
        Column(
            "allowances",
            _("Permitted amounts (t/a)"),
            many=True,
            width=40,
            help=_(
                "Pollutant=amount, several separated by semicolons, e.g. 化学需氧量=210; 氨氮=18"
            ),
        ),
    ],
)
PERMIT_EXAMPLE = {
    "number": "91370305MA3C8K2L0B001P",
    "credit_code": "91370305MA3C8K2L0B",
    "category": "key",
    "issued_by": "淄博市生态环境局",
    "allowances": ["化学需氧量=210", "氨氮=18"],
}


def park_rows(parks: Iterable[Park]) -> Iterator[dict[str, Any]]:
    for p in parks:
        yield {
            "name": p.name,
            "level": p.level,
            "region": p.region.code,
            "address": p.address,
            "established_on": p.established_on,
        }


def permit_rows(permits: Iterable[Permit]) -> Iterator[dict[str, Any]]:
    for p in permits:
        yield {
            "number": p.number,
            "credit_code": p.enterprise.credit_code,
            "category": p.category,
            "issued_by": p.issued_by,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "allowances": [f"{a.pollutant}={a.annual_t.normalize():f}" for a in p.allowances.all()],
        }
