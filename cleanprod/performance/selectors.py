"""Reads for the option pages: the options of an audit in number order with their totals,
and what a person may do with each option now (workflow, policy, phase and option status)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cleanprod.accounts.policies import can
from cleanprod.audits.models import Audit, Phase, PhaseRecord
from cleanprod.audits.selectors.phases import work_allowed
from cleanprod.audits.services.config import policy_for
from cleanprod.performance.models import Option
from cleanprod.performance.services import ADD_PERM, CHANGE_PERM

Status = Option.Status
SUMMED = ("investment", "energy_tce", "water_t", "pollutant_t", "co2_t", "money_cny")


def _natural(code: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code))


@dataclass(frozen=True)
class Totals:
    count: int
    no_low: int
    medium_high: int
    by_status: dict[str, int]
    expected: dict[str, Decimal]  # sums over options not rejected
    implemented: dict[str, Decimal]  # sums over implemented options (expected benefits)


@dataclass
class OptionsPage:
    audit: Audit
    options: list[Option]
    totals: Totals
    threshold: Decimal
    can_add: bool
    open_phases: set[int] = field(default_factory=set)


def _sums(options: list[Option]) -> dict[str, Decimal]:
    return {f: sum((getattr(o, f) or Decimal(0) for o in options), Decimal(0)) for f in SUMMED}


def option_totals(options: list[Option]) -> Totals:
    live = [o for o in options if o.status != Status.REJECTED]
    return Totals(
        count=len(options),
        no_low=sum(o.cost_class == Option.CostClass.NO_LOW for o in options),
        medium_high=sum(o.cost_class == Option.CostClass.MEDIUM_HIGH for o in options),
        by_status={s: sum(o.status == s for o in options) for s in Status.values},
        expected=_sums(live),
        implemented=_sums([o for o in options if o.status == Status.IMPLEMENTED]),
    )


def open_phases(audit: Audit) -> set[int]:
    """Phases not completed (a phase without a row counts as open)."""
    done = set(
        PhaseRecord.objects.filter(audit=audit, status=PhaseRecord.Status.COMPLETED).values_list(
            "phase", flat=True
        )
    )
    return set(Phase.values) - done


def options_page(*, audit: Audit, who: Any) -> OptionsPage:
    options = sorted(Option.objects.filter(audit=audit), key=lambda o: _natural(o.code))
    phases = open_phases(audit)
    return OptionsPage(
        audit=audit,
        options=options,
        totals=option_totals(options),
        threshold=policy_for(audit.region).option_cost_threshold,
        can_add=Phase.OPTION_GENERATION in phases
        and work_allowed(audit, who)
        and can(who, ADD_PERM, audit),
        open_phases=phases,
    )


def option_actions(*, option: Option, who: Any, phases: set[int] | None = None) -> set[str]:
    """The steps `who` may take on this option now: change, remove, screen, feasibility,
    implement. Mirrors the services' checks, so a shown button is a working button."""
    audit = option.audit
    if not (work_allowed(audit, who) and can(who, CHANGE_PERM, audit)):
        return set()
    phases = open_phases(audit) if phases is None else phases
    actions: set[str] = set()
    if Phase.OPTION_GENERATION in phases:
        if option.status == Status.PROPOSED:
            actions |= {"change", "remove"}
        if option.status in (Status.PROPOSED, Status.SELECTED, Status.REJECTED):
            actions.add("screen")
    medium_high = option.cost_class == Option.CostClass.MEDIUM_HIGH
    if Phase.FEASIBILITY in phases and medium_high and option.status == Status.SELECTED:
        actions.add("feasibility")
    ready = not medium_high or (option.feasibility_complete and option.feasible)
    implementable = (Status.SELECTED, Status.IN_PROGRESS, Status.IMPLEMENTED)
    if Phase.IMPLEMENTATION in phases and option.status in implementable and ready:
        actions.add("implement")
    return actions
