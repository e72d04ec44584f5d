"""Reads for the phase pages: where each phase stands, the deliverables of one phase (the
ranking table of candidate focuses, each balance with its closure), what is still missing and
the actions the person may take now (the transition table joined with the policy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from cleanprod.accounts.policies import can
from cleanprod.audits import workflow
from cleanprod.audits.models import (
    Audit,
    Balance,
    BalanceLine,
    CPTarget,
    FocusCandidate,
    FocusFactor,
    Phase,
    PhaseRecord,
    PlanItem,
    TeamMember,
    WasteCause,
)
from cleanprod.audits.services.balances import Closure, balance_closure
from cleanprod.audits.services.config import policy_for
from cleanprod.audits.services.focus import DEFAULT_FACTORS, rank
from cleanprod.audits.services.phases import phase_missing, phase_warnings
from cleanprod.audits.services.work import WORK_PERM


@dataclass(frozen=True)
class PhaseState:
    phase: int
    label: str
    status: str
    status_label: str
    completed_on: Any
    is_current: bool

    @property
    def completed(self) -> bool:
        return self.status == PhaseRecord.Status.COMPLETED


@dataclass(frozen=True)
class CandidateRow:
    candidate: FocusCandidate
    ratings: list[tuple[FocusFactor, int | None]]  # in the order of the factors
    rank: int


@dataclass(frozen=True)
class BalanceRow:
    balance: Balance
    inputs: list[BalanceLine]
    outputs: list[BalanceLine]
    closure: Closure


@dataclass
class PhasePage:
    audit: Audit
    phase: int
    label: str
    record: PhaseRecord
    states: list[PhaseState]
    can_work: bool
    editable: bool  # can work and this phase is open
    can_complete: bool
    can_reopen: bool
    missing: list[str]
    warnings: list[str]
    data: dict[str, Any] = field(default_factory=dict)


def phase_states(audit: Audit) -> list[PhaseState]:
    """The seven phases in order, with their status (open when a row is missing)."""
    rows = {r.phase: r for r in PhaseRecord.objects.filter(audit=audit)}
    states = []
    for phase in Phase:
        row = rows.get(phase)
        status = row.status if row else PhaseRecord.Status.OPEN
        states.append(
            PhaseState(
                phase=int(phase),
                label=str(phase.label),
                status=status,
                status_label=str(PhaseRecord.Status(status).label),
                completed_on=row.completed_on if row else None,
                is_current=audit.current_phase == phase,
            )
        )
    return states


def work_allowed(audit: Audit, who: Any) -> bool:
    """Whether the workflow lets the audit's phases change now and `who` may change them."""
    if (audit.status, workflow.AuditAction.WORK) not in workflow.AUDIT_TRANSITIONS:
        return False
    return can(who, WORK_PERM, audit)


def focus_ranking(audit: Audit) -> dict[str, Any]:
    """Factors (weight order) × candidates (score order) with ratings, rank and the choice."""
    factors = list(FocusFactor.objects.filter(audit=audit))
    candidates = list(FocusCandidate.objects.filter(audit=audit))
    ranks = {r.key: r.rank for r in rank((c.pk, c.score) for c in candidates)}
    rows = [
        CandidateRow(
            candidate=c,
            ratings=[(f, c.ratings.get(str(f.pk))) for f in factors],
            rank=ranks[c.pk],
        )
        for c in candidates
    ]
    defaults = [(str(name), weight) for name, weight in DEFAULT_FACTORS] if not factors else []
    return {"factors": factors, "candidates": rows, "default_factors": defaults}


def balance_rows(audit: Audit, tolerance: Decimal) -> list[BalanceRow]:
    balances = Balance.objects.filter(audit=audit).prefetch_related(
        Prefetch("lines", queryset=BalanceLine.objects.order_by("direction", "id"))
    )
    rows = []
    for b in balances:
        lines = list(b.lines.all())
        rows.append(
            BalanceRow(
                balance=b,
                inputs=[line for line in lines if line.direction == BalanceLine.Direction.INPUT],
                outputs=[line for line in lines if line.direction == BalanceLine.Direction.OUTPUT],
                closure=balance_closure(b, tolerance),
            )
        )
    return rows


def _phase_data(audit: Audit, phase: int) -> dict[str, Any]:
    if phase == Phase.PLANNING:
        return {
            "team": list(TeamMember.objects.filter(audit=audit)),
            "plan": list(PlanItem.objects.filter(audit=audit)),
            "team_roles": TeamMember.TeamRole.choices,
        }
    if phase == Phase.PRE_ASSESSMENT:
        return {**focus_ranking(audit), "targets": list(CPTarget.objects.filter(audit=audit))}
    if phase == Phase.ASSESSMENT:
        tolerance = policy_for(audit.region).balance_tolerance_pct
        rows = balance_rows(audit, tolerance)
        chart = {
            "labels": [r.balance.name for r in rows],
            "values": [float(r.closure.gap_pct or 0) for r in rows],
        }
        return {
            "balances": rows,
            "tolerance": tolerance,
            "gap_chart": chart,
            "causes": list(WasteCause.objects.filter(audit=audit)),
        }
    if phase == Phase.IMPLEMENTATION:
        return {"targets": list(CPTarget.objects.filter(audit=audit))}
    return {}


def phase_page(*, audit: Audit, phase: int, who: Any) -> PhasePage:
    """Everything one phase page shows; buttons follow `can_*` and `editable`."""
    states = phase_states(audit)
    state = states[phase - 1]
    record = PhaseRecord.objects.filter(audit=audit, phase=phase).first() or PhaseRecord(
        audit=audit, phase=phase
    )
    can_work = work_allowed(audit, who)
    previous_done = phase == 1 or states[phase - 2].completed
    return PhasePage(
        audit=audit,
        phase=phase,
        label=state.label,
        record=record,
        states=states,
        can_work=can_work,
        editable=can_work and not state.completed,
        can_complete=can_work and not state.completed and previous_done,
        can_reopen=can_work and state.completed,
        missing=[] if state.completed else phase_missing(audit, phase),
        warnings=phase_warnings(audit, phase),
        data=_phase_data(audit, phase),
    )
