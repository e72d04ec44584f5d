"""Keyset paging for list pages: constant time at any depth, no count over the whole table.

The cursor is the last row's ordering values, encoded; an ordering is a tuple of fields ending
in the primary key so that it is unique ("-id" or ("name", "id")). Rows may be model instances
or the dicts of a ``.values()`` queryset (which then must hold the ordering fields).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from django.db.models import Q, QuerySet

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_cursor: str | None


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode()


def _decode(cursor: str) -> list[Any] | None:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


def _after(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """Rows strictly after `values` in `ordering` (row-value comparison spelled out)."""
    q = Q()
    for i, field in enumerate(ordering):
        name = field.lstrip("-")
        op = "lt" if field.startswith("-") else "gt"
        step = Q(**{f"{name}__{op}": values[i]})
        for prev_field, prev in zip(ordering[:i], values[:i], strict=True):
            step &= Q(**{prev_field.lstrip("-"): prev})
        q |= step
    return q


def keyset_page(
    qs: QuerySet[T], *, ordering: tuple[str, ...], cursor: str | None, size: int
) -> Page[T]:
    """One page after `cursor` (None for the first page) in `ordering`."""
    qs = qs.order_by(*ordering)
    if cursor:
        values = _decode(cursor)
        if values is not None and len(values) == len(ordering):
            qs = qs.filter(_after(ordering, values))
    rows = list(qs[: size + 1])
    if len(rows) <= size:
        return Page(rows, None)
    last = rows[size - 1]
    get = last.__getitem__ if isinstance(last, dict) else partial(getattr, last)
    return Page(rows[:size], _encode([get(f.lstrip("-")) for f in ordering]))
