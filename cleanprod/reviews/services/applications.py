"""Applying for evaluation or acceptance, and the organiser's return of an incomplete
application (regulation.md §4.2 for the documents).

report_accepted ──apply_evaluation──▶ evaluation   (Review: applied)
evaluated ──apply_acceptance──▶ acceptance          (Review: applied)
evaluation/acceptance ──return_application──▶ back  (Review: returned)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.models import Anchor, Audit, AuditDocument, AuditEvent, Step
from cleanprod.audits.services.cases import audit_locked
from cleanprod.audits.services.documents import document_store
from cleanprod.audits.services.opening import deadline_meet, deadlines_schedule
from cleanprod.audits.services.recipients import audit_parties
from cleanprod.audits.services.review_steps import audit_advance
from cleanprod.core.errors import DomainError
from cleanprod.reviews.models import Attachment, Review, Stage
from cleanprod.reviews.services import readiness
from cleanprod.reviews.services.common import ensure_organiser, organisers, review_locked, tell
from cleanprod.reviews.services.config import organiser_region_for, template_for

Kind = AuditDocument.Kind
Action = workflow.AuditAction


@dataclass(frozen=True)
class Requirement:
    code: str
    kind: str
    label: Promise


CHECKLIST: dict[str, tuple[Requirement, ...]] = {
    Stage.EVALUATION: (
        Requirement("review_form", Kind.REVIEW_FORM, gettext_lazy("Evaluation application form")),
        Requirement(
            "capacity",
            Kind.CAPACITY,
            gettext_lazy(
                "Proof that the consulting agency meets Measures Art 16 "
                "(self-audit: proof of the enterprise's own capacity)"
            ),
        ),
    ),
    Stage.ACCEPTANCE: (
        Requirement("review_form", Kind.REVIEW_FORM, gettext_lazy("Acceptance application form")),
        Requirement("accept_report", Kind.ACCEPT_REPORT, gettext_lazy("Acceptance report")),
        Requirement(
            "monitoring",
            Kind.MONITORING,
            gettext_lazy("Monitoring of emissions and energy use before and after the options"),
        ),
    ),
}
APPLY = {Stage.EVALUATION: Action.APPLY_EVALUATION, Stage.ACCEPTANCE: Action.APPLY_ACCEPTANCE}
APPLY_STEP = {Stage.EVALUATION: Step.EVALUATION_APPLY, Stage.ACCEPTANCE: Step.ACCEPTANCE_APPLY}
APPLIED_ANCHOR = {
    Stage.EVALUATION: Anchor.EVALUATION_APPLIED,
    Stage.ACCEPTANCE: Anchor.ACCEPTANCE_APPLIED,
}


def application_blockers(audit: Audit, stage: str) -> list[str]:
    """Why the enterprise cannot apply for `stage` now (status, options, earlier opinion)."""
    reasons = []
    if (audit.status, APPLY[stage]) not in workflow.AUDIT_TRANSITIONS:
        reasons.append(
            _("The audit is “%(status)s”; it cannot apply for %(stage)s now.")
            % {"status": audit.get_status_display(), "stage": Stage(stage).label}
        )
        return reasons
    return readiness.unmet(stage, audit)


@transaction.atomic
def review_apply(
    *, audit: Audit, stage: str, by: Any, files: dict[str, Any], note: str = ""
) -> Review:
    """File the application with every document of the checklist; the case moves to
    evaluation (or acceptance) and the organisers are told."""
    stage = Stage(stage)
    audit = audit_locked(audit)
    workflow.audit_step(audit.status, APPLY[stage])
    ensure_allowed(by, "reviews.apply_review", audit)
    blockers = readiness.unmet(stage, audit)
    if blockers:
        raise DomainError("review.not_ready", " ".join(blockers), fields={"options": blockers})
    missing = {
        r.code: [_("Attach this document.")] for r in CHECKLIST[stage] if not files.get(r.code)
    }
    if missing:
        names = ", ".join(str(r.label) for r in CHECKLIST[stage] if r.code in missing)
        raise DomainError(
            "review.documents_missing",
            _("The application lacks: %(names)s.") % {"names": names},
            fields=missing,
        )
    attempt = 1 + Review.objects.filter(audit=audit, stage=stage).count()
    organiser_region = organiser_region_for(audit, stage)
    review = Review.objects.create(
        audit=audit,
        stage=stage,
        attempt=attempt,
        organiser_region=organiser_region,
        applied_by=by,
        applied_at=timezone.now(),
        application_note=note.strip(),
        template=template_for(audit.region, stage),
    )
    for requirement in CHECKLIST[stage]:
        document = document_store(
            audit=audit,
            kind=requirement.kind,
            title=f"{Stage(stage).label} {attempt}: {requirement.label}",
            phase=None,
            file=files[requirement.code],
            by=by,
        )
        Attachment.objects.create(review=review, requirement=requirement.code, document=document)
    audit_advance(
        audit=audit,
        action=APPLY[stage],
        by=by,
        event=AuditEvent.Type.REVIEW_APPLIED,
        comment=review.application_note,
        data={"review": review.pk, "stage": stage, "attempt": attempt},
    )
    today = timezone.localdate()
    deadline_meet(audit=audit, step=APPLY_STEP[stage], on=today, by=by)
    deadlines_schedule(audit=audit, anchor=APPLIED_ANCHOR[stage], anchor_date=today)
    tell(
        organisers(review),
        subject=_("%(enterprise)s applied for %(stage)s")
        % {"enterprise": audit, "stage": Stage(stage).label},
        link=reverse("reviews:detail", args=[review.pk]),
        key=f"review:{review.pk}:applied",
    )
    return review


@transaction.atomic
def review_return_application(*, review: Review, by: Any, reason: str) -> Review:
    """Return an application that is incomplete or premature (before any draw); the case goes
    back to where it was and the enterprise may apply again."""
    review = review_locked(review)
    ensure_organiser(by, review)
    if review.status != Review.Status.APPLIED:
        raise DomainError(
            "review.not_applied",
            _("Only an application awaiting the organiser can be returned."),
            status=409,
        )
    reason = reason.strip()
    if not reason:
        message = _("Give the reason for returning the application.")
        raise DomainError("review.reason_required", message, fields={"reason": [message]})
    review.status, review.returned_reason = Review.Status.RETURNED, reason
    review.save(update_fields=["status", "returned_reason", "updated_at"])
    audit_advance(
        audit=review.audit,
        action=Action.RETURN_APPLICATION,
        by=by,
        event=AuditEvent.Type.REVIEW_RETURNED,
        authorised_on=review,
        comment=reason,
        data={"review": review.pk, "stage": review.stage},
    )
    tell(
        audit_parties(review.audit),
        subject=_("Your application for %(stage)s was returned")
        % {"stage": Stage(review.stage).label},
        body=reason,
        link=reverse("reviews:detail", args=[review.pk]),
        key=f"review:{review.pk}:returned",
    )
    return review
