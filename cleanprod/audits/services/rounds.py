"""Completed audit rounds (AuditRound): the data screening's interval rule counts from.

A round is written when an audit closes (its own round for an enterprise audit, a "deemed"
round for every member of a park or cluster audit), or recorded by an official from the
records of audits done before this system."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent, AuditRound, Track
from cleanprod.core.errors import DomainError
from cleanprod.registry.models import Enterprise

HISTORICAL_PERM = "audits.add_auditround"


@transaction.atomic
def audit_close(
    *, audit: Audit, accepted_on: date, by: Any, authorised_on: models.Model | None = None
) -> Audit:
    """Close the round of an audit whose acceptance passed (ACCEPTANCE → CLOSED, through
    `workflow.audit_step(status, AuditAction.CLOSE)`); the permission is checked on
    `authorised_on` (the acceptance review whose leader signs), else on the audit.

    Called by the acceptance capability, never from a button of its own. It sets `closed_on`,
    writes an AuditRound(source=audit) for an enterprise audit, or an AuditRound(source=deemed)
    for every member of a park or cluster audit (视同开展一次清洁生产审核), and records
    AUDIT_CLOSED and ROUND_RECORDED."""
    audit = Audit.objects.select_for_update().select_related("region").get(pk=audit.pk)
    step = workflow.audit_step(audit.status, workflow.AuditAction.CLOSE)
    ensure_allowed(by, step.perm, authorised_on or audit)
    if accepted_on < audit.listed_on:
        raise DomainError(
            "audit.accepted_on_invalid",
            _("The acceptance date cannot lie before the listing."),
            fields={"accepted_on": [_("Check the date.")]},
        )
    before = audit.status
    audit.status, audit.closed_on = step.to, accepted_on
    audit.full_clean()
    audit.save(update_fields=["status", "closed_on", "updated_at"])
    record_event(
        AuditEvent.Type.AUDIT_CLOSED,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        data={"accepted_on": accepted_on.isoformat()},
    )
    if audit.subject == Audit.Subject.ENTERPRISE:
        enterprises, source = [audit.enterprise_id], AuditRound.Source.AUDIT
    else:
        enterprises = list(audit.members.order_by("pk").values_list("enterprise_id", flat=True))
        source = AuditRound.Source.DEEMED
    AuditRound.objects.bulk_create(
        AuditRound(
            enterprise_id=pk,
            audit=audit,
            track=audit.track,
            source=source,
            completed_on=accepted_on,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        for pk in enterprises
    )
    record_event(
        AuditEvent.Type.ROUND_RECORDED,
        by=by,
        audit=audit,
        data={
            "source": source,
            "enterprises": enterprises,
            "completed_on": accepted_on.isoformat(),
        },
    )
    return audit


@transaction.atomic
def round_record_historical(
    *, enterprise: Enterprise, completed_on: date, track: str, note: str, by: Any
) -> AuditRound:
    """Record a round completed before this system (officials of the enterprise's region,
    audits.add_auditround), so the interval rules have a starting point. The note says where
    the record comes from (e.g. the acceptance document number)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    ensure_allowed(by, HISTORICAL_PERM, enterprise)
    errors: dict[str, list[str]] = {}
    if completed_on > timezone.localdate():
        errors["completed_on"] = [_("A completed round cannot lie in the future.")]
    if track not in Track.values:
        errors["track"] = [_("Choose mandatory or voluntary.")]
    if not note.strip():
        errors["note"] = [_("Say which record the round comes from.")]
    if errors:
        raise DomainError("round.invalid", _("The round cannot be recorded."), fields=errors)
    if AuditRound.objects.filter(enterprise=enterprise, completed_on=completed_on).exists():
        raise DomainError(
            "round.duplicate",
            _("A round completed on this date is already recorded for this enterprise."),
            status=409,
        )
    round_ = AuditRound(
        enterprise=enterprise,
        track=track,
        source=AuditRound.Source.HISTORICAL,
        completed_on=completed_on,
        note=note.strip(),
        recorded_by=by,
    )
    round_.full_clean()
    round_.save()
    return round_
