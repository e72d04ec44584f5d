"""Template filters of the list pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from cleanprod.audits.models import Department, Trigger

register = template.Library()


@register.filter
def trigger_labels(values: Iterable[str]) -> list[str]:
    """Trigger values → their translated labels."""
    return [str(Trigger(v).label) for v in values or [] if v in Trigger.values]


@register.filter
def for_entry(audits: Mapping[int, Any], entry: Any) -> Any:
    """The audit case of a list entry, from ListDetail.audits."""
    return audits.get(entry.pk)


@register.filter
def department_label(value: str) -> str:
    """A Department value → its translated label."""
    return str(Department(value).label) if value in Department.values else value
