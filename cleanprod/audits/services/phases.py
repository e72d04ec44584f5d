"""The seven phases of an audit (regulation.md §3.1): the deliverables kept here — the audit
team and work plan (1), CP targets (2; the focus is in `focus.py`), causes of waste (3; the
balances are in `balances.py`), the narrative summary of every phase — and completing and
reopening a phase.

Phases are completed in order: phase n needs phase n−1 completed and its own deliverables
present (`phase_missing`). A completed phase's deliverables are read-only until it is
reopened; reopening opens that phase only, never the later ones. `audit.current_phase` is the
first open phase (None once all seven are completed).

Options (phases 4–6) belong to `performance`, above this app: it registers the checks of
its deliverables with `deliverable_check`, so this module never imports it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.audits.events import record_event
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    CPTarget,
    FocusCandidate,
    Phase,
    PhaseRecord,
    PlanItem,
    TeamMember,
    WasteCause,
)
from cleanprod.audits.services.balances import balance_warnings
from cleanprod.audits.services.work import (
    audit_lock_for_work,
    data_changed,
    phase_ensure_open,
    row_save,
)
from cleanprod.core.errors import DomainError

Check = Callable[[Audit], list[str]]
_REGISTERED: dict[int, list[Check]] = defaultdict(list)


def deliverable_check(phase: int) -> Callable[[Check], Check]:
    """Register a check of phase `phase`'s deliverables kept by a higher app; the check
    returns what is missing, one translated line each."""

    def register(check: Check) -> Check:
        if check not in _REGISTERED[phase]:
            _REGISTERED[phase].append(check)
        return check

    return register


# --- the deliverable checks of this app -----------------------------------------------------


def _planning(audit: Audit) -> list[str]:
    missing = []
    if not TeamMember.objects.filter(audit=audit, team_role=TeamMember.TeamRole.LEADER).exists():
        missing.append(_("an audit team with its team leader"))
    if not PlanItem.objects.filter(audit=audit).exists():
        missing.append(_("at least one item of the work plan and schedule"))
    return missing


def _pre_assessment(audit: Audit) -> list[str]:
    missing = []
    if not FocusCandidate.objects.filter(audit=audit, chosen=True).exists():
        missing.append(_("the chosen audit focus"))
    if not CPTarget.objects.filter(audit=audit).exists():
        missing.append(_("at least one cleaner production target"))
    return missing


def _assessment(audit: Audit) -> list[str]:
    missing = []
    has_balance = (
        audit.balances.filter(lines__direction="in").filter(lines__direction="out").exists()
    )
    if not has_balance:
        missing.append(_("at least one balance with its inputs and outputs"))
    if not WasteCause.objects.filter(audit=audit).exists():
        missing.append(_("at least one cause of waste"))
    return missing


def _continuous(audit: Audit) -> list[str]:
    summary = PhaseRecord.objects.filter(audit=audit, phase=Phase.CONTINUOUS).first()
    if summary is None or not summary.summary.strip():
        return [
            _(
                "the summary: the cleaner production organisation, its management system and"
                " the plan for the next round"
            )
        ]
    return []


_OWN: dict[int, Check] = {
    Phase.PLANNING: _planning,
    Phase.PRE_ASSESSMENT: _pre_assessment,
    Phase.ASSESSMENT: _assessment,
    Phase.CONTINUOUS: _continuous,
}


def phase_missing(audit: Audit, phase: int) -> list[str]:
    """What phase `phase` still lacks before it can be completed, one translated line each.

    1 planning: a team leader and a plan item. 2 pre-assessment: the chosen focus and a target.
    3 assessment: a balance with inputs and outputs and a cause of waste (a balance over the
    closure tolerance only warns). 4–6: the options' checks registered by `performance`.
    7 continuous CP: the summary text."""
    own = _OWN.get(phase)
    missing = own(audit) if own else []
    for check in _REGISTERED[phase]:
        missing.extend(check(audit))
    return missing


def phase_warnings(audit: Audit, phase: int) -> list[str]:
    """Findings that do not block completion: balances over the closure tolerance."""
    return balance_warnings(audit) if phase == Phase.ASSESSMENT else []


# --- completing and reopening ---------------------------------------------------------------


def _records(audit: Audit) -> dict[int, PhaseRecord]:
    """The audit's phase rows, locked; any missing row (older cases) is created open."""
    existing = {r.phase for r in PhaseRecord.objects.filter(audit=audit)}
    PhaseRecord.objects.bulk_create(
        PhaseRecord(audit=audit, phase=p) for p in Phase.values if p not in existing
    )
    return {r.phase: r for r in PhaseRecord.objects.select_for_update().filter(audit=audit)}


