"""Setting a region's rating rule: created on first use from the rule that applied there,
thresholds in order and counts sensible (each refusal naming its field), history and trail
with the settings before and after, only in the official's own province."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from cleanprod.accounts.scope import scope_for
from cleanprod.core.errors import DomainError
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import RatingRule
from cleanprod.experts.selectors import rating_rules_seen
from cleanprod.experts.services import rating_rule_for, rating_rule_save
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _national(db):
    RatingRule.objects.get_or_create(region=None)  # a flushing test may have removed it


def test_a_first_rule_is_created_from_the_rule_that_applied_and_the_trail_keeps_both(
    province_official, regions
):
    # given: Shandong has its own rule; Zibo has none yet
    RatingRule.objects.create(region=regions["370000"], window=8, min_ratings=4)
    # when
    rule = rating_rule_save(
        region=regions["370300"], by=province_official, warn_below=Decimal("4.0")
    )
    # then: the settings not given are those that applied in Zibo until now (Shandong's)
    assert rule.region == regions["370300"]
    assert (rule.window, rule.min_ratings, rule.warn_below) == (8, 4, Decimal("4.0"))
    assert rating_rule_for(regions["370303"]) == rule
    event = TrailEvent.objects.get(action=ExpertAction.RULE_CHANGED)
    assert event.actor == province_official
    assert event.region_path == regions["370300"].path
    assert event.object_id == str(rule.pk)
    assert event.details["created"] is True
    assert event.details["before"]["window"] == 8
    assert event.details["before"]["warn_below"] == "3.50"
    assert event.details["after"]["warn_below"] == "4.00"
    assert rule.history.get().history_user == province_official


def test_a_change_locks_the_same_row_and_history_keeps_each_version(province_official, regions):
    # given
    first = rating_rule_save(region=regions["370300"], by=province_official, window=6)
    # when
    second = rating_rule_save(
        region=regions["370300"], by=province_official, suspend_below="2.5", remove_below=1
    )
    # then
    assert second.pk == first.pk
    assert RatingRule.objects.filter(region=regions["370300"]).count() == 1
    second.refresh_from_db()
    assert (second.window, second.suspend_below, second.remove_below) == (
        6,
        Decimal("2.50"),
        Decimal("1.00"),
    )
    assert second.history.count() == 2
    last = TrailEvent.objects.filter(action=ExpertAction.RULE_CHANGED).order_by("-id").first()
    assert last.details["created"] is False
    assert last.details["before"]["suspend_below"] == "3.00"
    assert last.details["after"]["suspend_below"] == "2.50"
    assert last.details["before"]["window"] == last.details["after"]["window"] == 6


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"warn_below": "5.5", "suspend_below": "3", "remove_below": "2"}, "warn_below"),
        ({"warn_below": "3", "suspend_below": "3.5"}, "suspend_below"),
        ({"suspend_below": "2", "remove_below": "2.5"}, "remove_below"),
        ({"remove_below": "-1"}, "remove_below"),
        ({"min_ratings": 0}, "min_ratings"),
        ({"window": 2, "min_ratings": 3}, "window"),
        ({"reevaluation_months": 0}, "reevaluation_months"),
        ({"window": "five"}, "window"),
        ({"window": 2.5}, "window"),
        ({"min_ratings": True}, "min_ratings"),
        ({"warn_below": "high"}, "warn_below"),
        ({"warn_below": "3.555"}, "warn_below"),
        ({"strictness": 3}, "strictness"),
    ],
)
def test_a_rule_out_of_order_is_refused_naming_the_field_and_nothing_is_written(
    province_official, regions, values, field
):
    # when
    with pytest.raises(DomainError) as refused:
        rating_rule_save(region=regions["370300"], by=province_official, **values)
    # then
    assert refused.value.code == "rating_rule.invalid"
    assert list(refused.value.fields) == [field]
    assert not RatingRule.objects.filter(region=regions["370300"]).exists()
    assert not TrailEvent.objects.filter(action=ExpertAction.RULE_CHANGED).exists()


def test_equal_thresholds_are_allowed_and_the_top_score_is_the_limit(province_official, regions):
    rule = rating_rule_save(
        region=regions["370300"],
        by=province_official,
        warn_below=5,
        suspend_below=5,
        remove_below=5,
        window=3,
        min_ratings=3,
    )
    assert (rule.warn_below, rule.suspend_below, rule.remove_below) == (5, 5, 5)


def test_refusals_are_translated(province_official, regions):
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        rating_rule_save(region=regions["370300"], by=province_official, window=1, min_ratings=2)
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "The ratings considered cannot be fewer than the minimum ratings before acting."
        )
    assert refused.value.fields == {"window": [expected]}


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("municipal_official", "370300"),  # keeps the pool but sets no rule
        ("county_official", "370303"),
        ("provincial_official", "440000"),  # another province
    ],
)
def test_only_the_provincial_authority_sets_a_rule_in_its_province(
    make_account, regions, role, home
):
    # given
    person = make_account(role, home)
    # when / then
    with pytest.raises(PermissionDenied):
        rating_rule_save(region=regions["370300"], by=person, window=6)
    assert not RatingRule.objects.filter(region=regions["370300"]).exists()


def test_the_system_sets_a_rule_without_a_person(regions):
    rule = rating_rule_save(region=regions["440000"], by=None, reevaluation_months=24)
    assert rule.reevaluation_months == 24
    assert TrailEvent.objects.get(action=ExpertAction.RULE_CHANGED).actor is None


def test_a_person_sees_the_rules_of_their_regions_and_above_and_where_each_applies(
    make_account, regions
):
    # given
    national = RatingRule.objects.get(region__isnull=True)
    nanshan = scope_for(make_account("county_official", "440305"))
    before = rating_rules_seen(scope=nanshan)
    province = RatingRule.objects.create(region=regions["370000"])
    city = RatingRule.objects.create(region=regions["370300"])
    county = RatingRule.objects.create(region=regions["370305"])
    jinan = RatingRule.objects.create(region=regions["370100"])
    guangdong = RatingRule.objects.create(region=regions["440000"])
    zhangdian = scope_for(make_account("county_official", "370303"))
    shandong = scope_for(make_account("provincial_official", "370000"))
    # when
    rows = rating_rules_seen(scope=zhangdian)
    # then: the national default, then down the tree; only Zibo's applies in Zhangdian
    assert [r.rule for r in rows] == [national, province, city]
    assert [r.applies_in for r in rows] == [[], [], [regions["370303"]]]
    assert {r.rule for r in rating_rules_seen(scope=shandong)} == {
        national,
        province,
        city,
        county,
        jinan,
    }
    # and where no region has a rule, the national default applies
    assert [(r.rule, r.applies_in) for r in before] == [(national, [regions["440305"]])]
    assert [(r.rule, r.applies_in) for r in rating_rules_seen(scope=nanshan)] == [
        (national, []),
        (guangdong, [regions["440305"]]),
    ]


def test_who_sees_no_rule_sees_nothing(make_account):
    enterprise = scope_for(make_account("enterprise_user", "370303"))
    assert rating_rules_seen(scope=enterprise) == []  # the national row is not theirs either
