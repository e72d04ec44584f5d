"""Regional configuration: a province (or a city) overrides the national clock for audits
opened afterwards; a city's rule beats its province's; national rows stay read-only."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cleanprod.audits.models import Anchor, AuditPolicy, DeadlineRule, Step, Track
from cleanprod.audits.services.config import lead_department_for
from cleanprod.audits.services.config_edit import (
    audit_policy_save,
    deadline_rule_remove,
    deadline_rule_save,
    lead_department_save,
)
from cleanprod.core.errors import DomainError
from cleanprod.testing.audits import make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

LISTED = date(2026, 1, 31)


@pytest.fixture
def setting(regions, industries, audit_rules, make_account):
    return {
        "gd": make_account("provincial_official", "440000"),
        "sd": make_account("provincial_official", "370000"),
        "zibo": make_account("municipal_official", "370300"),
    }


def _due(audit):
    return dict(audit.deadlines.values_list("step", "due_on"))


def test_a_province_adds_platform_registration_within_one_month(setting, regions):
    # given Guangdong requires registration on the platform within 1 month of listing
    before = make_audit(make_enterprise("440305"), listed_on=LISTED)
    deadline_rule_save(
        region=regions["440000"],
        step=Step.REGISTER,
        anchor=Anchor.LISTED,
        months=1,
        source="广东省: 名单公布后一个月内在平台注册",
        by=setting["gd"],
    )
    # when audits open afterwards
    after = make_audit(make_enterprise("440305"), listed_on=LISTED)
    shandong = make_audit(make_enterprise("370303"), listed_on=LISTED)
    # then Guangdong's have the step, Shandong's and the earlier one do not
    assert _due(after)[Step.REGISTER] == date(2026, 2, 28)
    assert after.deadlines.get(step=Step.REGISTER).basis.startswith("广东省")
    assert Step.REGISTER not in _due(before)
    assert Step.REGISTER not in _due(shandong)


def test_a_province_changes_the_report_rule_and_a_city_overrides_the_province(setting, regions):
    # given Shandong wants the report within 10 months, and Zibo within 9 months and 15 days
    deadline_rule_save(
        region=regions["370000"],
        step=Step.REPORT,
        anchor=Anchor.LISTED,
        months=10,
        by=setting["sd"],
    )
    jinan = make_audit(make_enterprise("370102"), listed_on=LISTED)
    deadline_rule_save(
        region=regions["370300"],
        step=Step.REPORT,
        anchor=Anchor.LISTED,
        months=9,
        days=15,
        by=setting["sd"],
    )
    zibo = make_audit(make_enterprise("370303"), listed_on=LISTED)
    shenzhen = make_audit(make_enterprise("440305"), listed_on=LISTED)
    # then
    assert _due(jinan)[Step.REPORT] == date(2026, 11, 30)
    assert _due(zibo)[Step.REPORT] == date(2026, 11, 15)  # 31 Oct + 15 days
    assert _due(shenzhen)[Step.REPORT] == date(2027, 1, 31)


def test_a_province_switches_a_step_off_and_can_reset_it(setting, regions):
    rule = deadline_rule_save(
        region=regions["370000"],
        step=Step.DISCLOSE,
        anchor=Anchor.LISTED,
        enabled=False,
        by=setting["sd"],
    )
    assert Step.DISCLOSE not in _due(make_audit(make_enterprise("370303"), listed_on=LISTED))
    deadline_rule_remove(rule=rule, by=setting["sd"])
    assert Step.DISCLOSE in _due(make_audit(make_enterprise("370303"), listed_on=LISTED))


def test_a_track_specific_rule_applies_to_that_track_only(setting, regions):
    deadline_rule_save(
        region=regions["370000"],
        track=Track.VOLUNTARY,
        step=Step.REPORT,
        anchor=Anchor.LISTED,
        months=6,
        by=setting["sd"],
    )
    voluntary = make_audit(make_enterprise("370303"), listed_on=LISTED, track=Track.VOLUNTARY)
    mandatory = make_audit(make_enterprise("370303"), listed_on=LISTED)
    assert _due(voluntary)[Step.REPORT] == date(2026, 7, 31)
    assert _due(mandatory)[Step.REPORT] == date(2027, 1, 31)


def test_evaluation_and_acceptance_rules_slot_into_the_same_clock(setting, regions):
    # given acceptance must be applied for within 1 year of passing evaluation (Wuhan-style)
    deadline_rule_save(
        region=regions["370000"],
        step=Step.ACCEPTANCE_APPLY,
        anchor=Anchor.EVALUATION_PASSED,
        months=12,
        by=setting["sd"],
    )
    audit = make_audit(make_enterprise("370303"), listed_on=LISTED)
    assert Step.ACCEPTANCE_APPLY not in _due(audit)  # not counted from the listing
    from cleanprod.audits.services.opening import deadlines_schedule

    deadlines_schedule(audit=audit, anchor=Anchor.EVALUATION_PASSED, anchor_date=date(2027, 3, 1))
    assert _due(audit)[Step.ACCEPTANCE_APPLY] == date(2028, 3, 1)


def test_national_rows_and_other_provinces_are_read_only(setting, regions):
    national = DeadlineRule.objects.get(region=regions["000000"], step=Step.START)
    with pytest.raises(PermissionDenied):
        deadline_rule_remove(rule=national, by=setting["sd"])
    with pytest.raises(PermissionDenied):
        deadline_rule_save(
            region=regions["000000"],
            step=Step.START,
            anchor=Anchor.LISTED,
            months=3,
            by=setting["sd"],
        )
    with pytest.raises(PermissionDenied):
        deadline_rule_save(
            region=regions["440000"],
            step=Step.START,
            anchor=Anchor.LISTED,
            months=3,
            by=setting["sd"],
        )
    with pytest.raises(PermissionDenied):  # a city official holds no configuration permission
        deadline_rule_save(
            region=regions["370300"],
            step=Step.START,
            anchor=Anchor.LISTED,
            months=3,
            by=setting["zibo"],
        )


def test_rules_are_set_for_a_province_or_a_city_only(setting, regions):
    with pytest.raises(DomainError) as refused:
        deadline_rule_save(
            region=regions["370303"],
            step=Step.START,
            anchor=Anchor.LISTED,
            months=3,
            by=setting["sd"],
        )
    assert refused.value.code == "config.region_level"
    with pytest.raises(DomainError) as refused:
        deadline_rule_save(
            region=regions["370000"], step=Step.START, anchor=Anchor.LISTED, by=setting["sd"]
        )
    assert refused.value.code == "config.rule_without_length"


def test_the_policy_starts_from_what_the_province_inherits(setting, regions):
    policy = audit_policy_save(
        region=regions["370000"], by=setting["sd"], values={"escalate_city_days": 10}
    )
    assert (policy.escalate_city_days, policy.escalate_province_days) == (10, 30)
    audit = make_audit(make_enterprise("370303"), listed_on=LISTED)
    start = audit.deadlines.get(step=Step.START)
    assert start.city_alert_on == date(2026, 4, 10)
    with pytest.raises(DomainError) as refused:
        audit_policy_save(
            region=regions["370000"], by=setting["sd"], values={"escalate_province_days": 5}
        )
    assert refused.value.code == "config.escalation_order"
    assert AuditPolicy.objects.get(region=regions["370000"]).escalate_province_days == 30


def test_lead_departments_need_their_own_permission(setting, regions, make_account):
    # given a municipal official (no change_leaddepartmentrule) and the provincial official
    city = make_account("municipal_official", "370300")
    with pytest.raises(PermissionDenied):
        lead_department_save(
            region=regions["370300"], trigger="energy", department="eco_env", by=city
        )
    lead_department_save(
        region=regions["370000"], trigger="energy", department="eco_env", by=setting["sd"]
    )
    assert lead_department_for(regions["370303"], "energy") == "eco_env"
    assert lead_department_for(regions["440305"], "energy") == "drc"


# --- the page --------------------------------------------------------------------------------


def test_the_page_shows_where_each_rule_comes_from(setting, regions, client):
    deadline_rule_save(
        region=regions["370000"],
        step=Step.REPORT,
        anchor=Anchor.LISTED,
        months=10,
        by=setting["sd"],
    )
    client.force_login(setting["sd"])
    page = client.get("/audits/config/", {"region": "370300"}).content.decode()
    assert 'data-step="report" data-track="mandatory" data-origin="inherited"' in page
    assert 'data-step="start" data-track="mandatory" data-origin="national"' in page
    own = client.get("/audits/config/", {"region": "370000"}).content.decode()
    assert 'data-step="report" data-track="mandatory" data-origin="own"' in own
    assert 'id="policy-form"' in own


def test_saving_a_rule_through_the_page(setting, regions, client):
    client.force_login(setting["sd"])
    response = client.post(
        "/audits/config/370300/rules/",
        {
            "step": "start",
            "track": "",
            "anchor": "listed",
            "months": 1,
            "days": 15,
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    rule = DeadlineRule.objects.get(region=regions["370300"], step=Step.START)
    assert (rule.months, rule.days, rule.enabled) == (1, 15, True)
    # switching it off through the same form (enabled unticked)
    client.post(
        "/audits/config/370300/rules/",
        {"step": "start", "track": "", "anchor": "listed", "months": 1, "days": 15},
    )
    assert not DeadlineRule.objects.get(pk=rule.pk).enabled


@pytest.mark.parametrize(
    ("role", "where", "target", "expected"),
    [
        ("provincial_official", "370000", "370000", 302),
        ("provincial_official", "370000", "440000", 404),
        ("provincial_official", "370000", "000000", 404),
        ("municipal_official", "370300", "370300", 403),
        ("county_official", "370303", "370300", 403),
    ],
)
def test_who_may_change_rules(regions, audit_rules, signed_in, role, where, target, expected):
    client = signed_in(role, where)
    response = client.post(
        f"/audits/config/{target}/rules/",
        {"step": "start", "anchor": "listed", "months": 3, "enabled": "on"},
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "where", "expected"),
    [
        ("provincial_official", "370000", 200),
        ("municipal_official", "370300", 200),
        ("enterprise_user", "370303", 403),
    ],
)
def test_who_may_read_the_configuration(regions, audit_rules, signed_in, role, where, expected):
    assert signed_in(role, where).get("/audits/config/").status_code == expected


def test_a_rule_in_working_days_skips_weekends_and_holidays(regions, audit_rules):
    """2025-09-30 + 5 working days: National Day and Mid-Autumn (1–8 October) are off and
    Saturday 11 October is a make-up working day: 9, 10, 11, 13, 14 October."""
    from datetime import date

    from cleanprod.audits import clock

    assert clock.due_date(date(2025, 9, 30), days=5, working_days=True) == date(2025, 10, 14)
    assert clock.due_date(date(2025, 9, 30), days=5) == date(2025, 10, 5)
