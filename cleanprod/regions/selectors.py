"""Reads of the region tree, always from a scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from cleanprod.core.scoping import ScopeLike, get_in_scope_or_404
from cleanprod.regions.models import Region

PERM = "regions.view_region"


def region_list(
    *, scope: ScopeLike, q: str = "", level: str = "", include_superseded: bool = False
) -> QuerySet[Region]:
    regions = Region.objects.in_scope(scope, PERM)
    if not include_superseded:
        regions = regions.current()
    if q:
        regions = regions.filter(Q(name__contains=q) | Q(code__startswith=q))
    if level:
        regions = regions.filter(level=level)
    return regions


def region_roots(*, scope: ScopeLike) -> list[Region]:
    """The top regions of a person's jurisdiction (where their grants sit)."""
    paths = sorted({g.path for g in scope.grants(PERM)})
    tops = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return list(Region.objects.filter(path__in=tops).order_by("path"))


def region_children(*, scope: ScopeLike, region: Region) -> QuerySet[Region]:
    return (
        Region.objects.in_scope(scope, PERM)
        .filter(parent=region)
        .annotate(n_children=Count("children", filter=Q(children__valid_to__isnull=True)))
        .order_by("valid_to", "code")
    )


@dataclass(frozen=True)
class LevelCount:
    level: str
    label: str
    count: int


def region_counts(*, scope: ScopeLike) -> list[LevelCount]:
    """Units in force per level inside the scope."""
    rows = dict(
        Region.objects.in_scope(scope, PERM)
        .current()
        .values_list("level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        LevelCount(level, str(label), rows.get(level, 0))
        for level, label in Region.Level.choices
        if rows.get(level)
    ]


def region_by_code(*, scope: ScopeLike, code: str) -> Region:
    """The unit with `code` in force (else its latest superseded namesake); 404 out of scope,
    403 in scope without the permission to view regions."""
    unit = Region.objects.covered_by(scope).filter(code=code).order_by("valid_to", "-id").first()
    return get_in_scope_or_404(Region, scope, PERM, pk=unit.pk if unit is not None else -1)


def paths_upward(path: str) -> list[str]:
    """ "000000/370000/370300/" → the paths of that region and every region above it."""
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def nearest_row(
    rows: QuerySet[Any], region: Region | None, *, field: str = "region", then: tuple[str, ...] = ()
) -> Any | None:
    """How configuration resolves everywhere: of `rows` (each tied to a region through `field`),
    the one of the nearest region at or above `region`; else the row without a region (the
    national default); else None. One query; `then` orders rows of the same region."""
    reach = Q(**{f"{field}__isnull": True})
    if region is not None:
        reach |= Q(**{f"{field}__path__in": paths_upward(region.path)})
    depth = F(f"{field}__depth").desc(nulls_last=True)
    return rows.filter(reach).select_related(field).order_by(depth, *then).first()
