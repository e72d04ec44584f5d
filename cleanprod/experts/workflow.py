"""Which status of an expert may follow which, and with which permission. Plain data and pure
functions; `services.status.expert_status_set` is the one place that applies them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cleanprod.core.errors import TransitionNotAllowed
from cleanprod.experts.models import Expert

Status = Expert.Status
ADD_PERM = "experts.add_expert"
ADMIT_PERM = "experts.admit_expert"
MANAGE_PERM = "experts.manage_expert"
VIEW_PERM = "experts.view_expert"
RATE_PERM = "experts.add_rating"
VIEW_RATING_PERM = "experts.view_rating"
DECLARE_PERM = "experts.add_conflict"
WITHDRAW_PERM = "experts.delete_conflict"
RULE_VIEW_PERM = "experts.view_ratingrule"
RULE_CHANGE_PERM = "experts.change_ratingrule"

# (from, to) → the permission a person needs; a rule (no person) may make the same changes
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.APPLIED, Status.ACTIVE): ADMIT_PERM,
    (Status.APPLIED, Status.REJECTED): ADMIT_PERM,
    (Status.ACTIVE, Status.SUSPENDED): MANAGE_PERM,
    (Status.SUSPENDED, Status.ACTIVE): MANAGE_PERM,
    (Status.ACTIVE, Status.REMOVED): MANAGE_PERM,
    (Status.SUSPENDED, Status.REMOVED): MANAGE_PERM,
}
FINAL = frozenset({Status.REMOVED, Status.REJECTED})

# the people's actions: name → the status it leads to
ACTIONS: dict[str, str] = {
    "admit": Status.ACTIVE,
    "reject": Status.REJECTED,
    "suspend": Status.SUSPENDED,
    "reinstate": Status.ACTIVE,
    "remove": Status.REMOVED,
}
ACTION_LABELS = {
    "admit": gettext_lazy("Admit"),
    "reject": gettext_lazy("Reject"),
    "suspend": gettext_lazy("Suspend"),
    "reinstate": gettext_lazy("Reinstate"),
    "remove": gettext_lazy("Remove"),
}


def step(current: str, to: str) -> str:
    """The permission the change `current` → `to` needs; TransitionNotAllowed (409) if none."""
    perm = TRANSITIONS.get((current, to))
    if perm is None:
        if current in FINAL:
            message = _("The expert's status %(status)s is final and cannot change.") % {
                "status": Status(current).label
            }
        else:
            message = _("An expert cannot go from %(from)s to %(to)s.") % {
                "from": Status(current).label,
                "to": Status(to).label if to in Status.values else to,
            }
        raise TransitionNotAllowed("expert.transition_not_allowed", message)
    return perm


def action_allowed(current: str, action: str) -> bool:
    """Whether the action's target status may follow `current` (admit only from applied,
    reinstate only from suspended)."""
    to = ACTIONS[action]
    if action == "admit" and current != Status.APPLIED:
        return False
    if action == "reinstate" and current != Status.SUSPENDED:
        return False
    return (current, to) in TRANSITIONS


def action_step(current: str, action: str) -> tuple[str, str]:
    """(target status, permission) of a person's action; TransitionNotAllowed (409) when the
    current status does not allow it."""
    if not action_allowed(current, action):
        raise TransitionNotAllowed(
            "expert.transition_not_allowed",
            _("%(action)s is not possible while the expert's status is %(status)s.")
            % {"action": ACTION_LABELS[action], "status": Status(current).label},
        )
    to = ACTIONS[action]
    return to, TRANSITIONS[(current, to)]
