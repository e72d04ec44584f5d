"""Reads of mandatory lists for the officials' pages, the API and the export; always from a
scope (the public portal has its own selectors, which take no user)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import can
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    ListAmendment,
    ListDeadline,
    ListEntry,
    MandatoryList,
)
from cleanprod.audits.workflow import LIST_TRANSITIONS
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import ScopeLike
from cleanprod.registry import credit_codes
from cleanprod.registry.models import Enterprise


def list_queryset(
    *, scope: ScopeLike, filters: Mapping[str, Any] | None = None
) -> QuerySet[MandatoryList]:
    """The lists the person may see, filtered by year and status, with their entry counts."""
    filters = filters or {}
    qs = MandatoryList.objects.in_scope(scope, "view").select_related("region")
    year = str(filters.get("year") or "").strip()
    if year.isdigit():
        qs = qs.filter(year=int(year))
    status = str(filters.get("status") or "").strip()
    if status in MandatoryList.Status.values:
        qs = qs.filter(status=status)
    region = str(filters.get("region") or "").strip()
    if region:
        qs = qs.filter(region__code=region)
    return qs.annotate(
        listed=Count("entries", filter=Q(entries__included=True, entries__removed=False))
    ).order_by("-year", "-batch", "-id")


def list_entries(*, mandatory_list: MandatoryList) -> QuerySet[ListEntry]:
    """Every entry of the list with what its rows show."""
    return mandatory_list.entries.select_related(
        "enterprise__region__parent", "enterprise__industry"
    ).order_by("enterprise__region__code", "enterprise__name", "pk")


def listed_entries(*, mandatory_list: MandatoryList) -> QuerySet[ListEntry]:
    """The enterprises on the list now (included, not removed by amendment)."""
    return list_entries(mandatory_list=mandatory_list).filter(included=True, removed=False)


@dataclass(frozen=True)
class ListDetail:
    mandatory_list: MandatoryList
    listed: list[ListEntry]
    excluded: list[ListEntry]
    removed: list[ListEntry]
    fixed: list[ListDeadline]
    amendments: list[ListAmendment]
    audits: dict[int, Audit]  # entry id → its audit case


def list_detail(*, mandatory_list: MandatoryList) -> ListDetail:
    """The list page: its entries split into listed, excluded (dropped candidates, with the
    reason) and removed by amendment; its fixed dates, amendments and audit cases."""
    entries = list(list_entries(mandatory_list=mandatory_list))
    audits = {
        a.list_entry_id: a
        for a in Audit.objects.filter(list_entry__mandatory_list=mandatory_list).only(
            "id", "status", "list_entry_id", "round_no"
        )
    }
    return ListDetail(
        mandatory_list=mandatory_list,
        listed=[e for e in entries if e.included and not e.removed],
        excluded=[e for e in entries if not e.included],
        removed=[e for e in entries if e.removed],
        fixed=list(mandatory_list.fixed_deadlines.order_by("due_on")),
        amendments=list(
            mandatory_list.amendments.select_related("entry__enterprise", "by").order_by("at")
        ),
        audits=audits,
    )


def list_allowed_actions(*, mandatory_list: MandatoryList, user: Any) -> set[str]:
    """The workflow actions (ListAction values) this person may take on the list now: the
    transition table joined with the policy."""
    return {
        action
        for (status, action), step in LIST_TRANSITIONS.items()
        if status == mandatory_list.status and can(user, step.perm, mandatory_list)
    }


def list_timeline(*, mandatory_list: MandatoryList, scope: ScopeLike) -> QuerySet[AuditEvent]:
    """The list's events, newest first."""
    return (
        AuditEvent.objects.in_scope(scope, "audits.view_auditevent")
        .filter(mandatory_list=mandatory_list)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def enterprise_for_list(
    *, mandatory_list: MandatoryList, scope: ScopeLike, credit_code: str
) -> Enterprise | None:
    """An enterprise of the list's region that the person may see, by credit code."""
    return (
        Enterprise.objects.in_scope(scope, "registry.view_enterprise")
        .filter(
            credit_code=credit_codes.normalise(credit_code),
            region__path__startswith=mandatory_list.region.path,
        )
        .select_related("region")
        .first()
    )


def enterprise_for_list_or_refuse(
    *, mandatory_list: MandatoryList, scope: ScopeLike, credit_code: str
) -> Enterprise:
    """As `enterprise_for_list`, refusing (DomainError) a code it does not find."""
    enterprise = enterprise_for_list(
        mandatory_list=mandatory_list, scope=scope, credit_code=credit_code
    )
    if enterprise is None:
        raise DomainError(
            "list.enterprise_unknown",
            _("No enterprise with credit code %(code)s in %(region)s within your jurisdiction.")
            % {"code": credit_code, "region": mandatory_list.region.name},
            fields={"credit_code": [_("Unknown credit code.")]},
        )
    return enterprise


def list_subtitle(mandatory_list: MandatoryList) -> str:
    """The line under the title in the official layout: authorities, number, date."""
    parts = [
        mandatory_list.issuing_authorities,
        mandatory_list.doc_number,
        mandatory_list.published_on.isoformat() if mandatory_list.published_on else "",
    ]
    return "  ".join(p for p in parts if p)
