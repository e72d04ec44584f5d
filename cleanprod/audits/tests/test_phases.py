"""The seven phases: deliverable checks name what is missing, phases complete in order, a
completed phase is read-only until reopened, and phase work follows the workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import translation

from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    CPTarget,
    PhaseRecord,
    PlanItem,
    TeamMember,
)
from cleanprod.audits.services.balances import balance_add, balance_line_add
from cleanprod.audits.services.focus import focus_candidate_add, focus_choose
from cleanprod.audits.services.phases import (
    phase_complete,
    phase_reopen,
    phase_summary_save,
    plan_item_add,
    plan_item_remove,
    team_member_add,
    team_member_change,
    team_member_remove,
    waste_cause_add,
)
from cleanprod.audits.services.targets import (
    target_achieved_save,
    target_add,
    target_change,
    target_remove,
)
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import (
    audit_set_status,
    client_for,
    complete_phases,
    enterprise_account,
    make_audit,
    working_audit,
)

TARGET = {
    "indicator": "单位产品新鲜水耗",
    "unit": "t/t",
    "base_year": 2025,
    "baseline": D("12.5"),
    "near_term": D("11"),
    "near_term_year": 2026,
}


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the msgids), whatever the catalogs say."""
    with translation.override("en"):
        yield


@pytest.fixture
def setting(regions, industries, audit_rules):
    audit = working_audit()
    return audit, enterprise_account(audit.enterprise)


def _status(audit, phase):
    return PhaseRecord.objects.get(audit=audit, phase=phase).status


def _planning(audit, user):
    team_member_add(audit=audit, by=user, name="王厂长", team_role="leader")
    plan_item_add(
        audit=audit,
        by=user,
        phase=1,
        task="成立审核小组",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 10),
    )


# --- deliverable checks ---------------------------------------------------------------------


def test_planning_needs_a_team_leader_and_a_plan_item(setting):
    # given an audit with only an ordinary member
    audit, user = setting
    team_member_add(audit=audit, by=user, name="李工", team_role="member")
    # when completing planning, it is refused naming both missing items
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=1, by=user)
    assert refused.value.code == "audit.deliverables_missing"
    assert refused.value.status == 400
    missing = refused.value.fields["deliverables"]
    assert len(missing) == 2
    assert "leader" in missing[0]
    assert "plan" in missing[1]
    # when the leader and a plan item are added
    _planning(audit, user)
    record = phase_complete(audit=audit, phase=1, by=user)
    # then planning is completed, the audit moves to phase 2 and the event is written
    assert (record.status, record.completed_by) == ("completed", user)
    assert Audit.objects.get(pk=audit.pk).current_phase == 2
    assert AuditEvent.objects.filter(
        audit=audit, type=AuditEvent.Type.PHASE_COMPLETED, data__phase=1
    ).exists()


def test_pre_assessment_needs_the_chosen_focus_and_a_target(setting):
    audit, user = setting
    complete_phases(audit, upto=1)
    candidate = focus_candidate_add(audit=audit, by=user, name="电镀车间")
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=2, by=user)
    assert len(refused.value.fields["deliverables"]) == 2
    focus_choose(candidate=candidate, by=user)
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=2, by=user)
    assert refused.value.fields["deliverables"] == ["at least one cleaner production target"]
    target_add(audit=audit, by=user, **TARGET)
    assert phase_complete(audit=audit, phase=2, by=user).status == "completed"


def test_assessment_needs_a_balance_with_lines_and_a_cause_of_waste(setting):
    audit, user = setting
    complete_phases(audit, upto=2)
    balance = balance_add(audit=audit, by=user, kind="water", name="水平衡", unit="t/d")
    balance_line_add(balance=balance, by=user, direction="in", item="新鲜水", quantity=D("100"))
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=3, by=user)
    assert len(refused.value.fields["deliverables"]) == 2  # no output line yet, no cause
    balance_line_add(balance=balance, by=user, direction="out", item="排水", quantity=D("98"))
    waste_cause_add(audit=audit, by=user, aspect="management", description="跑冒滴漏")
    assert phase_complete(audit=audit, phase=3, by=user).status == "completed"


def test_continuous_cp_needs_its_summary(setting):
    audit, user = setting
    complete_phases(audit, upto=6)
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=7, by=user)
    assert "next round" in refused.value.fields["deliverables"][0]
    phase_summary_save(audit=audit, phase=7, by=user, summary="设清洁生产办公室；下一轮审核计划……")
    phase_complete(audit=audit, phase=7, by=user)
    # then every phase is completed and there is no current phase
    assert Audit.objects.get(pk=audit.pk).current_phase is None


