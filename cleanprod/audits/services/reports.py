"""The audit report: the enterprise submits it once phases 1–5 are completed; the authority
returns it with comments per chapter or accepts it; the enterprise resubmits. Every
submission is a new AuditReport version with its own document version; nothing is replaced.

in_progress / report_returned ──submit_report──▶ report_submitted
report_submitted ──return_report──▶ report_returned
report_submitted ──accept_report──▶ report_accepted   (evaluation continues from here)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cleanprod.accounts.notices import notice_send
from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import (
    Anchor,
    Audit,
    AuditDocument,
    AuditEvent,
    AuditReport,
    Phase,
    PhaseRecord,
    ReportComment,
    Step,
)
from cleanprod.audits.services.cases import audit_locked
from cleanprod.audits.services.documents import document_store
from cleanprod.audits.services.opening import deadline_meet, deadlines_schedule
from cleanprod.audits.services.recipients import audit_parties
from cleanprod.core.errors import DomainError

Action = workflow.AuditAction
PHASES_BEFORE_REPORT = (
    Phase.PLANNING,
    Phase.PRE_ASSESSMENT,
    Phase.ASSESSMENT,
    Phase.OPTION_GENERATION,
    Phase.FEASIBILITY,
)


def report_title() -> str:
    """The title every report version is filed under (in the site's language, so that the
    versions of one audit share it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(AuditDocument.Kind.REPORT.label)


def phases_missing_for_report(audit: Audit) -> list[int]:
    """Phases 1–5 not yet completed (the report up to chapter 5 is what evaluation reviews)."""
    done = set(
        PhaseRecord.objects.filter(
            audit=audit, phase__in=PHASES_BEFORE_REPORT, status=PhaseRecord.Status.COMPLETED
        ).values_list("phase", flat=True)
    )
    return [p for p in PHASES_BEFORE_REPORT if p not in done]


def _pending_report(audit: Audit) -> AuditReport:
    report = audit.reports.select_for_update().filter(status=AuditReport.Status.SUBMITTED).first()
    if report is None:  # the status says submitted, so this is a broken invariant
        raise DomainError("audit.no_pending_report", _("No report is waiting for a decision."))
    return report


@transaction.atomic
def audit_submit_report(*, audit: Audit, by: Any, file: Any, note: str = "") -> AuditReport:
    """Submit (or resubmit) the report file as version n+1, once phases 1–5 are completed; the
    first submission meets the report deadline."""
    audit = audit_locked(audit)
    step = workflow.audit_step(audit.status, Action.SUBMIT_REPORT)
    ensure_allowed(by, step.perm, audit)
    missing = phases_missing_for_report(audit)
    if missing:
        names = ", ".join(str(Phase(p).label) for p in missing)
        raise DomainError(
            "audit.phases_incomplete",
            _("Complete these phases before submitting the report: %(phases)s.")
            % {"phases": names},
            fields={"phases": [str(Phase(p).label) for p in missing]},
        )
    document = document_store(
        audit=audit,
        kind=AuditDocument.Kind.REPORT,
        title=report_title(),
        phase=None,
        file=file,
        by=by,
    )
    latest = audit.reports.order_by("-version").values_list("version", flat=True).first()
    report = AuditReport(
        audit=audit,
        version=(latest or 0) + 1,
        document=document,
        note=note.strip(),
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    today = timezone.localdate()
    before = audit.status
    audit.status = step.to
    fields = ["status", "updated_at"]
    if audit.report_submitted_on is None:
        audit.report_submitted_on = today
        fields.append("report_submitted_on")
    audit.full_clean()
    audit.save(update_fields=fields)
    record_event(
        AuditEvent.Type.REPORT_SUBMITTED,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        comment=report.note,
        data={"report": report.pk, "version": report.version, "document": document.pk},
    )
    deadline_meet(audit=audit, step=Step.REPORT, on=today, by=by)
    return report


def _clean_chapter_comments(chapters: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    valid = set(ReportComment.Chapter.values)
    rows = [(int(chapter), (text or "").strip()) for chapter, text in chapters]
    bad = [str(c) for c, _text in rows if c not in valid]
    if bad:
        raise DomainError(
            "audit.invalid_chapter",
            _("Unknown chapter: %(chapters)s.") % {"chapters": ", ".join(bad)},
            fields={"chapters": [_("Choose a chapter from the list.")]},
        )
    rows = [(c, text) for c, text in rows if text]
    if not rows:
        message = _("Comment on at least one chapter.")
        raise DomainError(
            "audit.chapter_comments_required", message, fields={"chapters": [message]}
        )
    return rows


@transaction.atomic
def audit_return_report(
    *, audit: Audit, by: Any, comment: str, chapters: Iterable[tuple[int, str]]
) -> AuditReport:
    """Return the pending report with a general comment and comments per chapter; the
    enterprise (and the agency's staff) are notified."""
    audit = audit_locked(audit)
    step = workflow.audit_step(audit.status, Action.RETURN_REPORT)
    ensure_allowed(by, step.perm, audit)
    comment = comment.strip()
    if not comment:
        message = _("Give a general comment.")
        raise DomainError("audit.comment_required", message, fields={"comment": [message]})
    rows = _clean_chapter_comments(chapters)
    report = _pending_report(audit)
    report.status = AuditReport.Status.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = by, timezone.now(), comment
    report.full_clean()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    ReportComment.objects.bulk_create(
        ReportComment(report=report, chapter=chapter, comment=text) for chapter, text in rows
    )
    before = audit.status
    audit.status = step.to
    audit.full_clean()
    audit.save(update_fields=["status", "updated_at"])
    record_event(
        AuditEvent.Type.REPORT_RETURNED,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        comment=comment,
        data={
            "report": report.pk,
            "version": report.version,
            "chapters": sorted({chapter for chapter, _text in rows}),
        },
    )
    _notify_parties(audit, report, returned=True)
    return report


@transaction.atomic
def audit_accept_report(*, audit: Audit, by: Any, comment: str = "") -> AuditReport:
    """Accept the pending report: the case awaits evaluation, and deadlines counted from the
    acceptance (where a region has such rules) start running."""
    audit = audit_locked(audit)
    step = workflow.audit_step(audit.status, Action.ACCEPT_REPORT)
    ensure_allowed(by, step.perm, audit)
    report = _pending_report(audit)
    now = timezone.now()
    report.status = AuditReport.Status.ACCEPTED
    report.reviewed_by, report.reviewed_at, report.review_comment = by, now, comment.strip()
    report.full_clean()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    before = audit.status
    audit.status = step.to
    audit.full_clean()
    audit.save(update_fields=["status", "updated_at"])
    record_event(
        AuditEvent.Type.REPORT_ACCEPTED,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        comment=report.review_comment,
        data={"report": report.pk, "version": report.version},
    )
    deadlines_schedule(
        audit=audit, anchor=Anchor.REPORT_ACCEPTED, anchor_date=timezone.localdate(now)
    )
    _notify_parties(audit, report, returned=False)
    return report


def _notify_parties(audit: Audit, report: AuditReport, *, returned: bool) -> None:
    """One notice per person acting for the enterprise or its agency (the key makes a repeat
    harmless), written in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if returned:
            subject = _("Audit report returned with comments: %(audit)s")
            body = _(
                "Version %(version)s of the report was returned. Read the comments per "
                "chapter, revise the report and submit it again."
            )
        else:
            subject = _("Audit report accepted: %(audit)s")
            body = _("Version %(version)s of the report was accepted. Evaluation follows.")
        subject = subject % {"audit": audit}
        body = body % {"version": report.version}
    outcome = "returned" if returned else "accepted"
    notice_send(
        recipients=audit_parties(audit),
        subject=subject,
        body=body,
        link=reverse("audits:case", args=[audit.pk]),
        key=f"audit:{audit.pk}:report:{report.version}:{outcome}",
    )
