"""Screening proposes each enterprise with its legal reasons, from the registry facts."""

from datetime import date

import pytest
from django.utils import translation

from cleanprod.accounts.scope import scope_for
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    AuditPolicy,
    AuditRound,
    Department,
    ListEntry,
    Track,
    Trigger,
)
from cleanprod.audits.services.lists import list_create, list_entry_drop, list_screen
from cleanprod.audits.services.screening import lead_department, screening_candidates
from cleanprod.audits.tests.list_helpers import draft_with, energy, exceed, toxic
from cleanprod.regions.models import Region
from cleanprod.testing.audits import make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

PLAIN = "3360"  # electroplating: a key industry without an audit cycle
LEAD_ACID = "3843"  # lead-acid batteries: heavy-metal catalogue, every 2 years
TODAY = date(2026, 1, 10)


@pytest.fixture
def zibo(regions, industries, audit_rules, make_account):
    return regions["370300"], make_account("municipal_official", "370300")


def _screen(zibo, year=2026, **kw):
    region, official = zibo
    with translation.override("en"):
        found = screening_candidates(
            region=region, year=year, scope=scope_for(official), today=TODAY, **kw
        )
    return {c.enterprise.pk: c for c in found}


def test_an_exceedance_proposes_double_excess_naming_pollutant_date_and_reference(zibo):
    # given
    plant = make_enterprise("370303", industry=PLAIN)
    exceed(plant, date(2025, 6, 3))
    # when
    found = _screen(zibo)
    # then
    candidate = found[plant.pk]
    assert candidate.triggers == [Trigger.EXCEED_STD_OR_CAP]
    assert candidate.lead_department == Department.ECO_ENV
    assert "化学需氧量" in candidate.reason_text
    assert "2025-06-03" in candidate.reason_text
    assert "淄环监测〔2025〕18号" in candidate.reason_text
    assert "132.5" in candidate.reason_text
    assert "100" in candidate.reason_text


def test_energy_over_the_quota_is_led_by_the_energy_department_and_names_the_standard(zibo):
    plant = make_enterprise("370305", industry=PLAIN)
    energy(plant, 2025)
    candidate = _screen(zibo)[plant.pk]
    assert candidate.triggers == [Trigger.ENERGY_QUOTA]
    assert candidate.lead_department == Department.DRC
    assert "117.3" in candidate.reason_text
    assert "112" in candidate.reason_text
    assert "GB 16780-2021" in candidate.reason_text
    assert "水泥熟料" in candidate.reason_text


def test_energy_within_the_quota_proposes_nothing(zibo):
    plant = make_enterprise("370305", industry=PLAIN)
    energy(plant, 2025, unit_consumption="110")
    assert plant.pk not in _screen(zibo)


