"""Reads of audit cases for the pages and the API: the scoped, filtered list; everything the
case page shows; the actions a person may take now (the transition table joined with the
policy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from cleanprod.accounts.policies import can
from cleanprod.accounts.scope import Scope, scope_for
from cleanprod.audits import workflow
from cleanprod.audits.models import (
    Audit,
    AuditDocument,
    AuditEvent,
    AuditReport,
    Deadline,
    Phase,
    PhaseRecord,
)
from cleanprod.audits.services.documents import UPLOAD_PERM, upload_allowed_status
from cleanprod.core.paging import Page, keyset_page
from cleanprod.regions.models import Region

LIST_ORDERING = ("-listed_on", "-id")


def overdue_q(today: date) -> Exists:
    return Exists(
        Deadline.objects.filter(audit=OuterRef("pk"), met_on__isnull=True, due_on__lt=today)
    )


def audit_list(
    *,
    scope: Any,
    today: date,
    status: str = "",
    track: str = "",
    region: str = "",
    overdue: bool = False,
) -> QuerySet[Audit]:
    """Audits the person may view, filtered; each row knows whether a deadline is overdue.
    `region` is a division code: that region and everything below it."""
    qs = (
        Audit.objects.in_scope(scope, "view")
        .select_related("enterprise", "park", "region", "agency", "list_entry__mandatory_list")
        .annotate(is_overdue=overdue_q(today))
    )
    if status:
        qs = qs.filter(status=status)
    if track:
        qs = qs.filter(track=track)
    if region:
        place = Region.objects.filter(code=region.strip()).order_by("valid_to").first()
        qs = qs.filter(region__path__startswith=place.path) if place else qs.none()
    if overdue:
        qs = qs.filter(is_overdue=True)
    return qs


def audit_page(*, scope: Any, today: date, cursor: str | None, size: int, **filters: Any) -> Page:
    """One keyset page of `audit_list`, newest listing first."""
    return keyset_page(
        audit_list(scope=scope, today=today, **filters),
        ordering=LIST_ORDERING,
        cursor=cursor,
        size=size,
    )


def _scope(who: Any) -> Scope:
    return who if isinstance(who, Scope) else scope_for(who)


def audit_allowed_actions(*, audit: Audit, user: Any) -> list[str]:
    """The actions of the transition table that this person may take on this audit now.
    `user` may be a user or their scope (cheaper: no scope rebuilt per question)."""
    scope = _scope(user)
    allowed = []
    for (status, action), step in workflow.AUDIT_TRANSITIONS.items():
        if status == audit.status and can(scope, step.perm) and can(scope, step.perm, audit):
            allowed.append(str(action))
    return allowed


def audit_may_upload(*, audit: Audit, user: Any) -> bool:
    """Whether this person may upload a document to this audit now."""
    scope = _scope(user)
    return (
        upload_allowed_status(audit.status)
        and can(scope, UPLOAD_PERM)
        and can(scope, UPLOAD_PERM, audit)
    )


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    overdue: bool


@dataclass
class DocumentSeries:
    """All versions of one document (one kind and title), newest first."""

    kind: str
    kind_label: str
    title: str
    versions: list[AuditDocument] = field(default_factory=list)

    @property
    def latest(self) -> AuditDocument:
        return self.versions[0]


@dataclass
class PhaseDocuments:
    phase: int | None
    label: str
    series: list[DocumentSeries] = field(default_factory=list)


@dataclass(frozen=True)
class CaseFile:
    """Everything the case page shows about one audit."""

    deadlines: list[DeadlineRow]
    phases: list[PhaseRecord]
    disclosures: list[Any]
    documents: list[PhaseDocuments]
    reports: list[AuditReport]
    events: list[AuditEvent]


def _documents_by_phase(audit: Audit) -> list[PhaseDocuments]:
    rows = (
        AuditDocument.objects.filter(audit=audit)
        .exclude(kind=AuditDocument.Kind.REPORT)  # shown with the report submissions
        .select_related("uploaded_by")
        .order_by("phase", "kind", "title", "-version")
    )
    groups: dict[int | None, PhaseDocuments] = {}
    for doc in rows:
        group = groups.get(doc.phase)
        if group is None:
            label = str(Phase(doc.phase).label) if doc.phase else ""
            group = groups[doc.phase] = PhaseDocuments(doc.phase, label)
        if not group.series or (group.series[-1].kind, group.series[-1].title) != (
            doc.kind,
            doc.title,
        ):
            group.series.append(DocumentSeries(doc.kind, doc.get_kind_display(), doc.title))
        group.series[-1].versions.append(doc)
    return sorted(groups.values(), key=lambda g: (g.phase is None, g.phase or 0))


def audit_case_file(*, audit: Audit, scope: Any, today: date, events: int = 200) -> CaseFile:
    """The deadlines (with overdue flags), the seven phases, disclosures, documents by phase
    with their versions, report submissions with comments per chapter and the timeline."""
    deadlines = [
        DeadlineRow(d, d.is_overdue(today)) for d in audit.deadlines.order_by("due_on", "step")
    ]
    reports = list(
        audit.reports.select_related("document", "submitted_by", "reviewed_by")
        .prefetch_related(Prefetch("comments"))
        .order_by("-version")
    )
    timeline = list(audit_events(audit=audit, scope=scope)[:events])
    return CaseFile(
        deadlines=deadlines,
        phases=list(audit.phases.select_related("completed_by").order_by("phase")),
        disclosures=list(audit.disclosures.select_related("recorded_by").order_by("published_on")),
        documents=_documents_by_phase(audit),
        reports=reports,
        events=timeline,
    )


def audit_events(*, audit: Audit, scope: Any) -> QuerySet[AuditEvent]:
    """The audit's timeline as the person may read it, newest first."""
    return (
        AuditEvent.objects.in_scope(scope, "view")
        .filter(audit=audit)
        .select_related("actor")
        .order_by("-at", "-id")
    )
