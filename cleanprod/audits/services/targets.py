"""CP targets (清洁生产目标, phase 2): an indicator with its unit, the base year and baseline,
near- and long-term values; the value each reached is recorded in implementation (phase 6).
Base year ≤ near-term year ≤ long-term year; the indicator and the unit are required."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.audits.models import Audit, CPTarget, Phase
from cleanprod.audits.services.work import (
    audit_lock_for_work,
    data_changed,
    phase_ensure_open,
    row_save,
)
from cleanprod.core.errors import DomainError


def _lock(audit: Audit, by: Any, phase: int) -> Audit:
    audit = audit_lock_for_work(audit=audit, by=by)
    phase_ensure_open(audit, phase)
    return audit


def target_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """Base year ≤ near-term year ≤ long-term year; a long-term value comes with its year;
    the indicator and the unit are required."""
    errors: dict[str, list[str]] = {}
    if not str(values.get("indicator") or "").strip():
        errors["indicator"] = [_("Name the indicator.")]
    if not str(values.get("unit") or "").strip():
        errors["unit"] = [_("Give the unit of the indicator.")]
    base, near, far = (
        values.get("base_year"),
        values.get("near_term_year"),
        values.get("long_term_year"),
    )
    if base and near and near < base:
        errors["near_term_year"] = [_("The near-term year cannot be before the base year.")]
    if far and near and far < near:
        errors["long_term_year"] = [_("The long-term year cannot be before the near-term year.")]
    if (values.get("long_term") is None) != (far is None):
        errors.setdefault("long_term_year", []).append(
            _("Give the long-term value and its year together, or neither.")
        )
    return errors


def _target_values(**values: Any) -> dict[str, Any]:
    errors = target_errors(values)
    if errors:
        raise DomainError("audit.invalid", _("The input is not valid."), fields=errors)
    return {**values, "indicator": values["indicator"].strip(), "unit": values["unit"].strip()}


@transaction.atomic
def target_add(
    *,
    audit: Audit,
    by: Any,
    indicator: str,
    unit: str,
    base_year: int,
    baseline: Decimal,
    near_term: Decimal,
    near_term_year: int,
    long_term: Decimal | None = None,
    long_term_year: int | None = None,
    lower_is_better: bool = True,
) -> CPTarget:
    audit = _lock(audit, by, Phase.PRE_ASSESSMENT)
    values = _target_values(
        indicator=indicator,
        unit=unit,
        base_year=base_year,
        baseline=baseline,
        near_term=near_term,
        near_term_year=near_term_year,
        long_term=long_term,
        long_term_year=long_term_year,
        lower_is_better=lower_is_better,
    )
    target = row_save(CPTarget(audit=audit), values)
    data_changed(audit, by=by, what="target", action="added", id=target.pk)
    return target  # type: ignore[return-value]


@transaction.atomic
def target_change(
    *,
    target: CPTarget,
    by: Any,
    indicator: str,
    unit: str,
    base_year: int,
    baseline: Decimal,
    near_term: Decimal,
    near_term_year: int,
    long_term: Decimal | None = None,
    long_term_year: int | None = None,
    lower_is_better: bool = True,
) -> CPTarget:
    audit = _lock(target.audit, by, Phase.PRE_ASSESSMENT)
    target = CPTarget.objects.select_for_update().get(pk=target.pk, audit=audit)
    values = _target_values(
        indicator=indicator,
        unit=unit,
        base_year=base_year,
        baseline=baseline,
        near_term=near_term,
        near_term_year=near_term_year,
        long_term=long_term,
        long_term_year=long_term_year,
        lower_is_better=lower_is_better,
    )
    row_save(target, values)
    data_changed(audit, by=by, what="target", action="changed", id=target.pk)
    return target


@transaction.atomic
def target_remove(*, target: CPTarget, by: Any) -> None:
    audit = _lock(target.audit, by, Phase.PRE_ASSESSMENT)
    target = CPTarget.objects.select_for_update().get(pk=target.pk, audit=audit)
    pk = target.pk
    target.delete()
    data_changed(audit, by=by, what="target", action="removed", id=pk)


@transaction.atomic
def target_achieved_save(*, target: CPTarget, by: Any, achieved: Decimal | None) -> CPTarget:
    """Record the value a target reached after implementation (a phase 6 deliverable)."""
    audit = _lock(target.audit, by, Phase.IMPLEMENTATION)
    target = CPTarget.objects.select_for_update().get(pk=target.pk, audit=audit)
    row_save(target, {"achieved": achieved})
    data_changed(
        audit,
        by=by,
        what="target",
        action="achieved",
        id=target.pk,
        achieved=None if achieved is None else str(achieved),
    )
    return target