def test_a_toxic_enterprise_never_audited_is_due(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    toxic(plant, 2025)
    candidate = _screen(zibo)[plant.pk]
    assert candidate.triggers == [Trigger.TOXIC]
    assert "六价铬" in candidate.reason_text
    assert "heavy metal" in candidate.reason_text
    assert "No completed audit round" in candidate.reason_text


def test_several_triggers_go_to_ecology_environment(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    toxic(plant, 2026)
    energy(plant, 2025)
    exceed(plant, date(2026, 1, 5), kind="cap", pollutant="氮氧化物")
    candidate = _screen(zibo)[plant.pk]
    assert candidate.triggers == [
        Trigger.EXCEED_STD_OR_CAP,
        Trigger.ENERGY_QUOTA,
        Trigger.TOXIC,
    ]
    assert candidate.lead_department == Department.ECO_ENV
    assert "氮氧化物" in candidate.reason_text
    assert "total-emission cap" in candidate.reason_text


def test_a_toxic_enterprise_whose_interval_is_not_due_is_not_proposed_for_that_alone(zibo):
    # given: toxic, last round completed 2023-06-30, interval 5 years → due 2028-06-30
    alone = make_enterprise("370303", industry=PLAIN)
    also_over = make_enterprise("370303", industry=PLAIN)
    for plant in (alone, also_over):
        toxic(plant, 2025)
        AuditRound.objects.create(
            enterprise=plant,
            track=Track.MANDATORY,
            source="historical",
            completed_on=date(2023, 6, 30),
        )
    exceed(also_over, date(2025, 9, 1))
    # when
    found = _screen(zibo)
    # then
    assert alone.pk not in found
    candidate = found[also_over.pk]
    assert candidate.triggers == [Trigger.EXCEED_STD_OR_CAP]
    assert candidate.next_due == date(2028, 6, 30)
    assert "not due until 2028-06-30" in candidate.reason_text


def test_a_toxic_enterprise_is_due_five_years_after_its_last_round(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    toxic(plant, 2025)
    AuditRound.objects.create(
        enterprise=plant, track=Track.MANDATORY, source="historical", completed_on=date(2021, 5, 20)
    )
    candidate = _screen(zibo)[plant.pk]
    assert candidate.triggers == [Trigger.TOXIC]
    assert "2021-05-20" in candidate.reason_text
    assert "2026-05-20" in candidate.reason_text


def test_a_catalogue_cycle_makes_an_audited_member_due_again(zibo):
    # given: lead-acid batteries (heavy-metal catalogue, 2 years), last round 2023-03-01
    member = make_enterprise("370305", industry=LEAD_ACID)
    AuditRound.objects.create(
        enterprise=member, track=Track.MANDATORY, source="historical", completed_on=date(2023, 3, 1)
    )
    never = make_enterprise("370305", industry=LEAD_ACID)
    recent = make_enterprise("370305", industry=LEAD_ACID)
    AuditRound.objects.create(
        enterprise=recent, track=Track.MANDATORY, source="historical", completed_on=date(2025, 2, 1)
    )
    # when
    found = _screen(zibo)
    # then
    candidate = found[member.pk]
    assert candidate.triggers == [Trigger.INTERVAL]
    assert "2 years" in candidate.reason_text
    assert "2025-03-01" in candidate.reason_text
    assert never.pk not in found  # catalogue membership alone is no legal trigger
    assert recent.pk not in found  # due 2027-02-01


def test_an_overdue_audit_rolls_over(zibo):
    # given: listed 2025-01-31, start due 2025-03-31 and never filed
    plant = make_enterprise("370303", industry=PLAIN)
    make_audit(plant, listed_on=date(2025, 1, 31))
    # when
    candidate = _screen(zibo)[plant.pk]
    # then
    assert candidate.triggers == [Trigger.ROLLOVER]
    assert "2025-03-31" in candidate.reason_text


def test_no_rollover_when_the_policy_switches_it_off(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    make_audit(plant, listed_on=date(2025, 1, 31))
    AuditPolicy.objects.filter(region__code="000000").update(rollover=False)
    assert plant.pk not in _screen(zibo)


def test_a_refused_audit_rolls_over(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    audit = make_audit(plant, listed_on=date(2025, 1, 31))
    Audit.objects.filter(pk=audit.pk).update(
        status=Audit.Status.WITHDRAWN, withdrawn_reason="企业拒绝开展清洁生产审核"
    )
    candidate = _screen(zibo)[plant.pk]
    assert candidate.triggers == [Trigger.ROLLOVER]
    assert "拒绝" in candidate.reason_text


def test_an_enterprise_with_an_open_audit_on_time_is_skipped(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    exceed(plant, date(2025, 12, 1))
    make_audit(plant, listed_on=date(2025, 12, 15))  # start due 2026-02-15: not late yet
    assert plant.pk not in _screen(zibo)


def test_facts_before_the_lookback_window_do_not_count(zibo):
    plant = make_enterprise("370303", industry=PLAIN)
    exceed(plant, date(2024, 12, 31))  # list 2026, looking back 1 year: from 2025-01-01
    assert plant.pk not in _screen(zibo)


def test_only_operating_enterprises_of_the_region_in_scope_are_proposed(zibo, regions):
    closed = make_enterprise("370303", industry=PLAIN, status="closed")
    jinan = make_enterprise("370102", industry=PLAIN)
    for plant in (closed, jinan):
        exceed(plant, date(2025, 6, 1))
    assert not {closed.pk, jinan.pk} & set(_screen(zibo))


def test_an_enterprise_on_another_list_of_the_same_year_is_skipped(zibo):
    _region, official = zibo
    plant = make_enterprise("370303", industry=PLAIN)
    exceed(plant, date(2026, 3, 1))
    draft_with([plant], by=official, batch=1)
    assert plant.pk not in _screen(zibo)
    assert plant.pk in _screen(zibo, year=2027)


def test_the_lead_department_rule():
    region = Region(code="370303", path="000000/370000/370300/370303/")
    assert lead_department(region, [Trigger.EXCEED_STD_OR_CAP, Trigger.TOXIC]) == "eco_env"
    assert lead_department(region, [Trigger.EXCEED_STD_OR_CAP, Trigger.ENERGY_QUOTA]) == "eco_env"


def test_the_energy_only_case_with_an_interval_stays_with_the_energy_department(zibo):
    region, _official = zibo
    assert lead_department(region, [Trigger.ENERGY_QUOTA, Trigger.INTERVAL]) == Department.DRC
    assert lead_department(region, [Trigger.ENERGY_QUOTA]) == Department.DRC
    assert lead_department(region, [Trigger.ROLLOVER]) == Department.ECO_ENV


def test_list_screen_adds_new_candidates_once_and_keeps_dropped_ones_dropped(zibo):
    # given
    region, official = zibo
    first = make_enterprise("370303", industry=PLAIN)
    second = make_enterprise("370305", industry=PLAIN)
    exceed(first, date(2025, 6, 1))
    toxic(second, 2025)
    draft = list_create(region=region, year=2026, title="2026年度名单", by=official)
    # when
    result = list_screen(mandatory_list=draft, by=official, today=TODAY)
    dropped = draft.entries.get(enterprise=second)
    list_entry_drop(entry=dropped, reason="已关停搬迁", by=official)
    again = list_screen(mandatory_list=draft, by=official, today=TODAY)
    # then
    assert (result.candidates, result.added) == (2, 2)
    assert (again.candidates, again.added) == (2, 0)
    assert draft.entries.get(enterprise=first).origin == ListEntry.Origin.SCREENING
    assert not draft.entries.get(enterprise=second).included
    event = AuditEvent.objects.filter(
        mandatory_list=draft, type=AuditEvent.Type.LIST_SCREENED
    ).order_by("id")
    assert [e.data["added"] for e in event] == [2, 0]
