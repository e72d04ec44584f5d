"""Balances of the audit focus: the closure check warns over the region's tolerance, never
refuses (regulation.md §3.1)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cleanprod.audits.models import AuditEvent, AuditPolicy, Balance, PhaseRecord
from cleanprod.audits.services.balances import (
    balance_add,
    balance_change,
    balance_line_add,
    balance_line_remove,
    balance_remove,
    balance_warnings,
    closure,
)
from cleanprod.audits.services.phases import phase_complete, waste_cause_add
from cleanprod.core.errors import DomainError
from cleanprod.testing.audits import client_for, complete_phases, enterprise_account, working_audit

# --- the arithmetic -------------------------------------------------------------------------


def test_inputs_1000_and_outputs_990_9_leave_a_gap_of_0_91_percent():
    result = closure([("in", D("600")), ("in", D("400")), ("out", D("990.9"))])
    assert (result.inputs, result.outputs, result.gap) == (D("1000"), D("990.9"), D("9.1"))
    assert result.gap_pct == D("0.91")


def test_a_gap_over_the_tolerance_is_flagged():
    lines = [("in", D("1000")), ("out", D("990.9"))]
    assert closure(lines, D("5")).over_tolerance is False
    assert closure(lines, D("0.5")).over_tolerance is True


def test_a_gap_exactly_at_the_tolerance_closes():
    assert closure([("in", D("1000")), ("out", D("990"))], D("1")).over_tolerance is False


def test_more_out_than_in_counts_by_its_size():
    result = closure([("in", D("100")), ("out", D("110"))], D("5"))
    assert (result.gap, result.gap_pct, result.over_tolerance) == (D("-10"), D("10.00"), True)


def test_without_inputs_there_is_no_percentage():
    assert closure([]).gap_pct is None
    assert closure([("out", D("5"))], D("5")).over_tolerance is True


# --- the services ---------------------------------------------------------------------------


@pytest.fixture
def setting(regions, industries, audit_rules):
    audit = working_audit()
    return audit, enterprise_account(audit.enterprise)


def _balance(audit, user, inputs=(D("1000"),), outputs=(D("990.9"),)):
    balance = balance_add(audit=audit, by=user, kind="material", name="电镀线物料平衡", unit="t/a")
    for q in inputs:
        balance_line_add(balance=balance, by=user, direction="in", item="原料", quantity=q)
    for q in outputs:
        balance_line_add(balance=balance, by=user, direction="out", item="产品", quantity=q)
    return balance


def test_balance_lines_are_recorded_with_events(setting):
    audit, user = setting
    balance = _balance(audit, user)
    assert balance.lines.count() == 2
    whats = AuditEvent.objects.filter(audit=audit).values_list("data__what", flat=True)
    assert {"balance", "balance_line"} <= set(whats)


def test_a_negative_quantity_is_refused(setting):
    audit, user = setting
    balance = balance_add(audit=audit, by=user, kind="water", name="水平衡", unit="t/d")
    with pytest.raises(DomainError) as refused:
        balance_line_add(balance=balance, by=user, direction="in", item="新鲜水", quantity=D("-1"))
    assert "quantity" in refused.value.fields


def test_an_unknown_kind_is_refused(setting):
    audit, user = setting
    with pytest.raises(DomainError) as refused:
        balance_add(audit=audit, by=user, kind="money", name="x", unit="t")
    assert "kind" in refused.value.fields


def test_balances_change_and_go_with_their_lines(setting):
    audit, user = setting
    balance = _balance(audit, user)
    balance_change(balance=balance, by=user, kind="energy", name="能量平衡", unit="GJ")
    assert Balance.objects.get(pk=balance.pk).kind == "energy"
    balance_line_remove(line=balance.lines.first(), by=user)
    assert balance.lines.count() == 1
    balance_remove(balance=balance, by=user)
    assert not Balance.objects.filter(audit=audit).exists()


def test_the_regions_tolerance_decides_the_warning(setting):
    # given a balance with a 0.91 % gap
    audit, user = setting
    _balance(audit, user)
    assert balance_warnings(audit) == []  # national default tolerance 5 %
    # when the province sets 0.5 %
    AuditPolicy.objects.create(region=audit.region.parent.parent, balance_tolerance_pct=D("0.5"))
    # then it warns
    assert len(balance_warnings(audit)) == 1


def test_assessment_completes_with_an_open_balance_and_keeps_the_warning(setting):
    # given a balance over the tolerance and a cause of waste
    audit, user = setting
    AuditPolicy.objects.filter(region__code="000000").update(balance_tolerance_pct=D("0.5"))
    complete_phases(audit, upto=2)
    _balance(audit, user)
    waste_cause_add(audit=audit, by=user, aspect="equipment", description="镀槽渗漏")
    # when assessment is completed
    phase_complete(audit=audit, phase=3, by=user)
    # then it is, with the warning in the event
    assert PhaseRecord.objects.get(audit=audit, phase=3).status == "completed"
    event = AuditEvent.objects.get(audit=audit, type=AuditEvent.Type.PHASE_COMPLETED)
    assert len(event.data["warnings"]) == 1


def test_the_page_shows_totals_gap_and_the_warning_badge(setting):
    audit, user = setting
    AuditPolicy.objects.filter(region__code="000000").update(balance_tolerance_pct=D("0.5"))
    balance = _balance(audit, user)
    page = client_for(user).get(f"/audits/{audit.pk}/phases/3/").content.decode()
    assert 'data-total="in">1000<' in page
    assert "0.91 %" in page
    assert f'data-over-tolerance="{balance.pk}"' in page