def _follow(audit: Audit, records: dict[int, PhaseRecord]) -> None:
    open_ = [p for p, r in sorted(records.items()) if r.status == PhaseRecord.Status.OPEN]
    current = open_[0] if open_ else None
    if audit.current_phase != current:
        audit.current_phase = current
        audit.full_clean()
        audit.save(update_fields=["current_phase", "updated_at"])


def _label(phase: int) -> str:
    return f"{phase} {Phase(phase).label}"


@transaction.atomic
def phase_complete(*, audit: Audit, phase: int, by: Any) -> PhaseRecord:
    """Complete a phase: the previous phase must be completed (409) and the deliverables
    present (400, naming each missing one). Balance warnings go into the event."""
    audit = audit_lock_for_work(audit=audit, by=by)
    records = _records(audit)
    record = records[Phase(phase)]
    if record.status == PhaseRecord.Status.COMPLETED:
        raise DomainError(
            "audit.phase_already_completed",
            _("Phase %(phase)s is already completed.") % {"phase": _label(phase)},
            status=409,
        )
    previous = records.get(phase - 1)
    if previous is not None and previous.status != PhaseRecord.Status.COMPLETED:
        raise DomainError(
            "audit.phase_order",
            _("Complete phase %(previous)s before phase %(phase)s.")
            % {"previous": _label(phase - 1), "phase": _label(phase)},
            status=409,
        )
    missing = phase_missing(audit, phase)
    if missing:
        raise DomainError(
            "audit.deliverables_missing",
            _("Phase %(phase)s cannot be completed yet. Missing: %(missing)s.")
            % {"phase": _label(phase), "missing": "; ".join(missing)},
            fields={"deliverables": missing},
        )
    warnings = phase_warnings(audit, phase)
    record.status = PhaseRecord.Status.COMPLETED
    record.completed_on, record.completed_by = timezone.localdate(), by
    record.full_clean()
    record.save(update_fields=["status", "completed_on", "completed_by"])
    _follow(audit, records)
    record_event(
        AuditEvent.Type.PHASE_COMPLETED,
        by=by,
        audit=audit,
        data={"phase": int(phase), "warnings": warnings},
    )
    return record


@transaction.atomic
def phase_reopen(*, audit: Audit, phase: int, by: Any, reason: str = "") -> PhaseRecord:
    """Reopen one completed phase so its deliverables can change again. Later phases stay
    completed; the current phase moves back to the first open one."""
    audit = audit_lock_for_work(audit=audit, by=by)
    records = _records(audit)
    record = records[Phase(phase)]
    if record.status != PhaseRecord.Status.COMPLETED:
        raise DomainError(
            "audit.phase_not_completed",
            _("Phase %(phase)s is not completed.") % {"phase": _label(phase)},
            status=409,
        )
    record.status = PhaseRecord.Status.OPEN
    record.completed_on = record.completed_by = None
    record.full_clean()
    record.save(update_fields=["status", "completed_on", "completed_by"])
    _follow(audit, records)
    record_event(
        AuditEvent.Type.PHASE_REOPENED,
        by=by,
        audit=audit,
        comment=reason,
        data={"phase": int(phase)},
    )
    return record


@transaction.atomic
def phase_summary_save(*, audit: Audit, phase: int, by: Any, summary: str) -> PhaseRecord:
    """Save the narrative summary of a phase (the report chapter is written from it)."""
    audit = audit_lock_for_work(audit=audit, by=by)
    phase_ensure_open(audit, phase)
    record = _records(audit)[Phase(phase)]
    row_save(record, {"summary": summary.strip()})
    data_changed(audit, by=by, what="phase_summary", action="saved", phase=int(phase))
    return record