# --- order, reopening, read-only completed phases --------------------------------------------


def test_phases_complete_in_order(setting):
    audit, user = setting
    _planning(audit, user)
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=2, by=user)
    assert (refused.value.code, refused.value.status) == ("audit.phase_order", 409)
    phase_complete(audit=audit, phase=1, by=user)
    with pytest.raises(DomainError) as refused:
        phase_complete(audit=audit, phase=1, by=user)
    assert refused.value.code == "audit.phase_already_completed"


def test_a_completed_phase_is_read_only_until_reopened(setting):
    # given completed planning
    audit, user = setting
    _planning(audit, user)
    phase_complete(audit=audit, phase=1, by=user)
    # then its deliverables cannot change
    with pytest.raises(DomainError) as refused:
        team_member_add(audit=audit, by=user, name="赵工")
    assert (refused.value.code, refused.value.status) == ("audit.phase_completed", 409)
    # when reopened, they can again
    phase_reopen(audit=audit, phase=1, by=user, reason="补充小组成员")
    team_member_add(audit=audit, by=user, name="赵工")
    event = AuditEvent.objects.get(audit=audit, type=AuditEvent.Type.PHASE_REOPENED)
    assert (event.comment, event.data) == ("补充小组成员", {"phase": 1})


def test_reopening_opens_only_that_phase_and_moves_the_current_phase_back(setting):
    audit, user = setting
    complete_phases(audit, upto=3)
    phase_reopen(audit=audit, phase=2, by=user)
    assert [_status(audit, p) for p in (1, 2, 3)] == ["completed", "open", "completed"]
    assert Audit.objects.get(pk=audit.pk).current_phase == 2
    with pytest.raises(DomainError) as refused:
        phase_reopen(audit=audit, phase=2, by=user)
    assert refused.value.code == "audit.phase_not_completed"


# --- the workflow and the policy ------------------------------------------------------------


def test_phase_work_is_refused_once_the_report_is_submitted(setting):
    audit, user = setting
    audit_set_status(audit, Audit.Status.REPORT_SUBMITTED)
    with pytest.raises(TransitionNotAllowed) as refused:
        team_member_add(audit=audit, by=user, name="王厂长", team_role="leader")
    assert refused.value.status == 409
    with pytest.raises(TransitionNotAllowed):
        phase_complete(audit=audit, phase=1, by=user)


def test_phase_work_is_allowed_again_when_the_report_is_returned(setting):
    audit, user = setting
    audit_set_status(audit, Audit.Status.REPORT_RETURNED)
    assert team_member_add(audit=audit, by=user, name="王厂长", team_role="leader").pk


def test_phase_work_waits_for_the_start_filing(regions, industries, audit_rules):
    audit = make_audit()
    with pytest.raises(TransitionNotAllowed):
        team_member_add(audit=audit, by=enterprise_account(audit.enterprise), name="王厂长")


def test_officials_and_other_enterprises_cannot_record_phase_work(setting, make_account):
    audit, _user = setting
    stranger = enterprise_account(working_audit().enterprise)
    for person in (make_account("county_official", "370303"), stranger):
        with pytest.raises(PermissionDenied):
            team_member_add(audit=audit, by=person, name="王厂长")


# --- team, plan, targets --------------------------------------------------------------------


def test_team_members_change_and_go_with_events(setting):
    audit, user = setting
    member = team_member_add(audit=audit, by=user, name="李工")
    team_member_change(member=member, by=user, name="李工", team_role="deputy", duties="统筹")
    assert TeamMember.objects.get(pk=member.pk).team_role == "deputy"
    team_member_remove(member=member, by=user)
    actions = list(
        AuditEvent.objects.filter(audit=audit, data__what="team_member")
        .order_by("id")
        .values_list("data__action", flat=True)
    )
    assert actions == ["added", "changed", "removed"]


