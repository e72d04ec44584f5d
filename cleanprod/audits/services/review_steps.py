"""The audit's side of evaluation and acceptance: the reviews app moves the case through
`workflow.AUDIT_TRANSITIONS` with one call per step, in its own transaction, and the audit
timeline gets the event."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent


@transaction.atomic
def audit_advance(
    *,
    audit: Audit,
    action: str,
    by: Any,
    event: str,
    authorised_on: models.Model | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> Audit:
    """Take `action` from the audit's status (409 if the table has no such step). The person
    needs the step's permission on `authorised_on` (the review the step belongs to), else on
    the audit itself."""
    audit = Audit.objects.select_for_update().select_related("region").get(pk=audit.pk)
    step = workflow.audit_step(audit.status, action)
    ensure_allowed(by, step.perm, authorised_on or audit)
    before = audit.status
    if step.to is not None:
        audit.status = step.to
        audit.full_clean()
        audit.save(update_fields=["status", "updated_at"])
    record_event(
        event if event else AuditEvent.Type.AUDIT_DATA_CHANGED,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        comment=comment,
        data=data or {},
    )
    return audit