# --- phase 1: team and plan -----------------------------------------------------------------


def _lock(audit: Audit, by: Any, phase: int) -> Audit:
    audit = audit_lock_for_work(audit=audit, by=by)
    phase_ensure_open(audit, phase)
    return audit


@transaction.atomic
def team_member_add(
    *,
    audit: Audit,
    by: Any,
    name: str,
    team_role: str = TeamMember.TeamRole.MEMBER,
    position: str = "",
    department: str = "",
    from_agency: bool = False,
    duties: str = "",
) -> TeamMember:
    audit = _lock(audit, by, Phase.PLANNING)
    values = {
        "name": name.strip(),
        "team_role": team_role,
        "position": position.strip(),
        "department": department.strip(),
        "from_agency": from_agency,
        "duties": duties.strip(),
    }
    member = row_save(TeamMember(audit=audit), values)
    data_changed(audit, by=by, what="team_member", action="added", id=member.pk)
    return member  # type: ignore[return-value]


@transaction.atomic
def team_member_change(
    *,
    member: TeamMember,
    by: Any,
    name: str,
    team_role: str,
    position: str = "",
    department: str = "",
    from_agency: bool = False,
    duties: str = "",
) -> TeamMember:
    audit = _lock(member.audit, by, Phase.PLANNING)
    member = TeamMember.objects.select_for_update().get(pk=member.pk, audit=audit)
    values = {
        "name": name.strip(),
        "team_role": team_role,
        "position": position.strip(),
        "department": department.strip(),
        "from_agency": from_agency,
        "duties": duties.strip(),
    }
    row_save(member, values)
    data_changed(audit, by=by, what="team_member", action="changed", id=member.pk)
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, by: Any) -> None:
    audit = _lock(member.audit, by, Phase.PLANNING)
    member = TeamMember.objects.select_for_update().get(pk=member.pk, audit=audit)
    pk = member.pk
    member.delete()
    data_changed(audit, by=by, what="team_member", action="removed", id=pk)


@transaction.atomic
def plan_item_add(
    *,
    audit: Audit,
    by: Any,
    phase: int,
    task: str,
    starts_on: date,
    ends_on: date,
    responsible: str = "",
) -> PlanItem:
    """A line of the work plan: which phase, what, from when to when, who."""
    audit = _lock(audit, by, Phase.PLANNING)
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(
            "audit.invalid",
            _("The input is not valid."),
            fields={"ends_on": [_("The end cannot be before the start.")]},
        )
    values = {
        "phase": phase,
        "task": task.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "responsible": responsible.strip(),
    }
    item = row_save(PlanItem(audit=audit), values)
    data_changed(audit, by=by, what="plan_item", action="added", id=item.pk)
    return item  # type: ignore[return-value]


@transaction.atomic
def plan_item_remove(*, item: PlanItem, by: Any) -> None:
    audit = _lock(item.audit, by, Phase.PLANNING)
    item = PlanItem.objects.select_for_update().get(pk=item.pk, audit=audit)
    pk = item.pk
    item.delete()
    data_changed(audit, by=by, what="plan_item", action="removed", id=pk)


# --- phase 3: causes of waste ---------------------------------------------------------------


@transaction.atomic
def waste_cause_add(*, audit: Audit, by: Any, aspect: str, description: str) -> WasteCause:
    audit = _lock(audit, by, Phase.ASSESSMENT)
    cause = row_save(
        WasteCause(audit=audit), {"aspect": aspect, "description": description.strip()}
    )
    data_changed(audit, by=by, what="waste_cause", action="added", id=cause.pk)
    return cause  # type: ignore[return-value]


@transaction.atomic
def waste_cause_remove(*, cause: WasteCause, by: Any) -> None:
    audit = _lock(cause.audit, by, Phase.ASSESSMENT)
    cause = WasteCause.objects.select_for_update().get(pk=cause.pk, audit=audit)
    pk = cause.pk
    cause.delete()
    data_changed(audit, by=by, what="waste_cause", action="removed", id=pk)
