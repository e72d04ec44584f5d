"""Declared conflicts of interest: the expert declares (or an official records) an
organisation, by its credit code, that the expert must not review; withdrawing deletes the row
(its history stays in the row history and the trail)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import can
from cleanprod.core.errors import DomainError
from cleanprod.experts import workflow
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Conflict, Expert
from cleanprod.experts.services.common import required
from cleanprod.registry.credit_codes import normalise, problems
from cleanprod.trail.services import trail_record


def _ensure_may(by: Any, own_perm: str, expert: Expert) -> None:
    """The expert themself (party role) or an official managing the pool."""
    if not (can(by, own_perm, expert) or can(by, workflow.MANAGE_PERM, expert)):
        raise PermissionDenied(own_perm)


@transaction.atomic
def conflict_declare(
    *,
    expert: Expert,
    by: Any,
    kind: str,
    credit_code: str,
    organisation: str,
    note: str = "",
    until: datetime.date | None = None,
) -> Conflict:
    """Declare a conflict with an organisation (valid credit code, once while in force)."""
    expert = (
        Expert.objects.select_for_update(of=("self",)).select_related("region").get(pk=expert.pk)
    )
    _ensure_may(by, workflow.DECLARE_PERM, expert)
    if kind not in Conflict.Kind.values:
        message = _("Choose the kind of conflict.")
        raise DomainError("conflict.kind", message, fields={"kind": [message]})
    code = normalise(credit_code)
    errors = problems(code)
    if errors:
        raise DomainError("conflict.credit_code", "; ".join(errors), fields={"credit_code": errors})
    organisation = required(organisation, "organisation", _("Name the organisation."))
    today = timezone.localdate()
    if until is not None and until < today:
        message = _("The end date has passed; a conflict that has ended need not be declared.")
        raise DomainError("conflict.until_past", message, fields={"until": [message]})
    if expert.conflicts.current(today).filter(credit_code=code).exists():
        message = _("A conflict with this organisation is already declared.")
        raise DomainError("conflict.exists", message, fields={"credit_code": [message]}, status=409)
    conflict = Conflict(
        expert=expert,
        kind=kind,
        credit_code=code,
        organisation=organisation,
        note=(note or "").strip(),
        until=until,
    )
    conflict.full_clean()
    conflict._history_user = by if getattr(by, "is_authenticated", False) else None  # type: ignore[attr-defined]
    conflict.save()
    trail_record(
        ExpertAction.CONFLICT_DECLARED,
        by=by,
        obj=expert,
        region_path=expert.region.path,
        details={"conflict": conflict.pk, "kind": kind, "credit_code": code},
    )
    return conflict


@transaction.atomic
def conflict_withdraw(*, conflict: Conflict, by: Any, reason: str = "") -> None:
    """Withdraw a declared conflict (the row goes; row history and the trail keep it)."""
    conflict = (
        Conflict.objects.select_for_update(of=("self",))
        .select_related("expert__region")
        .get(pk=conflict.pk)
    )
    expert = conflict.expert
    _ensure_may(by, workflow.WITHDRAW_PERM, expert)
    details = {
        "conflict": conflict.pk,
        "kind": conflict.kind,
        "credit_code": conflict.credit_code,
        "organisation": conflict.organisation,
        "reason": (reason or "").strip(),
    }
    conflict._history_user = by if getattr(by, "is_authenticated", False) else None  # type: ignore[attr-defined]
    conflict.delete()
    trail_record(
        ExpertAction.CONFLICT_WITHDRAWN,
        by=by,
        obj=expert,
        region_path=expert.region.path,
        details=details,
    )
