"""Cleaner production options of an audit: generation (phases 2–4), screening (4), feasibility of
medium/high-cost options (5) and implementation (6).

    proposed ──screen──▶ selected ──implement──▶ in_progress ──implement──▶ implemented
        └──────screen──▶ rejected   (re-screening is possible until implementation starts)

The cost class follows from the expected investment and the region's threshold
(`AuditPolicy.option_cost_threshold`: at or above it, medium/high-cost); nobody types it.
Every service locks the audit first (then the option), checks that the workflow allows phase
work and that the person may do it, and refuses changes belonging to a completed phase:
the option list and screening to phase 4, feasibility to phase 5, implementation to phase 6.
Each writes AUDIT_DATA_CHANGED with {"what": "option", …} on the audit."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.audits.models import Audit, Phase
from cleanprod.audits.services.config import policy_for
from cleanprod.audits.services.work import (
    audit_lock_for_work,
    data_changed,
    phase_ensure_open,
    row_save,
)
from cleanprod.core.errors import DomainError
from cleanprod.performance.models import Option

Status = Option.Status
ADD_PERM, CHANGE_PERM = "performance.add_option", "performance.change_option"
BENEFITS = ("energy_tce", "water_t", "pollutant", "pollutant_t", "co2_t", "money_cny")


def cost_class_for(investment: Decimal, threshold: Decimal) -> str:
    """Medium/high-cost at or above the threshold, no/low-cost below it."""
    if investment >= threshold:
        return Option.CostClass.MEDIUM_HIGH
    return Option.CostClass.NO_LOW


def _lock(option: Option, by: Any, phase: int, perm: str = CHANGE_PERM) -> tuple[Audit, Option]:
    audit = audit_lock_for_work(audit=option.audit, by=by, perm=perm)
    phase_ensure_open(audit, phase)
    return audit, Option.objects.select_for_update().get(pk=option.pk, audit=audit)


def _changed(audit: Audit, option: Option, by: Any, action: str, **data: Any) -> None:
    data_changed(audit, by=by, what="option", action=action, id=option.pk, code=option.code, **data)


def _refuse_unless(option: Option, *statuses: str) -> None:
    if option.status not in statuses:
        raise DomainError(
            "option.status",
            _("Option %(code)s is “%(status)s”; this step is not possible now.")
            % {"code": option.code, "status": option.get_status_display()},
            status=409,
        )


def _next_code(audit: Audit) -> str:
    taken = set(Option.objects.filter(audit=audit).values_list("code", flat=True))
    start = len(taken) + 1
    return next(f"F{n}" for n in itertools.count(start) if f"F{n}" not in taken)


def _values(audit: Audit, investment: Decimal, **fields: Any) -> dict[str, Any]:
    threshold = policy_for(audit.region).option_cost_threshold
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    return {**values, "investment": investment, "cost_class": cost_class_for(investment, threshold)}


@transaction.atomic
def option_add(
    *,
    audit: Audit,
    by: Any,
    title: str,
    type: str,
    investment: Decimal,
    code: str = "",
    description: str = "",
    found_in_phase: int = Phase.OPTION_GENERATION,
    energy_tce: Decimal | None = None,
    water_t: Decimal | None = None,
    pollutant: str = "",
    pollutant_t: Decimal | None = None,
    co2_t: Decimal | None = None,
    money_cny: Decimal | None = None,
) -> Option:
    """Propose an option with its expected investment and yearly benefits; numbered F1, F2 …
    unless a number is given."""
    audit = audit_lock_for_work(audit=audit, by=by, perm=ADD_PERM)
    phase_ensure_open(audit, Phase.OPTION_GENERATION)
    code = code.strip() or _next_code(audit)
    if Option.objects.filter(audit=audit, code=code).exists():
        raise DomainError(
            "option.code_taken",
            _("This audit already has an option numbered %(code)s.") % {"code": code},
            fields={"code": [_("Choose another number.")]},
        )
    values = _values(
        audit,
        investment,
        code=code,
        title=title,
        type=type,
        description=description,
        found_in_phase=found_in_phase,
        energy_tce=energy_tce,
        water_t=water_t,
        pollutant=pollutant,
        pollutant_t=pollutant_t,
        co2_t=co2_t,
        money_cny=money_cny,
    )
    option: Option = row_save(Option(audit=audit), values)  # type: ignore[assignment]
    _changed(audit, option, by, "added", cost_class=option.cost_class)
    return option


@transaction.atomic
def option_change(
    *,
    option: Option,
    by: Any,
    title: str,
    type: str,
    investment: Decimal,
    description: str = "",
    found_in_phase: int = Phase.OPTION_GENERATION,
    energy_tce: Decimal | None = None,
    water_t: Decimal | None = None,
    pollutant: str = "",
    pollutant_t: Decimal | None = None,
    co2_t: Decimal | None = None,
    money_cny: Decimal | None = None,
) -> Option:
    """Change a proposed option; its cost class follows the investment again."""
    audit, option = _lock(option, by, Phase.OPTION_GENERATION)
    _refuse_unless(option, Status.PROPOSED)
    values = _values(
        audit,
        investment,
        title=title,
        type=type,
        description=description,
        found_in_phase=found_in_phase,
        energy_tce=energy_tce,
        water_t=water_t,
        pollutant=pollutant,
        pollutant_t=pollutant_t,
        co2_t=co2_t,
        money_cny=money_cny,
    )
    row_save(option, values)
    _changed(audit, option, by, "changed", cost_class=option.cost_class)
    return option


@transaction.atomic
def option_remove(*, option: Option, by: Any) -> None:
    """Remove a proposed option (screened ones stay, rejected or not, for the record)."""
    audit, option = _lock(option, by, Phase.OPTION_GENERATION)
    _refuse_unless(option, Status.PROPOSED)
    pk, code = option.pk, option.code
    option.delete()
    data_changed(audit, by=by, what="option", action="removed", id=pk, code=code)


@transaction.atomic
def option_screen(*, option: Option, by: Any, decision: str, note: str = "") -> Option:
    """Select or reject an option in screening; a rejection says why."""
    audit, option = _lock(option, by, Phase.OPTION_GENERATION)
    _refuse_unless(option, Status.PROPOSED, Status.SELECTED, Status.REJECTED)
    if decision not in (Status.SELECTED, Status.REJECTED):
        raise DomainError(
            "option.decision",
            _("Screening selects or rejects an option."),
            fields={"decision": [_("Choose selected or rejected.")]},
        )
    if decision == Status.REJECTED and not note.strip():
        raise DomainError(
            "option.note_required",
            _("Say why the option is rejected."),
            fields={"note": [_("This value is required.")]},
        )
    row_save(option, {"status": decision, "screening_note": note.strip()})
    _changed(audit, option, by, "screened", status=decision)
    return option


@transaction.atomic
def option_feasibility_save(
    *,
    option: Option,
    by: Any,
    technical_assessment: str,
    environmental_assessment: str,
    economic_assessment: str,
    feasible: bool | None = None,
    service_life_years: int | None = None,
    annual_operating_cost: Decimal | None = None,
    discount_rate_pct: Decimal | None = None,
) -> Option:
    """The feasibility analysis of a selected medium/high-cost option: technical,
    environmental and economic evaluation and the conclusion (the calculators come later)."""
    audit, option = _lock(option, by, Phase.FEASIBILITY)
    if option.cost_class != Option.CostClass.MEDIUM_HIGH:
        raise DomainError(
            "option.not_medium_high",
            _("Only medium/high-cost options need a feasibility analysis."),
        )
    _refuse_unless(option, Status.SELECTED)
    values = {
        "technical_assessment": technical_assessment.strip(),
        "environmental_assessment": environmental_assessment.strip(),
        "economic_assessment": economic_assessment.strip(),
        "feasible": feasible,
        "service_life_years": service_life_years,
        "annual_operating_cost": annual_operating_cost,
        "discount_rate_pct": discount_rate_pct,
    }
    row_save(option, values)
    _changed(audit, option, by, "feasibility", feasible=feasible)
    return option


@transaction.atomic
def option_implement(
    *,
    option: Option,
    by: Any,
    status: str,
    implemented_on: date | None = None,
    actual_investment: Decimal | None = None,
    planned_on: date | None = None,
) -> Option:
    """Record implementation: in progress with a planned completion date, or implemented
    with the date (not in the future) and the actual investment. A medium/high-cost option
    needs a completed feasibility analysis that found it feasible."""
    audit, option = _lock(option, by, Phase.IMPLEMENTATION)
    _refuse_unless(option, Status.SELECTED, Status.IN_PROGRESS, Status.IMPLEMENTED)
    if option.cost_class == Option.CostClass.MEDIUM_HIGH and not (
        option.feasibility_complete and option.feasible
    ):
        raise DomainError(
            "option.feasibility_missing",
            _("Option %(code)s is medium/high-cost: complete its feasibility analysis first.")
            % {"code": option.code},
            status=409,
        )
    errors: dict[str, list[str]] = {}
    if status == Status.IN_PROGRESS:
        if planned_on is None:
            errors["planned_on"] = [_("Give the planned completion date.")]
        values: dict[str, Any] = {"status": status, "planned_on": planned_on}
        values |= {"implemented_on": None}
    elif status == Status.IMPLEMENTED:
        if implemented_on is None:
            errors["implemented_on"] = [_("Give the date it was implemented.")]
        elif implemented_on > timezone.localdate():
            errors["implemented_on"] = [_("The date cannot be in the future.")]
        if actual_investment is None or actual_investment < 0:
            errors["actual_investment"] = [_("Give the actual investment.")]
        values = {
            "status": status,
            "implemented_on": implemented_on,
            "actual_investment": actual_investment,
        }
    else:
        errors["status"] = [_("Choose being implemented or implemented.")]
        values = {}
    if errors:
        raise DomainError("option.invalid", _("The input is not valid."), fields=errors)
    row_save(option, values)
    _changed(
        audit,
        option,
        by,
        "implemented" if status == Status.IMPLEMENTED else "in_progress",
        status=status,
    )
    return option
