"""Choosing the audit focus (审核重点) in pre-assessment by the weighted-sum ranking
(权重总和计分排序法, methods.md §6): Score = Σ W_k × R_k over the factors k, with the weight
W_k of a factor and the rating R_k of a candidate both 1–10. The factors start as the six
defaults on first use and stay editable per audit; every change of a weight or a rating
recomputes the stored scores. One candidate per audit is the chosen focus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cleanprod.audits.models import Audit, FocusCandidate, FocusFactor, Phase
from cleanprod.audits.services.work import (
    audit_lock_for_work,
    data_changed,
    phase_ensure_open,
    row_save,
)
from cleanprod.core.errors import DomainError

PHASE = Phase.PRE_ASSESSMENT
LOW, HIGH = 1, 10

# methods.md §6: the default factors and weights
DEFAULT_FACTORS = (
    (gettext_lazy("Waste amount"), 10),
    (gettext_lazy("Waste toxicity"), 9),
    (gettext_lazy("Energy and main consumption"), 9),
    (gettext_lazy("Environmental cost"), 8),
    (gettext_lazy("Cleaner production potential"), 6),
    (gettext_lazy("Workshop willingness"), 5),
)


# --- pure arithmetic ------------------------------------------------------------------------


def weighted_sum(weights: Mapping[Any, int], ratings: Mapping[Any, int]) -> int:
    """Σ W_k × R_k over the factors that have both a weight and a rating; an unrated factor
    adds nothing."""
    return sum(weight * ratings[key] for key, weight in weights.items() if key in ratings)


def rating_errors(ratings: Mapping[Any, Any]) -> dict[str, list[str]]:
    """Ratings that are not whole numbers from 1 to 10, by factor key."""
    errors: dict[str, list[str]] = {}
    for key, value in ratings.items():
        if isinstance(value, bool) or not isinstance(value, int) or not LOW <= value <= HIGH:
            errors[str(key)] = [_("A rating is a whole number from 1 to 10.")]
    return errors


@dataclass(frozen=True)
class Ranked:
    key: Any
    score: int
    rank: int


def rank(scores: Iterable[tuple[Any, int]]) -> list[Ranked]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda pair: -pair[1])
    ranked: list[Ranked] = []
    for i, (key, score) in enumerate(ordered):
        same = ranked and ranked[-1].score == score
        ranked.append(Ranked(key, score, ranked[-1].rank if same else i + 1))
    return ranked


# --- services -------------------------------------------------------------------------------


def _lock(audit: Audit, by: Any) -> Audit:
    audit = audit_lock_for_work(audit=audit, by=by)
    phase_ensure_open(audit, PHASE)
    return audit


def _factors_ensure(audit: Audit) -> dict[int, int]:
    """The audit's factors (id → weight), seeded with the six defaults on first use."""
    if not FocusFactor.objects.filter(audit=audit).exists():
        FocusFactor.objects.bulk_create(
            FocusFactor(audit=audit, name=str(name), weight=weight)
            for name, weight in DEFAULT_FACTORS
        )
    return dict(FocusFactor.objects.filter(audit=audit).values_list("id", "weight"))


def _rescore(audit: Audit, weights: Mapping[int, int]) -> None:
    """Drop ratings of removed factors and recompute every candidate's score."""
    for candidate in FocusCandidate.objects.filter(audit=audit):
        ratings = {k: v for k, v in candidate.ratings.items() if int(k) in weights}
        score = weighted_sum(weights, {int(k): v for k, v in ratings.items()})
        if (ratings, score) != (candidate.ratings, candidate.score):
            candidate.ratings, candidate.score = ratings, score
            candidate.save(update_fields=["ratings", "score"])


def _clean_ratings(ratings: Mapping[Any, Any], weights: Mapping[int, int]) -> dict[str, int]:
    unknown = [str(k) for k in ratings if _as_int(k) not in weights]
    if unknown:
        raise DomainError(
            "audit.focus_unknown_factor",
            _("These factors do not belong to this audit: %(keys)s.")
            % {"keys": ", ".join(unknown)},
        )
    errors = rating_errors(ratings)
    if errors:
        raise DomainError("audit.focus_rating", _("The ratings are not valid."), fields=errors)
    return {str(int(k)): int(v) for k, v in ratings.items()}


def _as_int(key: Any) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def focus_factors_seed(*, audit: Audit, by: Any) -> list[FocusFactor]:
    """Seed the six default factors if the audit has none yet (idempotent)."""
    audit = _lock(audit, by)
    fresh = not FocusFactor.objects.filter(audit=audit).exists()
    _factors_ensure(audit)
    if fresh:
        data_changed(audit, by=by, what="focus_factor", action="seeded")
    return list(FocusFactor.objects.filter(audit=audit))


