"""Reads of the registries, always from a scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from cleanprod.core.paging import Page, keyset_page
from cleanprod.core.scoping import ScopeLike
from cleanprod.registry.filters import EnterpriseFilterSet, ParkFilterSet, PermitFilterSet
from cleanprod.registry.models import (
    EnergyUse,
    Enterprise,
    EnterpriseCorrection,
    Exceedance,
    HazardousWaste,
    IndustryCatalogue,
    Park,
    Permit,
    ToxicSubstance,
)

ORDERINGS: dict[str, tuple[str, ...]] = {
    "newest": ("-id",),
    "name": ("name", "id"),
    "credit_code": ("credit_code", "id"),
}


def enterprise_queryset(
    *, scope: ScopeLike, filters: Mapping[str, Any], perm: str = "view"
) -> tuple[EnterpriseFilterSet, QuerySet[Enterprise]]:
    """The enterprises the person may see, filtered as the page or API asks."""
    base = Enterprise.objects.in_scope(scope, perm)
    filterset = EnterpriseFilterSet(filters or None, queryset=base)
    valid = not filterset.is_bound or filterset.is_valid()
    return filterset, (filterset.qs if valid else base.none())


LIST_FIELDS = (
    "id",
    "name",
    "credit_code",
    "region__name",
    "industry__code",
    "industry__name",
    "park__name",
    "status",
    "key_pollutant_unit",
    "exceeds_standard",
    "exceeds_cap",
    "over_energy_quota",
    "uses_toxic",
)


def enterprise_page(
    *, scope: ScopeLike, filters: Mapping[str, Any], size: int = 50
) -> tuple[EnterpriseFilterSet, Page[dict[str, Any]]]:
    """A page of the list as plain values (`LIST_FIELDS`), no model instances: the list shows
    these and nothing else."""
    filterset, qs = enterprise_queryset(scope=scope, filters=filters)
    ordering = ORDERINGS.get(str(filters.get("sort", "")), ORDERINGS["newest"])
    rows = qs.values(*LIST_FIELDS)
    return filterset, keyset_page(rows, ordering=ordering, cursor=filters.get("cursor"), size=size)


@dataclass(frozen=True)
class EnterpriseFile:
    enterprise: Enterprise
    exceedances: list[Exceedance]
    energy_uses: list[EnergyUse]
    toxic_substances: list[ToxicSubstance]
    hazardous_wastes: list[HazardousWaste]
    permits: list[Permit]
    catalogues: list[IndustryCatalogue]
    history: list[Any]


def enterprise_file(*, enterprise: Enterprise, history_limit: int = 50) -> EnterpriseFile:
    """Everything the enterprise page shows, including the change history of the record."""
    paths = _prefixes(enterprise.industry_path)
    catalogues = list(
        IndustryCatalogue.objects.published()
        .filter(industries__path__in=paths)
        .distinct()
        .order_by("kind", "slug")
    )
    history = _history(enterprise, history_limit)
    return EnterpriseFile(
        enterprise=enterprise,
        exceedances=list(enterprise.exceedances.all()[:100]),
        energy_uses=list(enterprise.energy_uses.all()[:20]),
        toxic_substances=list(enterprise.toxic_substances.all()[:100]),
        hazardous_wastes=list(enterprise.hazardous_wastes.all()[:100]),
        permits=list(enterprise.permits.prefetch_related(Prefetch("allowances")).all()),
        catalogues=catalogues,
        history=history,
    )


def _prefixes(path: str) -> list[str]:
    """ "C/26/261/2614/" → ["C/", "C/26/", "C/26/261/", "C/26/261/2614/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


HIDDEN_IN_HISTORY = {"contact_name", "contact_phone"}


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    user: Any
    kind: str  # "+" created, "~" changed
    changes: list[Change]


def _history(enterprise: Enterprise, limit: int) -> list[HistoryEntry]:
    """The record's versions, newest first, each with what changed against the one before.
    Contact fields show as changed without their values (personal data)."""
    records = list(
        enterprise.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    labels = {f.name: str(f.verbose_name) for f in Enterprise._meta.fields}
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            for c in newer.diff_against(older).changes:
                hidden = c.field in HIDDEN_IN_HISTORY
                changes.append(
                    Change(
                        labels.get(c.field, c.field),
                        "…" if hidden else c.old,
                        "…" if hidden else c.new,
                    )
                )
        entries.append(
            HistoryEntry(newer.history_date, newer.history_user, newer.history_type, changes)
        )
    return entries


def correction_rows(correction: EnterpriseCorrection) -> list[Change]:
    """What a correction would change, field by field, with translated field names."""
    return [
        Change(str(Enterprise._meta.get_field(f).verbose_name), correction.previous.get(f), new)
        for f, new in correction.changes.items()
    ]


def park_queryset(
    *, scope: ScopeLike, filters: Mapping[str, Any], perm: str = "view"
) -> tuple[ParkFilterSet, QuerySet[Park]]:
    base = (
        Park.objects.in_scope(scope, perm)
        .select_related("region")
        .annotate(n_members=Count("members"))
    )
    filterset = ParkFilterSet(filters or None, queryset=base)
    valid = not filterset.is_bound or filterset.is_valid()
    return filterset, (filterset.qs if valid else base.none())


def permit_queryset(
    *, scope: ScopeLike, filters: Mapping[str, Any], perm: str = "view"
) -> tuple[PermitFilterSet, QuerySet[Permit]]:
    base = (
        Permit.objects.in_scope(scope, perm)
        .select_related("enterprise__region")
        .prefetch_related("allowances")
    )
    filterset = PermitFilterSet(filters or None, queryset=base)
    valid = not filterset.is_bound or filterset.is_valid()
    return filterset, (filterset.qs if valid else base.none())
