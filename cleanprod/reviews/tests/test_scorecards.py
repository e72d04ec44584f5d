"""The agency scorecard equals the outcomes in the database (issue 5, "done when"): every
figure is asserted against known data, and the grade follows the region's rules."""

import datetime as dt
from decimal import Decimal

import pytest

from cleanprod.agencies.models import AgencyRule
from cleanprod.audits.models import Audit
from cleanprod.regions.models import Region
from cleanprod.reviews.models import Outcome, Review, ScorecardRule
from cleanprod.reviews.selectors.scorecards import (
    Grade,
    agency_scorecard,
    agency_scorecards,
    ranked,
    scorecard_rule_for,
)
from cleanprod.reviews.tests.scorecard_data import (
    EVAL,
    concluded,
    known_outcomes,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def known(regions, industries, audit_rules, make_account):
    """Agency X: three audits started in 2026, one in 2025; agency Y: one audit (must not leak)."""
    official = make_account("municipal_official", "370300")
    data = known_outcomes(official)
    return data["x"], data["y"], official


def test_the_scorecard_of_a_year_equals_the_outcomes_in_the_database(known):
    # given
    x, _y, _official = known
    # when
    card = agency_scorecard(x, 2026)
    # then
    assert card.audits_served == 3  # a1, a2, a4 (a3 started in 2025)
    assert card.enterprises_served == 3
    assert card.evaluations_concluded == 3  # a1#1, a2#1, a2#2
    assert (card.evaluation_first_passed, card.evaluation_first_total) == (1, 2)  # a1 yes, a2 no
    assert card.evaluation_first_pass_rate == Decimal("50.0")
    assert card.acceptances_concluded == 3  # a1#1, a1#2, a3#1
    assert (card.acceptance_first_passed, card.acceptance_first_total) == (1, 2)  # a3 yes, a1 no
    assert card.acceptance_first_pass_rate == Decimal("50.0")
    assert card.reports_returned == 1  # a2's; a3's was in 2025
    assert card.failed_reviews == 2  # a1 acceptance #1, a2 evaluation #1
    assert card.rework_rounds == 3
    assert card.failures == 2
    assert card.mean_score == Decimal("75.5")  # (85 + 65 + 80 + 60 + 75 + 88) / 6
    # national rule: ≥ 2 served, ≤ 3 failures; 50 % first-pass is below B (70 %)
    assert card.grade == Grade.C
    assert card.grade_reasons == []


def test_all_years_count_everything_and_give_no_grade(known):
    x, _y, _official = known
    card = agency_scorecard(x)
    assert card.audits_served == 4
    assert card.evaluations_concluded == 4
    assert (card.evaluation_first_passed, card.evaluation_first_total) == (2, 3)
    assert card.evaluation_first_pass_rate == Decimal("66.7")
    assert (card.acceptance_first_passed, card.acceptance_first_total) == (1, 2)
    assert card.reports_returned == 2
    assert card.failed_reviews == 2
    assert card.mean_score == Decimal("77.6")  # 543 / 7 = 77.57
    assert card.grade == ""


def test_a_first_pass_in_an_earlier_year_is_not_counted_in_a_later_one(known):
    # a3's first evaluation was signed in 2025: it counts there, not in 2026
    x, _y, _official = known
    card = agency_scorecard(x, 2025)
    assert (card.evaluation_first_passed, card.evaluation_first_total) == (1, 1)
    assert card.audits_served == 1
    assert card.reports_returned == 1
    # one enterprise served in 2025, fewer than the national minimum of 2
    assert card.grade == Grade.LOST
    assert len(card.grade_reasons) == 1


def test_another_agencys_outcomes_do_not_leak(known):
    x, y, _official = known
    cards = agency_scorecards([x, y], year=2026)
    assert cards[x.pk].evaluations_concluded == 3
    assert cards[y.pk].evaluations_concluded == 1
    assert cards[y.pk].failed_reviews == 1
    assert cards[y.pk].evaluation_first_pass_rate == Decimal("0.0")
    # Y served one enterprise: below the minimum, the grade is lost; X ranks first
    assert cards[y.pk].grade == Grade.LOST
    assert [c.agency_id for c in ranked(cards.values())] == [x.pk, y.pk]


def test_the_grade_is_lost_above_the_regions_failure_limit(known):
    # given a provincial rule allowing one failure a year
    x, _y, _official = known
    AgencyRule.objects.create(region=Region.objects.get(code="370000"), max_failures_per_year=1)
    # when
    card = agency_scorecard(x, 2026)
    # then
    assert card.grade == Grade.LOST
    assert "2" in str(card.grade_reasons[0])


def test_the_regions_scorecard_rule_sets_the_grade_thresholds(known):
    x, _y, _official = known
    ScorecardRule.objects.create(
        region=Region.objects.get(code="370300"), grade_a_rate=80, grade_b_rate=50
    )
    assert scorecard_rule_for(x.region).grade_b_rate == 50
    assert agency_scorecard(x, 2026).grade == Grade.B


def test_the_national_default_thresholds_without_any_rule_row(regions):
    rule = scorecard_rule_for(Region.objects.get(code="370303"))
    assert (rule.grade_a_rate, rule.grade_b_rate) == (90, 70)


def test_the_scorecard_follows_new_outcomes_without_a_refresh(known):
    # computed each time: a new failure shows at once
    x, _y, official = known
    before = agency_scorecard(x, 2026)
    a4 = Audit.objects.get(agency=x, started_on=D(2026, 4, 1))
    Review.objects.filter(audit=a4).delete()
    concluded(a4, EVAL, 1, Outcome.FAIL_REAUDIT, "50.0", D(2026, 8, 1), by=official)
    after = agency_scorecard(x, 2026)
    assert after.failed_reviews == before.failed_reviews + 1
    assert after.evaluation_first_total == before.evaluation_first_total + 1
    assert after.evaluation_first_passed == before.evaluation_first_passed