@transaction.atomic
def focus_factor_add(*, audit: Audit, by: Any, name: str, weight: int) -> FocusFactor:
    audit = _lock(audit, by)
    _factors_ensure(audit)
    if FocusFactor.objects.filter(audit=audit, name=name.strip()).exists():
        raise DomainError(
            "audit.focus_factor_exists",
            _("This audit already has a factor of that name."),
            fields={"name": [_("Choose another name.")]},
        )
    factor = row_save(FocusFactor(audit=audit), {"name": name.strip(), "weight": weight})
    _rescore(audit, dict(FocusFactor.objects.filter(audit=audit).values_list("id", "weight")))
    data_changed(audit, by=by, what="focus_factor", action="added", id=factor.pk)
    return factor  # type: ignore[return-value]


@transaction.atomic
def focus_factor_change(*, factor: FocusFactor, by: Any, weight: int) -> FocusFactor:
    """Change a factor's weight; every candidate's score follows."""
    audit = _lock(factor.audit, by)
    factor = FocusFactor.objects.select_for_update().get(pk=factor.pk, audit=audit)
    row_save(factor, {"weight": weight})
    _rescore(audit, dict(FocusFactor.objects.filter(audit=audit).values_list("id", "weight")))
    data_changed(audit, by=by, what="focus_factor", action="changed", id=factor.pk, weight=weight)
    return factor


@transaction.atomic
def focus_factor_remove(*, factor: FocusFactor, by: Any) -> None:
    audit = _lock(factor.audit, by)
    factor = FocusFactor.objects.select_for_update().get(pk=factor.pk, audit=audit)
    pk = factor.pk
    factor.delete()
    _rescore(audit, dict(FocusFactor.objects.filter(audit=audit).values_list("id", "weight")))
    data_changed(audit, by=by, what="focus_factor", action="removed", id=pk)


@transaction.atomic
def focus_candidate_add(
    *,
    audit: Audit,
    by: Any,
    name: str,
    description: str = "",
    ratings: Mapping[Any, Any] | None = None,
) -> FocusCandidate:
    """Add a candidate area; ratings (factor id → 1–10) may follow later."""
    audit = _lock(audit, by)
    weights = _factors_ensure(audit)
    clean = _clean_ratings(ratings or {}, weights)
    candidate = row_save(
        FocusCandidate(audit=audit),
        {
            "name": name.strip(),
            "description": description,
            "ratings": clean,
            "score": weighted_sum(weights, {int(k): v for k, v in clean.items()}),
        },
        exclude=("ratings",),  # checked above; an empty dict is "not rated yet"
    )
    data_changed(audit, by=by, what="focus_candidate", action="added", id=candidate.pk)
    return candidate  # type: ignore[return-value]


@transaction.atomic
def focus_candidate_rate(
    *, candidate: FocusCandidate, by: Any, ratings: Mapping[Any, Any]
) -> FocusCandidate:
    """Set ratings (factor id → 1–10; given factors replace their old rating, a None rating
    clears it) and recompute the score."""
    audit = _lock(candidate.audit, by)
    candidate = FocusCandidate.objects.select_for_update().get(pk=candidate.pk, audit=audit)
    weights = _factors_ensure(audit)
    cleared = {str(_as_int(k)) for k, v in ratings.items() if v is None}
    given = _clean_ratings({k: v for k, v in ratings.items() if v is not None}, weights)
    merged = {k: v for k, v in candidate.ratings.items() if k not in cleared}
    merged.update(given)
    score = weighted_sum(weights, {int(k): v for k, v in merged.items()})
    row_save(candidate, {"ratings": merged, "score": score}, exclude=("ratings",))
    data_changed(audit, by=by, what="focus_candidate", action="rated", id=candidate.pk)
    return candidate


@transaction.atomic
def focus_candidate_remove(*, candidate: FocusCandidate, by: Any) -> None:
    audit = _lock(candidate.audit, by)
    candidate = FocusCandidate.objects.select_for_update().get(pk=candidate.pk, audit=audit)
    pk = candidate.pk
    candidate.delete()
    data_changed(audit, by=by, what="focus_candidate", action="removed", id=pk)


@transaction.atomic
def focus_choose(*, candidate: FocusCandidate, by: Any) -> FocusCandidate:
    """Make this candidate the audit focus; the one chosen before (if any) is released.
    It need not be the top-ranked one: the team may have reasons, kept in the summary."""
    audit = _lock(candidate.audit, by)
    candidate = FocusCandidate.objects.select_for_update().get(pk=candidate.pk, audit=audit)
    previous = FocusCandidate.objects.filter(audit=audit, chosen=True).exclude(pk=candidate.pk)
    for other in previous:  # release first: one chosen per audit (partial unique constraint)
        other.chosen = False
        other.save(update_fields=["chosen"])
    if not candidate.chosen:
        candidate.chosen = True
        candidate.save(update_fields=["chosen"])
    data_changed(
        audit,
        by=by,
        what="focus_candidate",
        action="chosen",
        id=candidate.pk,
        score=candidate.score,
    )
    return candidate
