"""An enterprise corrects its own record; an official of its region confirms or rejects.

pending ──confirm──▶ confirmed
   └─────reject───▶ rejected
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.registry.models import Enterprise, EnterpriseCorrection
from cleanprod.registry.rules import (
    ENTERPRISE_EDITABLE,
    Lookups,
    enterprise_apply,
    enterprise_clean,
    enterprise_values,
)
from cleanprod.registry.services.enterprises import enterprise_tokens
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def correction_propose(
    *, enterprise: Enterprise, changes: dict[str, Any], by: Any, reason: str = ""
) -> EnterpriseCorrection:
    """Propose new values for editable fields; checked by the same rules as any edit."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    ensure_allowed(by, "registry.add_enterprisecorrection", enterprise)
    not_editable = sorted(set(changes) - set(ENTERPRISE_EDITABLE))
    if not_editable:
        raise DomainError(
            "registry.not_editable",
            _("An enterprise cannot correct these fields itself: %(fields)s.")
            % {"fields": ", ".join(not_editable)},
            fields={f: [] for f in not_editable},
        )
    current = enterprise_values(enterprise)
    clean, errors = enterprise_clean({**current, **changes}, Lookups())
    errors = {f: m for f, m in errors.items() if f in changes}
    if errors:
        raise DomainError("registry.invalid", _("The correction has errors."), fields=errors)
    proposed = {f: _json(clean[f]) for f in changes if clean[f] != _clean_current(current, f)}
    if not proposed:
        raise DomainError("registry.no_change", _("The correction changes nothing."))
    if enterprise.corrections.pending().exists():
        raise DomainError(
            "registry.correction_pending",
            _("A correction is already waiting for confirmation."),
            status=409,
        )
    correction = EnterpriseCorrection.objects.create(
        enterprise=enterprise,
        changes=proposed,
        reason=reason,
        proposed_by=by,
        previous={f: _json(current[f]) for f in proposed},
    )
    trail_record(
        TrailEvent.Action.CORRECTION_PROPOSED,
        by=by,
        obj=enterprise,
        region_path=enterprise.region.path,
        details={"correction": correction.pk, "fields": sorted(proposed)},
    )
    return correction


def _clean_current(current: dict[str, Any], field: str) -> Any:
    value = current[field]
    return "" if value is None and field not in ("longitude", "latitude") else value


def _decide(correction: EnterpriseCorrection, by: Any) -> tuple[EnterpriseCorrection, Enterprise]:
    correction = EnterpriseCorrection.objects.select_for_update().get(pk=correction.pk)
    enterprise = Enterprise.objects.select_for_update().get(pk=correction.enterprise_id)
    if correction.status != EnterpriseCorrection.Status.PENDING:
        raise TransitionNotAllowed(
            "registry.correction_decided", _("This correction was already decided.")
        )
    ensure_allowed(by, "registry.change_enterprisecorrection", correction)
    return correction, enterprise


def _close(
    correction: EnterpriseCorrection, enterprise: Enterprise, status: str, by: Any, note: str
) -> EnterpriseCorrection:
    """Record the decision on the (locked) correction and in the trail."""
    correction.status = status
    correction.decided_by, correction.decided_at, correction.note = by, timezone.now(), note
    correction.save(update_fields=["status", "decided_by", "decided_at", "note"])
    trail_record(
        TrailEvent.Action.CORRECTION_DECIDED,
        by=by,
        obj=enterprise,
        region_path=enterprise.region.path,
        details={"correction": correction.pk, "status": correction.status},
    )
    return correction


@transaction.atomic
def correction_confirm(
    *, correction: EnterpriseCorrection, by: Any, note: str = ""
) -> EnterpriseCorrection:
    """Apply the proposed values to the record (kept in its history) and close the request."""
    correction, enterprise = _decide(correction, by)
    clean, errors = enterprise_clean(
        {**enterprise_values(enterprise), **correction.changes}, Lookups()
    )
    if errors:
        raise DomainError(
            "registry.invalid", _("The correction no longer fits the record."), fields=errors
        )
    enterprise_apply(enterprise, clean)
    enterprise.search_tokens = enterprise_tokens(enterprise)
    enterprise._change_reason = f"correction {correction.pk}"  # kept by simple-history
    enterprise._history_user = by
    enterprise.save()
    return _close(correction, enterprise, EnterpriseCorrection.Status.CONFIRMED, by, note)


@transaction.atomic
def correction_reject(
    *, correction: EnterpriseCorrection, by: Any, note: str
) -> EnterpriseCorrection:
    """Close the request without changing the record; the note tells the enterprise why."""
    if not note.strip():
        raise DomainError(
            "registry.note_required",
            _("Say why the correction is rejected."),
            fields={"note": [_("This value is required.")]},
        )
    correction, enterprise = _decide(correction, by)
    return _close(correction, enterprise, EnterpriseCorrection.Status.REJECTED, by, note)
