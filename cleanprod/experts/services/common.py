"""Small helpers shared by the expert services: months on a date, who the authority is, and
the account an expert is told through."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.db.models import Q, QuerySet

from cleanprod.accounts.models import User
from cleanprod.core.errors import DomainError
from cleanprod.experts.models import Expert
from cleanprod.regions.selectors import paths_upward


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def users_with_perm_covering(perm: str, path: str) -> QuerySet[User]:
    """Active users holding `perm` through a role granted in `path` or above it (with its
    descendants): the authority that answers for a place."""
    app_label, codename = perm.split(".", 1)
    reach = Q(assignments__region__path=path) | Q(
        assignments__region__path__in=paths_upward(path),
        assignments__include_descendants=True,
    )
    return (
        User.objects.filter(is_active=True)
        .filter(
            reach,
            assignments__role__permissions__codename=codename,
            assignments__role__permissions__content_type__app_label=app_label,
        )
        .distinct()
        .order_by("pk")
    )


def history_user(expert: Expert, by: Any) -> None:
    expert._history_user = by if getattr(by, "is_authenticated", False) else None  # type: ignore[attr-defined]


def required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"expert.{field}_required", message, fields={field: [message]})
    return value
