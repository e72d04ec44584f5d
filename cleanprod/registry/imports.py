"""The registries that can be imported and exported, by the name used in URLs and commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cleanprod.core.excel import ColumnSpec, ParsedSheet
from cleanprod.registry.excel import (
    ENTERPRISES,
    EXAMPLE,
    PARK_EXAMPLE,
    PARKS,
    PERMIT_EXAMPLE,
    PERMITS,
    enterprise_rows,
    park_rows,
    permit_rows,
)
from cleanprod.registry.excel_facts import FACT_SHEETS
from cleanprod.registry.selectors import enterprise_queryset, park_queryset, permit_queryset
from cleanprod.registry.services.imports import ImportResult, enterprises_import
from cleanprod.registry.services.imports_facts import facts_import
from cleanprod.registry.services.imports_other import parks_import, permits_import


@dataclass(frozen=True)
class Registry:
    label: Promise
    spec: ColumnSpec
    run: Callable[..., ImportResult]
    example: dict[str, Any]
    list_url: str
    export: Callable[[Any, Mapping[str, Any], bool], Iterator[dict[str, Any]]]


def _export_enterprises(
    scope: Any, filters: Mapping[str, Any], contacts: bool
) -> Iterator[dict[str, Any]]:
    _f, qs = enterprise_queryset(scope=scope, filters=filters, perm="registry.export_registry")
    return enterprise_rows(qs, contacts=contacts)


def _export_parks(
    scope: Any, filters: Mapping[str, Any], contacts: bool
) -> Iterator[dict[str, Any]]:
    _f, qs = park_queryset(scope=scope, filters=filters)
    return park_rows(qs.order_by("id").iterator(chunk_size=2000))


def _export_permits(
    scope: Any, filters: Mapping[str, Any], contacts: bool
) -> Iterator[dict[str, Any]]:
    _f, qs = permit_queryset(scope=scope, filters=filters)
    return permit_rows(qs.order_by("id").iterator(chunk_size=2000))


def _fact_export(kind: str) -> Callable[[Any, Mapping[str, Any], bool], Iterator[dict[str, Any]]]:
    facts = FACT_SHEETS[kind]

    def export(scope: Any, filters: Mapping[str, Any], contacts: bool) -> Iterator[dict[str, Any]]:
        _f, enterprises = enterprise_queryset(
            scope=scope, filters=filters, perm="registry.export_registry"
        )
        rows = (
            facts.model.objects.filter(enterprise__in=enterprises.values("pk"))
            .select_related("enterprise")
            .order_by("enterprise_id", "pk")
        )
        for record in rows.iterator(chunk_size=2000):
            yield {
                "credit_code": record.enterprise.credit_code,
                **{c.key: getattr(record, c.key) for c in facts.spec if c.key != "credit_code"},
            }

    return export


def _fact_import(kind: str) -> Callable[..., ImportResult]:
    return partial(facts_import, kind=kind)


REGISTRIES: dict[str, Registry] = {
    "enterprises": Registry(
        _("Enterprises"),
        ENTERPRISES,
        enterprises_import,
        EXAMPLE,
        "registry:enterprises",
        _export_enterprises,
    ),
    "parks": Registry(
        _("Industrial parks"), PARKS, parks_import, PARK_EXAMPLE, "registry:parks", _export_parks
    ),
    "permits": Registry(
        _("Emission permits"),
        PERMITS,
        permits_import,
        PERMIT_EXAMPLE,
        "registry:permits",
        _export_permits,
    ),
    **{
        kind: Registry(
            facts.spec.title,
            facts.spec,
            _fact_import(kind),
            facts.example,
            "registry:enterprises",
            _fact_export(kind),
        )
        for kind, facts in FACT_SHEETS.items()
    },
}


def run_import(kind: str, sheet: ParsedSheet, *, by: Any, dry_run: bool) -> ImportResult:
    return REGISTRIES[kind].run(sheet=sheet, by=by, dry_run=dry_run)
