"""Choosing the audit focus by the weighted sum (methods.md §6): Score = Σ W_k × R_k."""

from __future__ import annotations

import pytest

from cleanprod.audits.models import AuditEvent, FocusCandidate, FocusFactor
from cleanprod.audits.services.focus import (
    focus_candidate_add,
    focus_candidate_rate,
    focus_candidate_remove,
    focus_choose,
    focus_factor_add,
    focus_factor_change,
    focus_factor_remove,
    rank,
    rating_errors,
    weighted_sum,
)
from cleanprod.core.errors import DomainError
from cleanprod.testing.audits import complete_phases, enterprise_account, working_audit

DEFAULT_WEIGHTS = [10, 9, 9, 8, 6, 5]


# --- the arithmetic -------------------------------------------------------------------------


def test_the_default_factors_with_sample_ratings_give_the_hand_computed_score():
    # given the six default weights and ratings 8, 7, 6, 5, 4, 3
    weights = dict(enumerate(DEFAULT_WEIGHTS))
    ratings = dict(enumerate([8, 7, 6, 5, 4, 3]))
    # then 10×8 + 9×7 + 9×6 + 8×5 + 6×4 + 5×3 = 80 + 63 + 54 + 40 + 24 + 15
    assert weighted_sum(weights, ratings) == 276


def test_an_unrated_factor_adds_nothing_and_a_rating_without_factor_is_ignored():
    assert weighted_sum({"a": 10, "b": 9}, {"a": 10}) == 100
    assert weighted_sum({"a": 10}, {"a": 1, "zzz": 10}) == 10


@pytest.mark.parametrize("value", [0, 11, "5", 2.5, True])
def test_a_rating_is_a_whole_number_from_1_to_10(value):
    assert "7" in rating_errors({7: value})


def test_ratings_within_range_are_accepted():
    assert rating_errors({1: 1, 2: 10}) == {}


def test_equal_scores_share_a_rank():
    ranked = rank([("a", 50), ("b", 90), ("c", 50), ("d", 10)])
    assert [(r.key, r.rank) for r in ranked] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]


# --- the services ---------------------------------------------------------------------------


@pytest.fixture
def setting(regions, industries, audit_rules):
    audit = working_audit()
    return audit, enterprise_account(audit.enterprise)


def _factor_ids(audit):
    return list(FocusFactor.objects.filter(audit=audit).order_by("id").values_list("id", flat=True))


def test_the_first_candidate_seeds_the_six_default_factors(setting):
    # given an audit without factors
    audit, user = setting
    # when the first candidate is added
    focus_candidate_add(audit=audit, by=user, name="电镀车间")
    # then the six defaults exist with their weights
    weights = list(
        FocusFactor.objects.filter(audit=audit).order_by("id").values_list("weight", flat=True)
    )
    assert weights == DEFAULT_WEIGHTS
    event = AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.AUDIT_DATA_CHANGED).first()
    assert event.data["what"] == "focus_candidate"
    assert event.data["action"] == "added"


def test_rating_a_candidate_stores_the_weighted_sum(setting):
    audit, user = setting
    candidate = focus_candidate_add(audit=audit, by=user, name="电镀车间")
    ids = _factor_ids(audit)
    # when rated 8, 7, 6, 5, 4, 3 on the six defaults
    focus_candidate_rate(
        candidate=candidate, by=user, ratings=dict(zip(ids, [8, 7, 6, 5, 4, 3], strict=True))
    )
    # then
    assert FocusCandidate.objects.get(pk=candidate.pk).score == 276


def test_changing_a_weight_or_removing_a_factor_rescores_every_candidate(setting):
    audit, user = setting
    candidate = focus_candidate_add(audit=audit, by=user, name="酸洗工段")
    ids = _factor_ids(audit)
    focus_candidate_rate(
        candidate=candidate, by=user, ratings=dict(zip(ids, [8, 7, 6, 5, 4, 3], strict=True))
    )
    # when the waste-amount weight drops from 10 to 5
    focus_factor_change(factor=FocusFactor.objects.get(pk=ids[0]), by=user, weight=5)
    assert FocusCandidate.objects.get(pk=candidate.pk).score == 276 - 5 * 8
    # when workshop willingness (weight 5, rating 3) is removed
    focus_factor_remove(factor=FocusFactor.objects.get(pk=ids[5]), by=user)
    candidate.refresh_from_db()
    assert candidate.score == 276 - 40 - 15
    assert str(ids[5]) not in candidate.ratings


def test_an_added_factor_counts_once_rated(setting):
    audit, user = setting
    candidate = focus_candidate_add(audit=audit, by=user, name="涂装线")
    factor = focus_factor_add(audit=audit, by=user, name="安全风险", weight=7)
    focus_candidate_rate(candidate=candidate, by=user, ratings={factor.pk: 10})
    assert FocusCandidate.objects.get(pk=candidate.pk).score == 70
    # an empty rating clears it
    focus_candidate_rate(candidate=candidate, by=user, ratings={factor.pk: None})
    assert FocusCandidate.objects.get(pk=candidate.pk).score == 0


def test_ratings_out_of_range_or_for_foreign_factors_are_refused(setting):
    audit, user = setting
    candidate = focus_candidate_add(audit=audit, by=user, name="涂装线")
    with pytest.raises(DomainError) as refused:
        focus_candidate_rate(candidate=candidate, by=user, ratings={_factor_ids(audit)[0]: 11})
    assert refused.value.code == "audit.focus_rating"
    with pytest.raises(DomainError) as refused:
        focus_candidate_rate(candidate=candidate, by=user, ratings={999999: 5})
    assert refused.value.code == "audit.focus_unknown_factor"


def test_a_weight_outside_1_to_10_is_refused(setting):
    audit, user = setting
    with pytest.raises(DomainError) as refused:
        focus_factor_add(audit=audit, by=user, name="其他", weight=12)
    assert "weight" in refused.value.fields


def test_one_chosen_focus_per_audit(setting):
    audit, user = setting
    first = focus_candidate_add(audit=audit, by=user, name="电镀车间")
    second = focus_candidate_add(audit=audit, by=user, name="酸洗工段")
    # when the first, then the second is chosen
    focus_choose(candidate=first, by=user)
    focus_choose(candidate=second, by=user)
    # then only the second is the focus
    chosen = list(FocusCandidate.objects.filter(audit=audit, chosen=True))
    assert chosen == [second]


def test_a_removed_candidate_is_gone(setting):
    audit, user = setting
    candidate = focus_candidate_add(audit=audit, by=user, name="电镀车间")
    focus_candidate_remove(candidate=candidate, by=user)
    assert not FocusCandidate.objects.filter(audit=audit).exists()


def test_the_focus_cannot_change_once_pre_assessment_is_completed(setting):
    audit, user = setting
    candidate = focus_candidate_add(audit=audit, by=user, name="电镀车间")
    complete_phases(audit, upto=2)
    with pytest.raises(DomainError) as refused:
        focus_choose(candidate=candidate, by=user)
    assert (refused.value.code, refused.value.status) == ("audit.phase_completed", 409)
