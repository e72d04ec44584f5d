"""Status changes of experts. `expert_status_set` is the one place a status changes: it checks
the transition table, the permission (when a person acts) and the reason, writes the
StatusChange row and the trail event, and tells the expert's account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.notices import notice_send
from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.experts import workflow
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Expert, StatusChange
from cleanprod.experts.services.common import add_months, history_user
from cleanprod.experts.services.rules import rating_rule_for
from cleanprod.trail.services import trail_record

Status = Expert.Status


@transaction.atomic
def expert_status_set(
    *, expert: Expert, to: str, reason: str, by: Any = None, rule: str = ""
) -> Expert:
    """Change the expert's status along the transition table, with a reason; recorded in
    StatusChange and the trail, and told to the expert. `by=None` means a rule acts (`rule`
    names it) and no person's permission is asked."""
    expert = (
        Expert.objects.select_for_update(of=("self",))
        .select_related("region", "user")
        .get(pk=expert.pk)
    )
    perm = workflow.step(expert.status, to)
    if by is not None:
        ensure_allowed(by, perm, expert)
    elif not rule:
        raise ValueError("a status change without a person must name the rule that made it")
    reason = (reason or "").strip()
    if not reason:
        message = _("Give a reason for the change of status.")
        raise DomainError("expert.reason_required", message, fields={"reason": [message]})
    before = expert.status
    expert.status, expert.status_reason = to, reason
    fields = ["status", "status_reason"]
    if before == Status.APPLIED and to == Status.ACTIVE:
        today = timezone.localdate()
        months = rating_rule_for(expert.region).reevaluation_months
        expert.admitted_on, expert.next_reevaluation_on = today, add_months(today, months)
        fields += ["admitted_on", "next_reevaluation_on"]
    expert.full_clean(exclude=["user"])
    history_user(expert, by)
    expert.save(update_fields=fields)
    change = StatusChange.objects.create(
        expert=expert,
        from_status=before,
        to_status=to,
        reason=reason,
        rule=rule,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    trail_record(
        ExpertAction.STATUS_CHANGED,
        by=by,
        obj=expert,
        region_path=expert.region.path,
        details={"from": before, "to": to, "reason": reason, "rule": rule},
    )
    if expert.user is not None:
        notice_send(
            recipients=[expert.user],
            subject=_("Your status in the expert pool: %(status)s") % {"status": Status(to).label},
            body=reason,
            link=reverse("experts:me"),
            key=f"expert:{expert.pk}:status:{change.pk}",
        )
    return expert


def _act(expert: Expert, action: str, reason: str, by: Any) -> Expert:
    to, _perm = workflow.action_step(expert.status, action)
    return expert_status_set(expert=expert, to=to, reason=reason, by=by)


def expert_admit(*, expert: Expert, by: Any, note: str = "") -> Expert:
    """Admit an applicant after examination: active, admitted today, re-evaluated after the
    region's rule's months."""
    reason = (note or "").strip() or _("Admitted to the pool after examination.")
    return _act(expert, "admit", reason, by)


def expert_reject(*, expert: Expert, by: Any, reason: str) -> Expert:
    """Reject an application, with the reason (final)."""
    return _act(expert, "reject", reason, by)


def expert_suspend(*, expert: Expert, by: Any, reason: str) -> Expert:
    """Suspend an active expert (not drawn while suspended)."""
    return _act(expert, "suspend", reason, by)


def expert_reinstate(*, expert: Expert, by: Any, reason: str) -> Expert:
    """Reinstate a suspended expert."""
    return _act(expert, "reinstate", reason, by)


def expert_remove(*, expert: Expert, by: Any, reason: str) -> Expert:
    """Remove an expert from the pool (final)."""
    return _act(expert, "remove", reason, by)


ACTION_SERVICES = {
    "admit": lambda expert, by, reason: expert_admit(expert=expert, by=by, note=reason),
    "reject": lambda expert, by, reason: expert_reject(expert=expert, by=by, reason=reason),
    "suspend": lambda expert, by, reason: expert_suspend(expert=expert, by=by, reason=reason),
    "reinstate": lambda expert, by, reason: expert_reinstate(expert=expert, by=by, reason=reason),
    "remove": lambda expert, by, reason: expert_remove(expert=expert, by=by, reason=reason),
}
