"""Options: the cost class follows the investment and the region's threshold; the lifecycle
proposed → screened → feasibility (medium/high-cost) → implementation; the option
deliverables of phases 4–6."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone, translation

from cleanprod.audits.models import AuditEvent, AuditPolicy, PhaseRecord
from cleanprod.audits.services.phases import phase_complete
from cleanprod.audits.services.targets import target_achieved_save, target_add
from cleanprod.core.errors import DomainError
from cleanprod.performance.models import Option
from cleanprod.performance.services import (
    cost_class_for,
    option_add,
    option_change,
    option_feasibility_save,
    option_implement,
    option_remove,
    option_screen,
)
from cleanprod.testing.audits import client_for, complete_phases, enterprise_account, working_audit

THRESHOLD = D("500000")  # the national default of AuditPolicy.option_cost_threshold
FEASIBILITY = {
    "technical_assessment": "工艺成熟，国内已有应用",
    "environmental_assessment": "年减少含铬废水 3000 t",
    "economic_assessment": "NPV 大于 0，投资回收期 3.2 年",
    "feasible": True,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting(regions, industries, audit_rules):
    audit = working_audit()
    return audit, enterprise_account(audit.enterprise)


def _add(audit, user, investment, **kw):
    return option_add(
        audit=audit,
        by=user,
        title=kw.pop("title", "逆流漂洗"),
        type="technology",
        investment=investment,
        **kw,
    )


# --- cost class -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("investment", "expected"),
    [
        (D("0"), "no_low"),
        (D("499999.99"), "no_low"),
        (D("500000"), "medium_high"),  # exactly at the threshold
        (D("2000000"), "medium_high"),
    ],
)
def test_the_cost_class_turns_at_the_threshold(investment, expected):
    assert cost_class_for(investment, THRESHOLD) == expected


def test_the_service_classes_by_the_regions_threshold(setting):
    audit, user = setting
    assert _add(audit, user, D("500000")).cost_class == "medium_high"
    assert _add(audit, user, D("499999.99")).cost_class == "no_low"
    # when the province lowers its threshold to 100 000 CNY
    AuditPolicy.objects.create(region=audit.region.parent.parent, option_cost_threshold=D("100000"))
    assert _add(audit, user, D("100000")).cost_class == "medium_high"


def test_options_are_numbered_and_a_taken_number_is_refused(setting):
    audit, user = setting
    assert [_add(audit, user, D("1000")).code for _ in range(2)] == ["F1", "F2"]
    with pytest.raises(DomainError) as refused:
        _add(audit, user, D("1000"), code="F1")
    assert refused.value.code == "option.code_taken"


# --- lifecycle ------------------------------------------------------------------------------


def test_a_proposed_option_changes_its_class_with_its_investment(setting):
    audit, user = setting
    option = _add(audit, user, D("20000"))
    option = option_change(
        option=option, by=user, title="逆流漂洗改造", type="technology", investment=D("800000")
    )
    assert option.cost_class == "medium_high"
    event = AuditEvent.objects.filter(audit=audit, data__what="option").order_by("-id").first()
    assert (event.data["action"], event.data["code"]) == ("changed", "F1")


def test_a_screened_option_can_no_longer_change_or_go(setting):
    audit, user = setting
    option = option_screen(option=_add(audit, user, D("20000")), by=user, decision="selected")
    with pytest.raises(DomainError) as refused:
        option_change(option=option, by=user, title="x", type="technology", investment=D("1"))
    assert (refused.value.code, refused.value.status) == ("option.status", 409)
    with pytest.raises(DomainError):
        option_remove(option=option, by=user)


def test_a_proposed_option_can_be_removed(setting):
    audit, user = setting
    option_remove(option=_add(audit, user, D("1")), by=user)
    assert not Option.objects.filter(audit=audit).exists()


def test_a_rejection_says_why(setting):
    audit, user = setting
    option = _add(audit, user, D("20000"))
    with pytest.raises(DomainError) as refused:
        option_screen(option=option, by=user, decision="rejected")
    assert "note" in refused.value.fields
    option = option_screen(option=option, by=user, decision="rejected", note="场地不足")
    assert (option.status, option.screening_note) == ("rejected", "场地不足")


def test_feasibility_is_for_selected_medium_high_cost_options(setting):
    audit, user = setting
    cheap = option_screen(option=_add(audit, user, D("1000")), by=user, decision="selected")
    with pytest.raises(DomainError) as refused:
        option_feasibility_save(option=cheap, by=user, **FEASIBILITY)
    assert refused.value.code == "option.not_medium_high"
    costly = _add(audit, user, D("900000"))
    with pytest.raises(DomainError) as refused:
        option_feasibility_save(option=costly, by=user, **FEASIBILITY)  # not screened yet
    assert refused.value.status == 409
    option_screen(option=costly, by=user, decision="selected")
    costly = option_feasibility_save(option=costly, by=user, **FEASIBILITY)
    assert costly.feasibility_complete


def test_implementation_of_a_medium_high_cost_option_waits_for_its_feasibility(setting):
    audit, user = setting
    option = option_screen(option=_add(audit, user, D("900000")), by=user, decision="selected")
    with pytest.raises(DomainError) as refused:
        option_implement(option=option, by=user, status="in_progress", planned_on=date(2026, 9, 30))
    assert refused.value.code == "option.feasibility_missing"
    option_feasibility_save(option=option, by=user, **FEASIBILITY)
    option = option_implement(
        option=option, by=user, status="in_progress", planned_on=date(2026, 9, 30)
    )
    assert option.status == "in_progress"


def test_implementation_records_dates_and_actual_investment(setting):
    audit, user = setting
    option = option_screen(option=_add(audit, user, D("3000")), by=user, decision="selected")
    with pytest.raises(DomainError) as refused:
        option_implement(option=option, by=user, status="in_progress")
    assert "planned_on" in refused.value.fields
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        option_implement(option=option, by=user, status="implemented", implemented_on=tomorrow)
    assert {"implemented_on", "actual_investment"} <= set(refused.value.fields)
    option = option_implement(
        option=option,
        by=user,
        status="implemented",
        implemented_on=date(2026, 5, 1),
        actual_investment=D("2800"),
    )
    assert (option.status, option.actual_investment) == ("implemented", D("2800"))


def test_the_option_list_is_fixed_when_option_generation_is_completed(setting):
    audit, user = setting
    complete_phases(audit, upto=4)
    with pytest.raises(DomainError) as refused:
        _add(audit, user, D("1000"))
    assert refused.value.code == "audit.phase_completed"


# --- deliverables of phases 4–6 -------------------------------------------------------------


def test_option_generation_needs_an_option_and_its_screening(setting):
    audit, user = setting
    complete_phases(audit, upto=3)
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=4, by=user)
    assert refused.value.fields["deliverables"] == ["at least one cleaner production option"]
    option = _add(audit, user, D("1000"))
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=4, by=user)
    assert "F1" in refused.value.fields["deliverables"][0]
    option_screen(option=option, by=user, decision="selected")
    assert phase_complete(audit=audit, phase=4, by=user).status == "completed"


def test_feasibility_needs_the_analysis_of_every_selected_medium_high_cost_option(setting):
    audit, user = setting
    complete_phases(audit, upto=3)
    costly = option_screen(option=_add(audit, user, D("900000")), by=user, decision="selected")
    option_screen(
        option=_add(audit, user, D("950000")), by=user, decision="rejected", note="资金不足"
    )
    PhaseRecord.objects.filter(audit=audit, phase=4).update(
        status="completed", completed_on=date(2026, 6, 1)
    )
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=5, by=user)
    assert refused.value.fields["deliverables"] == [
        "the feasibility analysis of medium/high-cost options F1"
    ]
    option_feasibility_save(option=costly, by=user, **FEASIBILITY)
    assert phase_complete(audit=audit, phase=5, by=user).status == "completed"


def test_feasibility_has_nothing_to_do_without_medium_high_cost_options(setting):
    audit, user = setting
    complete_phases(audit, upto=3)
    option_screen(option=_add(audit, user, D("1000")), by=user, decision="selected")
    PhaseRecord.objects.filter(audit=audit, phase=4).update(
        status="completed", completed_on=date(2026, 6, 1)
    )
    assert phase_complete(audit=audit, phase=5, by=user).status == "completed"


def test_implementation_needs_every_selected_option_under_way_and_the_achieved_values(setting):
    # given two selected options and a target, phases 1–5 completed
    audit, user = setting
    target = target_add(
        audit=audit,
        by=user,
        indicator="新鲜水耗",
        unit="t/t",
        base_year=2025,
        baseline=D("12"),
        near_term=D("10"),
        near_term_year=2026,
    )
    first = option_screen(option=_add(audit, user, D("1000")), by=user, decision="selected")
    second = option_screen(option=_add(audit, user, D("2000")), by=user, decision="selected")
    complete_phases(audit, upto=5)
    # then both options lack their status
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=6, by=user)
    assert "F1, F2" in refused.value.fields["deliverables"][0]
    # when one is implemented and the other under way, the target's achieved value is missing
    option_implement(
        option=first,
        by=user,
        status="implemented",
        implemented_on=date(2026, 5, 1),
        actual_investment=D("900"),
    )
    option_implement(option=second, by=user, status="in_progress", planned_on=date(2026, 12, 31))
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=6, by=user)
    assert refused.value.fields["deliverables"] == ["the achieved values of the targets 新鲜水耗"]
    # when the value is recorded, implementation completes
    target_achieved_save(target=target, by=user, achieved=D("9.8"))
    assert phase_complete(audit=audit, phase=6, by=user).status == "completed"


# --- pages ----------------------------------------------------------------------------------


def test_the_list_shows_cost_class_status_and_benefits_and_adds_options(setting):
    audit, user = setting
    client = client_for(user)
    response = client.post(
        f"/performance/audits/{audit.pk}/options/",
        {
            "title": "中水回用",
            "type": "recycling",
            "investment": "500000",
            "found_in_phase": "4",
            "water_t": "12000",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/performance/audits/{audit.pk}/options/").content.decode()
    assert 'data-option="F1"' in page
    assert 'data-cost-class="medium_high"' in page
    assert 'data-status="proposed"' in page
    assert "12,000 t" in page or "12000 t" in page


def test_a_refused_add_shows_its_errors(setting):
    audit, user = setting
    response = client_for(user).post(
        f"/performance/audits/{audit.pk}/options/",
        {"title": "", "type": "recycling", "investment": "-5", "found_in_phase": "4"},
    )
    assert response.status_code == 400
    assert 'id="option-refused"' in response.content.decode()


def test_the_option_page_offers_only_the_steps_open_now(setting):
    audit, user = setting
    option = _add(audit, user, D("900000"))
    client = client_for(user)
    page = client.get(f"/performance/audits/{audit.pk}/options/{option.pk}/").content.decode()
    assert 'id="step-screen"' in page
    assert 'id="step-change"' in page
    assert 'id="step-feasibility"' not in page
    assert 'id="step-implement"' not in page
    client.post(
        f"/performance/audits/{audit.pk}/options/{option.pk}/screen/", {"decision": "selected"}
    )
    page = client.get(f"/performance/audits/{audit.pk}/options/{option.pk}/").content.decode()
    assert 'id="step-feasibility"' in page
    assert 'id="step-change"' not in page
    assert 'id="step-implement"' not in page
    response = client.post(
        f"/performance/audits/{audit.pk}/options/{option.pk}/feasibility/",
        {**FEASIBILITY, "feasible": "true"},
    )
    assert response.status_code == 302
    page = client.get(f"/performance/audits/{audit.pk}/options/{option.pk}/").content.decode()
    assert 'id="step-implement"' in page
    assert 'data-feasibility="complete"' in page


def test_a_refused_step_answers_with_its_status(setting):
    audit, user = setting
    option = option_screen(option=_add(audit, user, D("900000")), by=user, decision="selected")
    web = client_for(user)
    web.cookies["django_language"] = "en"  # pages follow the language cookie
    response = web.post(
        f"/performance/audits/{audit.pk}/options/{option.pk}/implement/",
        {"status": "in_progress", "planned_on": "2026-09-30"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'id="option-refused"' in body
    assert "complete its feasibility analysis first" in body
