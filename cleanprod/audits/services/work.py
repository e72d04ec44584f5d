"""The common part of every service that records phase work (team, plan, focus, targets,
balances, causes of waste, and the options in `performance`): lock the audit, check that the
workflow allows work now and that the person may do it, refuse edits to a completed phase,
save the row and write one AUDIT_DATA_CHANGED event.

A completed phase's deliverables are read-only until the phase is reopened."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent, Phase, PhaseRecord
from cleanprod.core.errors import DomainError

WORK_PERM = "audits.work_audit"


def audit_lock_for_work(*, audit: Audit, by: Any, perm: str = WORK_PERM) -> Audit:
    """Lock the audit row (first in the lock order), then check the workflow allows work in
    its status (409 otherwise) and that `by` holds the work permission, and `perm` if another
    is named, on this audit (403 otherwise)."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    step = workflow.audit_step(audit.status, workflow.AuditAction.WORK)
    ensure_allowed(by, step.perm, audit)
    if perm != step.perm:
        ensure_allowed(by, perm, audit)
    return audit


def phase_ensure_open(audit: Audit, phase: int) -> None:
    """Refuse (409) a change to the deliverables of a completed phase."""
    completed = PhaseRecord.objects.filter(
        audit=audit, phase=phase, status=PhaseRecord.Status.COMPLETED
    ).exists()
    if completed:
        raise DomainError(
            "audit.phase_completed",
            _("Phase %(phase)s is completed; reopen it to change its deliverables.")
            % {"phase": f"{phase} {Phase(phase).label}"},
            status=409,
        )


def data_changed(audit: Audit, *, by: Any, what: str, action: str, **data: Any) -> AuditEvent:
    """The one event every data change of phase work writes."""
    return record_event(
        AuditEvent.Type.AUDIT_DATA_CHANGED,
        by=by,
        audit=audit,
        data={"what": what, "action": action, **data},
    )


def row_save(
    row: models.Model, values: Mapping[str, Any], *, exclude: tuple[str, ...] = ()
) -> models.Model:
    """Set `values`, validate the row (DomainError 400 naming the fields; `exclude`: fields
    the caller has checked itself) and save it; an existing row saves only the fields given."""
    for name, value in values.items():
        setattr(row, name, value)
    try:
        row.full_clean(exclude=list(exclude) or None)
    except ValidationError as invalid:
        raise invalid_input(invalid) from invalid
    if row.pk is None:
        row.save(force_insert=True)
    else:
        row.save(update_fields=list(values))
    return row


def invalid_input(error: ValidationError) -> DomainError:
    """A DomainError (400) carrying a Django ValidationError's messages by field."""
    fields = getattr(error, "message_dict", None) or {"__all__": list(error.messages)}
    return DomainError(
        "audit.invalid",
        _("The input is not valid."),
        fields={k: list(v) for k, v in fields.items()},
    )
