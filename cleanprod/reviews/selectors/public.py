"""Public selectors of review results (issue 5, point 6): published reviews only, read without
a user (STYLE.md §4). Nothing here takes a person or a scope; `status == published` is the whole
access rule. Rows carry what the result notice shows: the enterprise, the stage, the organiser,
the meeting, the conclusion, the panel score and the panel (names and titles), and the draw
record so that anyone can re-run the draw. No contacts, no decline reasons, no sheets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit
from cleanprod.experts.models import Field
from cleanprod.regions.models import Region
from cleanprod.reviews.models import Draw, OpinionFile, Outcome, Review, Seat, Stage
from cleanprod.reviews.selectors.scorecards import Scorecard, agency_scorecards, ranked
from cleanprod.reviews.services.draws import REASONS

PUBLISHED = Review.Status.PUBLISHED
VERIFY_SNIPPET = (
    'sorted(candidates, key=lambda no: hashlib.sha256(f"{seed}:{no}".encode()).hexdigest())'
)
# the seating rule of services.draws.select_panel, for a draw with required fields
SEATING_SNIPPET = """chosen = []
for wanted in required:
    if not any(wanted in fields[no] for no in chosen):
        chosen += [next(no for no in ranking if no not in chosen and wanted in fields[no])]
chosen += [no for no in ranking if no not in chosen][: size - len(chosen)]
print(sorted(chosen, key=ranking.index))"""


@dataclass(frozen=True)
class PublicFilters:
    year: int | None = None
    stage: str = ""
    outcome: str = ""
    region: str = ""  # a division code: it and all below


def public_filters(params: Any) -> PublicFilters:
    """Read the filters from a query dict; unknown values are ignored (a public page)."""
    year = params.get("year", "")
    stage, outcome = params.get("stage", ""), params.get("outcome", "")
    return PublicFilters(
        year=int(year) if year.isdigit() and 1990 < int(year) < 2200 else None,
        stage=stage if stage in Stage.values else "",
        outcome=outcome if outcome in Outcome.values else "",
        region=params.get("region", "") if params.get("region", "").isdigit() else "",
    )


def _members() -> Prefetch:
    return Prefetch(
        "seats",
        queryset=Seat.objects.filter(status=Seat.Status.ACCEPTED)
        .select_related("expert")
        .order_by("-is_leader", "rank"),
        to_attr="members",
    )


def published_reviews_public(filters: PublicFilters = PublicFilters()) -> QuerySet[Review]:
    """Published reviews, newest first, with their panel (accepted members, leader first)."""
    reviews = Review.objects.filter(status=PUBLISHED)
    if filters.year:
        reviews = reviews.filter(concluded_on__year=filters.year)
    if filters.stage:
        reviews = reviews.filter(stage=filters.stage)
    if filters.outcome:
        reviews = reviews.filter(outcome=filters.outcome)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        reviews = (
            reviews.filter(audit__region__path__startswith=region.path)
            if region
            else reviews.none()
        )
    return (
        reviews.select_related("audit__enterprise", "audit__park", "organiser_region")
        .prefetch_related(_members())
        .order_by("-concluded_on", "-published_at", "-pk")
    )


def published_review_public(pk: int) -> Review | None:
    """One published review; None when it does not exist or is not published."""
    return published_reviews_public().filter(pk=pk).first()


def subject_of(audit: Audit) -> tuple[str, str]:
    """(name, credit code) of the audited enterprise, or of the park for a park audit."""
    if audit.enterprise_id:
        return audit.enterprise.name, audit.enterprise.credit_code
    return str(audit.park or audit.title or audit), ""


def panel_text(review: Review) -> str:
    members = getattr(review, "members", None)
    if members is None:
        members = list(
            review.seats.filter(status=Seat.Status.ACCEPTED)
            .select_related("expert")
            .order_by("-is_leader", "rank")
        )
    return "; ".join(f"{s.expert.name} ({s.expert.title})" for s in members)


def review_row_public(review: Review) -> dict[str, Any]:
    """One published review as the list and its export show it."""
    name, credit_code = subject_of(review.audit)
    return {
        "id": review.pk,
        "enterprise": name,
        "credit_code": credit_code,
        "stage": review.stage,
        "stage_label": review.get_stage_display(),
        "attempt": review.attempt,
        "organiser": review.organiser_region.name,
        "meeting_on": review.meeting_on,
        "outcome": review.outcome,
        "outcome_label": review.get_outcome_display(),
        "mean_score": review.mean_score,
        "panel": panel_text(review),
        "concluded_on": review.concluded_on,
    }


def review_rows_public(filters: PublicFilters = PublicFilters()) -> list[dict[str, Any]]:
    return [review_row_public(r) for r in published_reviews_public(filters)]


def draw_record_public(review: Review) -> dict[str, Any] | None:
    """The latest draw of a published review, enough to re-run it: seed, algorithm, the
    candidates by pool number, the ranking, the exclusions with their reason labels."""
    if review.status != PUBLISHED:
        return None
    draw: Draw | None = review.draws.order_by("-id").first()
    if draw is None:
        return None
    seats = {s.expert.pool_no: s for s in review.seats.select_related("expert").order_by("rank")}
    ranking = [
        {
            "position": i + 1,
            "pool_no": no,
            "invited": no in seats,
            "status": seats[no].get_status_display() if no in seats else "",
            "name": seats[no].expert.name
            if no in seats and seats[no].status == Seat.Status.ACCEPTED
            else "",
        }
        for i, no in enumerate(draw.ranking)
    ]
    return {
        "seed": draw.seed,
        "algorithm": draw.algorithm,
        "size": draw.size,
        "drawn_at": draw.drawn_at,
        "candidates": list(draw.candidates),
        "ranking": ranking,
        "excluded": [
            {"pool_no": e["pool_no"], "reason": REASONS.get(e["reason"], e["reason"])}
            for e in draw.excluded
        ],
        "verify": VERIFY_SNIPPET,
        "requirements": [
            {"code": f, "label": Field(f).label if f in Field.values else f}
            for f in draw.requirements
        ],
        "fields_json": json.dumps(draw.fields, ensure_ascii=False, sort_keys=True),
        "seating": SEATING_SNIPPET if draw.requirements else "",
    }


def opinion_file_public(review: Review) -> OpinionFile | None:
    """The newest version of the opinion PDF of a published review."""
    if review.status != PUBLISHED:
        return None
    return review.opinion_files.order_by("-version").first()


RANKING_NOTE = _(
    "Grades follow the region's rules: the grade is lost below the minimum number of "
    "enterprises served or above the maximum number of failed reviews in the year; otherwise "
    "the first-pass rate at evaluation decides between A, B and C."
)


def agency_ranking_public(*, year: int, region: str = "") -> list[Scorecard]:
    """The public ranking of active agencies that have served at least one audit, best first."""
    agencies = Agency.objects.filter(
        status=Agency.Status.ACTIVE,
        pk__in=Audit.objects.exclude(agency=None)
        .filter(started_on__isnull=False)
        .values("agency_id"),
    ).select_related("region")
    if region:
        found = Region.objects.filter(code=region).first()
        agencies = (
            agencies.filter(region__path__startswith=found.path) if found else agencies.none()
        )
    return ranked(agency_scorecards(agencies, year=year).values())


def region_choices_public() -> QuerySet[Region]:
    """Provinces and prefectures, for the region filter."""
    return (
        Region.objects.current()
        .filter(level__in=(Region.Level.PROVINCE, Region.Level.PREFECTURE))
        .order_by("path")
    )
