"""The rating rule: an average below a threshold removes, suspends or warns, once there are
enough ratings; the nearest region's rule wins; and the yearly re-evaluation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from cleanprod.accounts.models import Notice
from cleanprod.core.errors import DomainError
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Expert, RatingRule
from cleanprod.experts.services import (
    expert_rate,
    expert_status_set,
    rating_rule_for,
    reevaluation_run,
)
from cleanprod.experts.services.common import add_months
from cleanprod.experts.tests.factories import bind_expert_account, make_expert
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db
_seat = iter(range(1, 10_000))


@pytest.fixture(autouse=True)
def _english():
    """The reasons are written in the active language; these tests read the English text."""
    from django.utils import translation

    with translation.override("en"):
        yield


def rate(expert, by, scores):
    p, q, i = scores
    return expert_rate(
        expert=expert,
        source=f"seat:{next(_seat)}",
        label="评估会",
        punctuality=p,
        quality=q,
        independence=i,
        by=by,
    )


def test_an_expert_below_the_suspension_threshold_is_suspended_with_the_reason(
    province_official,
):
    # given: the national default (window 5, min 3, warn 3.5, suspend 3.0, remove 2.0)
    expert = make_expert(province_official)
    account = bind_expert_account(expert)
    rate(expert, province_official, (3, 3, 2))
    rate(expert, province_official, (2, 3, 3))
    assert Expert.objects.get(pk=expert.pk).status == "active"  # two ratings: too few
    # when: the third brings the average to 24/9 = 2.67
    rate(expert, province_official, (3, 2, 3))
    # then
    expert.refresh_from_db()
    assert expert.status == Expert.Status.SUSPENDED
    reason = (
        "Average rating 2.67 over the last 3 reviews is below the suspension threshold 3.00 "
        "(rule of national default)."
    )
    assert expert.status_reason == reason
    change = expert.status_changes.order_by("-id").first()
    assert (change.to_status, change.rule, change.reason, change.by) == (
        "suspended",
        "rating.suspend",
        reason,
        None,
    )
    event = TrailEvent.objects.filter(action=ExpertAction.STATUS_CHANGED).order_by("-id").first()
    assert event.details == {
        "from": "active",
        "to": "suspended",
        "reason": reason,
        "rule": "rating.suspend",
    }
    assert Notice.objects.filter(recipient=account, body=reason).exists()


def test_the_province_rule_is_named_in_the_reason(province_official, regions):
    RatingRule.objects.create(region=regions["370000"])
    expert = make_expert(province_official)
    for scores in ((3, 3, 2), (2, 3, 3), (3, 2, 3)):
        rate(expert, province_official, scores)
    expert.refresh_from_db()
    assert expert.status_reason.endswith("suspension threshold 3.00 (rule of 山东省).")


def test_a_warning_only_notifies_and_leaves_the_status(province_official):
    # given
    expert = make_expert(province_official)
    account = bind_expert_account(expert)
    # when: average 3.33, between suspend (3.0) and warn (3.5)
    for scores in ((3, 3, 4), (3, 4, 3), (4, 3, 3)):
        rate(expert, province_official, scores)
    # then
    expert.refresh_from_db()
    assert expert.status == "active"
    notice = Notice.objects.get(recipient=account)
    assert "warning threshold 3.50" in notice.body
    assert TrailEvent.objects.filter(action=ExpertAction.RATING_WARNING).count() == 1
    assert expert.status_changes.count() == 2  # applied, active


def test_min_ratings_and_window_are_respected(province_official, regions):
    # given: a province rule acting after 4 ratings, over the last 4
    RatingRule.objects.create(region=regions["370000"], window=4, min_ratings=4)
    expert = make_expert(province_official)
    for scores in ((1, 1, 1), (1, 1, 1), (1, 1, 1)):
        rate(expert, province_official, scores)
    assert Expert.objects.get(pk=expert.pk).status == "active"
    # when: a fourth bad one
    rate(expert, province_official, (1, 1, 1))
    # then: average 1.00 < 2.00 → removed
    expert.refresh_from_db()
    assert expert.status == "removed"
    assert expert.status_changes.order_by("-id").first().rule == "rating.remove"


def test_old_bad_ratings_fall_out_of_the_window(province_official, regions):
    RatingRule.objects.create(region=regions["370000"], window=3, min_ratings=3)
    expert = make_expert(province_official)
    rate(expert, province_official, (1, 1, 1))
    rate(expert, province_official, (2, 2, 2))  # only two: nothing yet
    for scores in ((5, 5, 5), (5, 5, 5), (5, 5, 5)):
        rate(expert, province_official, scores)
    expert.refresh_from_db()
    # after the third rating the average was (1+2+5)/3 = 2.67: suspended; later ratings do not
    # reinstate by themselves
    assert expert.status == "suspended"
    assert expert.status_changes.filter(rule="rating.suspend").count() == 1


def test_the_nearest_region_rule_wins(province_official, regions):
    # given
    national = RatingRule.objects.get(region__isnull=True)
    province = RatingRule.objects.create(region=regions["370000"], suspend_below=Decimal("2.5"))
    city = RatingRule.objects.create(
        region=regions["370300"], warn_below=Decimal("4.5"), suspend_below=Decimal("3.8")
    )
    # then
    assert rating_rule_for(regions["370303"]) == city
    assert rating_rule_for(regions["370300"]) == city
    assert rating_rule_for(regions["370102"]) == province
    assert rating_rule_for(regions["440305"]) == national
    assert rating_rule_for(None) == national
    # and the expert of Zhangdian is judged by Zibo's stricter rule: 3.67 < 3.8
    expert = make_expert(province_official, region="370303")
    for scores in ((4, 4, 3), (4, 3, 4), (3, 4, 4)):
        rate(expert, province_official, scores)
    expert.refresh_from_db()
    assert expert.status == "suspended"
    assert "rule of 淄博市" in expert.status_reason


@pytest.mark.parametrize("scores", [(0, 3, 3), (3, 6, 3), (3, 3, "x"), (3, 3, None), (3.5, 3, 3)])
def test_scores_are_whole_numbers_from_1_to_5(province_official, scores):
    expert = make_expert(province_official)
    with pytest.raises(DomainError) as refused:
        rate(expert, province_official, scores)
    assert refused.value.code == "rating.scores"
    assert not expert.ratings.exists()


def test_a_review_is_rated_once(province_official):
    expert = make_expert(province_official)
    expert_rate(
        expert=expert,
        source="seat:77",
        label="评估",
        punctuality=5,
        quality=5,
        independence=5,
        by=province_official,
    )
    with pytest.raises(DomainError) as refused:
        expert_rate(
            expert=expert,
            source="seat:77",
            label="评估",
            punctuality=1,
            quality=1,
            independence=1,
            by=province_official,
        )
    assert (refused.value.code, refused.value.status) == ("rating.exists", 409)


def test_rating_needs_the_permission_and_a_member(province_official, make_account):
    expert = make_expert(province_official)
    energy = make_account("energy_official", "370000")
    with pytest.raises(PermissionDenied):
        rate(expert, energy, (5, 5, 5))
    applicant = make_expert(province_official, admit=False, name="新申请")
    with pytest.raises(DomainError) as refused:
        rate(applicant, province_official, (5, 5, 5))
    assert refused.value.code == "rating.not_a_member"


# --- re-evaluation ------------------------------------------------------------------------


def test_reevaluation_renews_good_experts_and_flags_poor_ones(province_official, regions):
    # given: two members due today; one rated around 3.33 (below warning)
    good = make_expert(province_official, name="好专家")
    poor = make_expert(province_official, name="差专家")
    for scores in ((3, 3, 4), (3, 4, 3), (4, 3, 3)):
        rate(poor, province_official, scores)
    due = good.next_reevaluation_on
    later = make_expert(province_official, name="未到期")
    later.next_reevaluation_on = due + datetime.timedelta(days=30)
    later.save(update_fields=["next_reevaluation_on"])
    # when
    summary = reevaluation_run(today=due)
    # then
    assert summary.renewed == [good.pool_no]
    assert summary.flagged == [poor.pool_no]
    good.refresh_from_db()
    assert good.next_reevaluation_on == add_months(due, 12)
    poor.refresh_from_db()
    assert poor.next_reevaluation_on == due
    assert Notice.objects.filter(
        recipient=province_official, key=f"expert:{poor.pk}:reevaluation:{due}"
    ).exists()
    assert TrailEvent.objects.filter(action=ExpertAction.FLAGGED).count() == 1
    # running again the same day renews nothing more and tells nobody twice
    again = reevaluation_run(today=due)
    assert again.renewed == []
    assert again.flagged == [poor.pool_no]
    assert TrailEvent.objects.filter(action=ExpertAction.FLAGGED).count() == 1
    assert Notice.objects.filter(recipient=province_official).count() == 1
    # before the date nothing is due
    assert reevaluation_run(today=due - datetime.timedelta(days=1)).renewed == []


def test_the_reevaluate_command_runs_for_a_date(province_official, capsys):
    expert = make_expert(province_official)
    call_command("reevaluate_experts", "--date", expert.next_reevaluation_on.isoformat())
    assert "renewed 1, flagged 0" in capsys.readouterr().out


def test_a_county_organiser_rates_a_provincial_pool_member_but_cannot_suspend(
    province_official, make_account
):
    # given: an expert of Jinan on a panel organised by Zhangdian
    expert = make_expert(province_official, region="370102")
    county = make_account("county_official", "370303")
    outsider = make_account("county_official", "440305")
    # when / then
    assert rate(expert, county, (5, 4, 5)).rated_by == county
    with pytest.raises(PermissionDenied):
        rate(expert, outsider, (5, 5, 5))
    with pytest.raises(PermissionDenied):
        expert_status_set(expert=expert, to="suspended", reason="x", by=county)