def test_a_plan_item_ends_after_it_starts(setting):
    audit, user = setting
    with pytest.raises(DomainError) as refused:
        plan_item_add(
            audit=audit,
            by=user,
            phase=2,
            task="现场考察",
            starts_on=date(2026, 4, 2),
            ends_on=date(2026, 4, 1),
        )
    assert "ends_on" in refused.value.fields
    item = plan_item_add(
        audit=audit,
        by=user,
        phase=2,
        task="现场考察",
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 4, 1),
    )
    plan_item_remove(item=item, by=user)
    assert not PlanItem.objects.filter(audit=audit).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"near_term_year": 2024}, "near_term_year"),
        ({"long_term": D("9"), "long_term_year": 2025}, "long_term_year"),
        ({"long_term": D("9")}, "long_term_year"),
        ({"unit": " "}, "unit"),
    ],
)
def test_target_years_run_base_near_long_and_units_are_required(setting, change, field):
    audit, user = setting
    with pytest.raises(DomainError) as refused:
        target_add(audit=audit, by=user, **{**TARGET, **change})
    assert field in refused.value.fields


def test_targets_change_and_record_their_achieved_value_in_implementation(setting):
    audit, user = setting
    target = target_add(audit=audit, by=user, **TARGET, long_term=D("9"), long_term_year=2028)
    target = target_change(target=target, by=user, **{**TARGET, "near_term": D("10.5")})
    assert (target.near_term, target.long_term) == (D("10.5"), None)
    complete_phases(audit, upto=5)
    target_achieved_save(target=target, by=user, achieved=D("10.2"))
    assert CPTarget.objects.get(pk=target.pk).is_met is True
    with pytest.raises(DomainError):
        target_remove(target=target, by=user)  # pre-assessment is completed


# --- pages ----------------------------------------------------------------------------------


def test_the_planning_page_adds_a_member_inline_with_htmx(setting):
    audit, user = setting
    client = client_for(user)
    page = client.get(f"/audits/{audit.pk}/phases/1/").content.decode()
    assert 'id="team-add"' in page
    assert 'id="phase-complete"' in page
    # when a member is added through htmx
    response = client.post(
        f"/audits/{audit.pk}/phases/1/team-add/",
        {"name": "王厂长", "team_role": "leader"},
        headers={"HX-Request": "true"},
    )
    # then the section comes back with the member and the status panel out of band
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="section-team"' in body
    assert "王厂长" in body
    assert 'hx-swap-oob="true"' in body


def test_inline_errors_come_back_in_the_section(setting):
    audit, user = setting
    web = client_for(user)
    web.cookies["django_language"] = "en"  # pages follow the language cookie
    response = web.post(
        f"/audits/{audit.pk}/phases/2/target-add/",
        {**TARGET, "near_term_year": 2020, "lower_is_better": "on"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-refusal="targets"' in body
    assert "near-term year cannot be before the base year" in body
    assert not CPTarget.objects.exists()


def test_a_plain_post_refused_by_the_deliverable_check_answers_400(setting):
    audit, user = setting
    response = client_for(user).post(f"/audits/{audit.pk}/phases/1/complete/")
    assert response.status_code == 400
    assert 'data-refusal="status"' in response.content.decode()


def test_completing_through_htmx_reloads_the_page(setting):
    audit, user = setting
    _planning(audit, user)
    response = client_for(user).post(
        f"/audits/{audit.pk}/phases/1/complete/", headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == f"/audits/{audit.pk}/phases/1/"
    assert _status(audit, 1) == "completed"


def test_the_focus_ranking_table_shows_scores_and_the_choice(setting):
    audit, user = setting
    complete_phases(audit, upto=1)
    candidate = focus_candidate_add(audit=audit, by=user, name="电镀车间")
    client = client_for(user)
    factors = list(audit.focus_factors.order_by("id"))
    ratings = {f"rating_{f.pk}": r for f, r in zip(factors, [8, 7, 6, 5, 4, 3], strict=True)}
    client.post(f"/audits/{audit.pk}/phases/2/candidate-rate/{candidate.pk}/", ratings)
    client.post(f"/audits/{audit.pk}/phases/2/candidate-choose/{candidate.pk}/")
    page = client.get(f"/audits/{audit.pk}/phases/2/").content.decode()
    assert 'data-score="276"' in page
    assert f'data-chosen="{candidate.pk}"' in page


def test_the_phase_summary_lists_every_phase_with_links(setting):
    audit, _user = setting
    complete_phases(audit, upto=1)
    html = render_to_string("audits/phases/_summary.html", {"audit": audit})
    for n in range(1, 8):
        assert f'href="/audits/{audit.pk}/phases/{n}/"' in html
    assert 'aria-current="step"' in html
