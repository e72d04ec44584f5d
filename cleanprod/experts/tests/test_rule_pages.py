"""The rating rules page: officials who keep or rate the pool see the rules that apply to them;
the provincial official sets a region's rule (refusals shown by field); another province's
region answers 404, a person without the permission 403."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import RatingRule
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db
URL = reverse("experts:rules")
GOOD = {
    "region": "370300",
    "window": 6,
    "min_ratings": 3,
    "warn_below": "4.0",
    "suspend_below": "3.5",
    "remove_below": "2.5",
    "reevaluation_months": 24,
}


@pytest.fixture
def rules(regions):
    RatingRule.objects.get_or_create(region=None)  # a flushing test may have removed it
    return {
        "370000": RatingRule.objects.create(region=regions["370000"], window=7, min_ratings=3),
        "370305": RatingRule.objects.create(region=regions["370305"]),
        "440000": RatingRule.objects.create(region=regions["440000"]),
    }


@pytest.mark.parametrize(
    ("role", "home", "shown", "applies", "hidden", "form"),
    [
        ("provincial_official", "370000", ["370000", "370305"], "370000", ["440000"], True),
        ("municipal_official", "370300", ["370000", "370305"], "370000", ["440000"], False),
        ("county_official", "370303", ["370000"], "370000", ["370305", "440000"], False),
        ("county_official", "370305", ["370000", "370305"], "370305", ["440000"], False),
    ],
)
def test_officials_see_the_national_default_and_the_rules_that_reach_them(
    signed_in, rules, role, home, shown, applies, hidden, form
):
    # when
    response = signed_in(role, home).get(URL)
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-rule="national"' in page
    for code in shown:
        assert f'data-rule="{code}"' in page
    for code in hidden:
        assert f'data-rule="{code}"' not in page
    row = next(r for r in response.context["rows"] if r.applies_in)
    assert row.rule == rules[applies]
    assert ('id="rule-form"' in page) is form


@pytest.mark.parametrize(
    ("role", "home"), [("enterprise_user", "370303"), ("energy_official", "370000")]
)
def test_the_page_is_403_to_people_who_do_not_manage_experts(signed_in, rules, role, home):
    assert signed_in(role, home).get(URL).status_code == 403


def test_the_provincial_official_sets_the_rule_of_a_city(signed_in, rules, regions):
    # given
    client = signed_in("provincial_official", "370000")
    # when
    response = client.post(URL, GOOD)
    # then
    assert response.status_code == 302
    rule = RatingRule.objects.get(region=regions["370300"])
    assert (rule.window, rule.warn_below, rule.suspend_below, rule.remove_below) == (
        6,
        Decimal("4.00"),
        Decimal("3.50"),
        Decimal("2.50"),
    )
    assert rule.reevaluation_months == 24
    assert TrailEvent.objects.filter(action=ExpertAction.RULE_CHANGED).count() == 1
    page = client.get(URL).content.decode()
    assert 'data-rule="370300"' in page
    assert "?region=370300" in page  # an edit link to change it again


def test_the_form_is_filled_with_the_rule_that_applies_in_a_region(signed_in, rules):
    client = signed_in("provincial_official", "370000")
    form = client.get(URL, {"region": "370303"}).context["form"]
    assert form.initial["region"] == "370303"
    assert form.initial["window"] == 7  # Shandong's, until Zhangdian has its own
    assert client.get(URL, {"region": "440300"}).status_code == 404


def test_a_rule_out_of_order_is_shown_by_field_and_not_saved(signed_in, rules, regions):
    # given
    client = signed_in("provincial_official", "370000")
    # when: suspending above the warning threshold
    response = client.post(URL, {**GOOD, "suspend_below": "4.5"})
    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert "suspend_below" in form.errors
    assert form.non_field_errors()
    assert not RatingRule.objects.filter(region=regions["370300"]).exists()
    # and a value the form refuses never reaches the service
    response = client.post(URL, {**GOOD, "window": "0"})
    assert response.status_code == 200
    assert "window" in response.context["form"].errors
    assert not RatingRule.objects.filter(region=regions["370300"]).exists()


@pytest.mark.parametrize("code", ["440300", "999999"])
def test_a_region_of_another_province_or_none_answers_404(signed_in, rules, code):
    client = signed_in("provincial_official", "370000")
    assert client.post(URL, {**GOOD, "region": code}).status_code == 404
    assert not RatingRule.objects.filter(region__code=code).exists()


@pytest.mark.parametrize(
    ("role", "home"), [("municipal_official", "370300"), ("county_official", "370303")]
)
def test_officials_who_only_read_get_403_when_they_post(signed_in, rules, regions, role, home):
    response = signed_in(role, home).post(URL, {**GOOD, "region": home})
    assert response.status_code == 403
    assert not RatingRule.objects.filter(region=regions[home]).exists()


def test_the_navigation_shows_the_rules_to_those_who_may_see_them(signed_in, rules):
    home = reverse("reporting:home")
    assert f'href="{URL}"' in signed_in("county_official", "370303").get(home).content.decode()
    assert f'href="{URL}"' not in signed_in("enterprise_user", "370303").get(home).content.decode()


def test_the_page_reads_four_queries_however_many_rules_there_are(
    signed_in, rules, regions, django_assert_num_queries
):
    # given: the session, the user, the rules, the person's regions (the scope is kept)
    client = signed_in("provincial_official", "370000")
    client.get(URL)
    for code in ("370300", "370303", "370100", "370102"):
        RatingRule.objects.create(region=regions[code])
    # then
    with django_assert_num_queries(4):
        page = client.get(URL)
    assert len(page.context["rows"]) == 7  # not Guangdong's
