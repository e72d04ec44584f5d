"""What organisers see of experts and agencies (issue 5, point 6): per expert, the seats they
took on the reviews the organiser covers, the invitations they declined, the mean total they
gave and the mean rating they received; per agency, the scorecard. Computed from the database
each time, starting from the organiser's scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit
from cleanprod.core.scoping import ScopeLike
from cleanprod.experts.models import Expert, Rating
from cleanprod.reviews.models import Review, Seat, Sheet
from cleanprod.reviews.selectors.scorecards import Scorecard, agency_scorecards, ranked

ORGANISE = "reviews.organise_review"
ONE = Decimal("0.1")
TWO = Decimal("0.01")


@dataclass
class ExpertStats:
    """One expert's record on the reviews in the organiser's scope (for a year, or all)."""

    expert: Expert
    invited: int = 0
    reviews_sat: int = 0
    declined: int = 0
    sheets: int = 0
    mean_total_given: Decimal | None = None
    ratings: int = 0
    mean_rating: Decimal | None = None

    def as_export(self) -> dict[str, Any]:
        return {
            "pool_no": self.expert.pool_no,
            "name": self.expert.name,
            "title": self.expert.title,
            "employer": self.expert.employer,
            "status": self.expert.status,
            "invited": self.invited,
            "reviews_sat": self.reviews_sat,
            "declined": self.declined,
            "mean_total_given": self.mean_total_given,
            "mean_rating": self.mean_rating,
        }


def _mean(values: list[Decimal], step: Decimal) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(step, ROUND_HALF_UP)


def expert_statistics(*, scope: ScopeLike, year: int | None = None) -> list[ExpertStats]:
    """Experts of the pool the person covers and those who were invited to a review the person
    organises; figures from those reviews only (seats by the year of the invitation)."""
    reviews = Review.objects.in_scope(scope, ORGANISE)
    seats = Seat.objects.filter(review__in=reviews)
    if year is not None:
        seats = seats.filter(invited_at__year=year)
    seat_rows = list(seats.values_list("pk", "expert_id", "status"))
    seat_ids = [pk for pk, _expert, _status in seat_rows]
    experts = Expert.objects.filter(
        Q(pk__in={e for _pk, e, _s in seat_rows})
        | Q(pk__in=Expert.objects.in_scope(scope, "experts.view_expert").values("pk"))
    ).order_by("pool_no")
    stats = {e.pk: ExpertStats(expert=e) for e in experts}

    for _pk, expert_id, status in seat_rows:
        row = stats[expert_id]
        row.invited += 1
        row.reviews_sat += status == Seat.Status.ACCEPTED
        row.declined += status == Seat.Status.DECLINED

    totals: dict[int, list[Decimal]] = defaultdict(list)
    for expert_id, total in Sheet.objects.filter(
        seat_id__in=seat_ids, submitted_at__isnull=False
    ).values_list("seat__expert_id", "total"):
        totals[expert_id].append(total)
    by_source = {f"review-seat:{pk}": expert_id for pk, expert_id, _s in seat_rows}
    ratings: dict[int, list[Decimal]] = defaultdict(list)
    for source, a, b, c in Rating.objects.filter(source__in=list(by_source)).values_list(
        "source", "punctuality", "quality", "independence"
    ):
        ratings[by_source[source]].append(Decimal(a + b + c) / 3)
    for expert_id, row in stats.items():
        row.sheets = len(totals[expert_id])
        row.mean_total_given = _mean(totals[expert_id], ONE)
        row.ratings = len(ratings[expert_id])
        row.mean_rating = _mean(ratings[expert_id], TWO)
    return list(stats.values())


def agency_statistics(*, scope: ScopeLike, year: int | None = None) -> list[Scorecard]:
    """Scorecards of the agencies registered in the person's regions and of those serving the
    audits the person organises, best first."""
    serving = Audit.objects.in_scope(scope, ORGANISE).exclude(agency=None).values("agency_id")
    agencies = (
        Agency.objects.filter(
            Q(pk__in=serving)
            | Q(pk__in=Agency.objects.in_scope(scope, "agencies.view_agency").values("pk"))
        )
        .select_related("region")
        .order_by("name")
    )
    return ranked(agency_scorecards(agencies, year=year).values())
