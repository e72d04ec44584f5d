"""Reads of voluntary applications: the enterprise's own, and those an authority examines."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cleanprod.accounts.policies import can
from cleanprod.audits.models import VoluntaryApplication
from cleanprod.registry.models import Enterprise

VIEW_PERM = "audits.view_voluntaryapplication"
DECIDE_PERM = "audits.decide_voluntaryapplication"


def voluntary_list(*, scope: Any, status: str = "") -> QuerySet[VoluntaryApplication]:
    """Applications the person may see (an enterprise user: its enterprise's only)."""
    qs = VoluntaryApplication.objects.in_scope(scope, VIEW_PERM).select_related(
        "enterprise__region", "audit"
    )
    if status in VoluntaryApplication.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-pk")


def voluntary_allowed_actions(*, application: VoluntaryApplication, scope: Any) -> set[str]:
    """The decision buttons this person may use now."""
    if application.status != VoluntaryApplication.Status.SUBMITTED:
        return set()
    return {"accept", "decline"} if can(scope, DECIDE_PERM, application) else set()


def applicant_enterprises(*, scope: Any) -> QuerySet[Enterprise]:
    """The enterprises the person may apply for (those they act for)."""
    return Enterprise.objects.in_scope(scope, "audits.add_voluntaryapplication").order_by("name")
