"""Material, energy and water balances of the audit focus (phase 3): input and output lines in
one unit, and the closure check — inputs total, outputs total, the gap and the gap as a
percentage of the inputs — compared with the region's tolerance
(`AuditPolicy.balance_tolerance_pct`). A gap over the tolerance is flagged, never refused
(regulation.md §3.1: no national tolerance exists; a reported example accepted 0.91 %)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.audits.models import Audit, Balance, BalanceLine, Phase
from cleanprod.audits.services.config import policy_for
from cleanprod.audits.services.work import (
    audit_lock_for_work,
    data_changed,
    phase_ensure_open,
    row_save,
)

PHASE = Phase.ASSESSMENT
ZERO = Decimal("0")


# --- pure arithmetic ------------------------------------------------------------------------


@dataclass(frozen=True)
class Closure:
    inputs: Decimal
    outputs: Decimal
    gap: Decimal  # inputs − outputs: positive when something is unaccounted for
    gap_pct: Decimal | None  # |gap| / inputs × 100, two decimals; None without inputs
    over_tolerance: bool

    @property
    def closes(self) -> bool:
        return not self.over_tolerance


def closure(lines: Iterable[tuple[str, Decimal]], tolerance_pct: Decimal | None = None) -> Closure:
    """Closure of (direction, quantity) lines, direction "in" or "out". With a tolerance, a
    gap % above it (or outputs without any input) is over the tolerance; exactly at the
    tolerance closes."""
    inputs = outputs = ZERO
    for direction, quantity in lines:
        if direction == BalanceLine.Direction.INPUT:
            inputs += Decimal(quantity)
        else:
            outputs += Decimal(quantity)
    gap = inputs - outputs
    if inputs > 0:
        gap_pct: Decimal | None = (abs(gap) / inputs * 100).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    else:
        gap_pct = None
    if tolerance_pct is None:
        over = False
    elif gap_pct is None:
        over = outputs > 0
    else:
        over = gap_pct > tolerance_pct
    return Closure(inputs, outputs, gap, gap_pct, over)


def balance_closure(balance: Balance, tolerance_pct: Decimal | None = None) -> Closure:
    return closure(((line.direction, line.quantity) for line in balance.lines.all()), tolerance_pct)


def balance_warnings(audit: Audit) -> list[str]:
    """One translated line per balance whose gap exceeds the region's tolerance."""
    tolerance = policy_for(audit.region).balance_tolerance_pct
    warnings = []
    for balance in Balance.objects.filter(audit=audit).prefetch_related("lines"):
        result = balance_closure(balance, tolerance)
        if result.over_tolerance:
            warnings.append(
                _(
                    "%(name)s: the gap is %(gap)s %% of the inputs,"
                    " over the tolerance of %(tol)s %%."
                )
                % {"name": balance.name, "gap": result.gap_pct, "tol": tolerance}
            )
    return warnings


# --- services -------------------------------------------------------------------------------


def _lock(audit: Audit, by: Any) -> Audit:
    audit = audit_lock_for_work(audit=audit, by=by)
    phase_ensure_open(audit, PHASE)
    return audit


@transaction.atomic
def balance_add(
    *, audit: Audit, by: Any, kind: str, name: str, unit: str, period: str = ""
) -> Balance:
    audit = _lock(audit, by)
    balance = row_save(
        Balance(audit=audit),
        {"kind": kind, "name": name.strip(), "unit": unit.strip(), "period": period.strip()},
    )
    data_changed(audit, by=by, what="balance", action="added", id=balance.pk, kind=kind)
    return balance  # type: ignore[return-value]


@transaction.atomic
def balance_change(
    *, balance: Balance, by: Any, kind: str, name: str, unit: str, period: str = ""
) -> Balance:
    audit = _lock(balance.audit, by)
    balance = Balance.objects.select_for_update().get(pk=balance.pk, audit=audit)
    row_save(
        balance,
        {"kind": kind, "name": name.strip(), "unit": unit.strip(), "period": period.strip()},
    )
    data_changed(audit, by=by, what="balance", action="changed", id=balance.pk)
    return balance


@transaction.atomic
def balance_remove(*, balance: Balance, by: Any) -> None:
    """Remove a balance with its lines."""
    audit = _lock(balance.audit, by)
    balance = Balance.objects.select_for_update().get(pk=balance.pk, audit=audit)
    pk = balance.pk
    balance.delete()
    data_changed(audit, by=by, what="balance", action="removed", id=pk)


@transaction.atomic
def balance_line_add(
    *,
    balance: Balance,
    by: Any,
    direction: str,
    item: str,
    quantity: Decimal,
    is_loss: bool = False,
) -> BalanceLine:
    """Add an input or an output (quantity ≥ 0, in the balance's unit)."""
    audit = _lock(balance.audit, by)
    balance = Balance.objects.select_for_update().get(pk=balance.pk, audit=audit)
    line = row_save(
        BalanceLine(balance=balance),
        {"direction": direction, "item": item.strip(), "quantity": quantity, "is_loss": is_loss},
    )
    data_changed(audit, by=by, what="balance_line", action="added", id=line.pk, balance=balance.pk)
    return line  # type: ignore[return-value]


@transaction.atomic
def balance_line_remove(*, line: BalanceLine, by: Any) -> None:
    audit = _lock(line.balance.audit, by)
    line = BalanceLine.objects.select_for_update().get(pk=line.pk, balance__audit=audit)
    pk, balance_pk = line.pk, line.balance_id
    line.delete()
    data_changed(audit, by=by, what="balance_line", action="removed", id=pk, balance=balance_pk)
