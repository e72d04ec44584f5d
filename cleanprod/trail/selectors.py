"""Reads of the security trail, always from a scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import QuerySet

from cleanprod.core.scoping import ScopeLike
from cleanprod.trail.filters import TrailEventFilterSet
from cleanprod.trail.models import TrailEvent

VIEW = "trail.view_trailevent"
EXPORT = "trail.export_trailevent"


def trail_list(
    *, scope: ScopeLike, filters: Mapping[str, Any], perm: str = VIEW
) -> tuple[TrailEventFilterSet, QuerySet[TrailEvent]]:
    """The events the person may read, filtered; newest first."""
    base = TrailEvent.objects.in_scope(scope, perm).select_related("actor")
    filterset = TrailEventFilterSet(filters or None, queryset=base)
    valid = not filterset.is_bound or filterset.is_valid()
    events = filterset.qs if valid else base.none()
    return filterset, events.order_by("-id")


def trail_page(
    events: QuerySet[TrailEvent], *, before: int | None, size: int
) -> tuple[list[TrailEvent], int | None]:
    """One keyset page (no count over the whole table) and the cursor of the next one."""
    if before:
        events = events.filter(id__lt=before)
    rows = list(events[: size + 1])
    return rows[:size], (rows[size - 1].pk if len(rows) > size else None)


def trail_rows(events: QuerySet[TrailEvent], chunk: int = 2000) -> Iterator[TrailEvent]:
    return events.iterator(chunk_size=chunk)
