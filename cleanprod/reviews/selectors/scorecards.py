"""Agency scorecards computed from outcomes in the database, every time (no stored copy to
drift): audits served, evaluations concluded, first-pass rates at evaluation and acceptance,
rework rounds, the mean panel score received and failures, graded by the region's rules.

Figures for a year:

- audits served: the agency's audits whose start was filed that year (`Audit.started_on`);
  enterprises served counts the distinct enterprises of those audits (members of a park or
  cluster audit included);
- evaluations concluded: the agency's evaluation reviews whose opinion was signed that year;
- first-pass rate at a stage: of the audits whose FIRST concluded review of that stage (lowest
  attempt) was signed that year, the share whose first review passed (`Outcome.passing()`);
- rework rounds: audit reports returned that year plus failed reviews signed that year;
- mean panel score: the mean of `Review.mean_score` over the reviews signed that year;
- failures: the failed reviews signed that year.

Without a year every figure covers all years and no grade is given: the grading rules are
yearly. The grade: "lost" when the agency served fewer enterprises than
`AgencyRule.min_served_per_year` or had more failures than `max_failures_per_year`; otherwise
A, B or C by the first-pass rate at evaluation against the region's `ScorecardRule`; "unrated"
while no evaluation of the year has concluded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cleanprod.agencies.models import Agency, AgencyRule
from cleanprod.agencies.selectors import agency_rule_for
from cleanprod.audits.models import Audit, AuditMember, AuditReport
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import nearest_row
from cleanprod.reviews.models import Outcome, Review, ScorecardRule, Stage

ONE = Decimal("0.1")
HUNDRED = Decimal(100)


class Grade(models.TextChoices):
    A = "A", _("Grade A")
    B = "B", _("Grade B")
    C = "C", _("Grade C")
    LOST = "lost", _("Grade lost")
    UNRATED = "unrated", _("Not rated")


GRADE_ORDER = {Grade.A: 0, Grade.B: 1, Grade.C: 2, Grade.UNRATED: 3, Grade.LOST: 4}


def rate(passed: int, total: int) -> Decimal | None:
    """`passed` of `total` in per cent, one decimal; None when there is nothing to rate."""
    if not total:
        return None
    return (Decimal(passed) * HUNDRED / Decimal(total)).quantize(ONE, ROUND_HALF_UP)


@dataclass
class Scorecard:
    """One agency's outcomes for a year (or all years when `year` is None)."""

    agency_id: int
    year: int | None
    audits_served: int = 0
    enterprises_served: int = 0
    evaluations_concluded: int = 0
    acceptances_concluded: int = 0
    evaluation_first_passed: int = 0
    evaluation_first_total: int = 0
    acceptance_first_passed: int = 0
    acceptance_first_total: int = 0
    reports_returned: int = 0
    failed_reviews: int = 0
    mean_score: Decimal | None = None
    grade: str = ""
    grade_reasons: list[str] = field(default_factory=list)
    agency: Agency | None = None

    @property
    def evaluation_first_pass_rate(self) -> Decimal | None:
        return rate(self.evaluation_first_passed, self.evaluation_first_total)

    @property
    def acceptance_first_pass_rate(self) -> Decimal | None:
        return rate(self.acceptance_first_passed, self.acceptance_first_total)

    @property
    def rework_rounds(self) -> int:
        return self.reports_returned + self.failed_reviews

    @property
    def failures(self) -> int:
        return self.failed_reviews

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else ""

    def as_export(self) -> dict[str, Any]:
        return {
            "agency": self.agency.name if self.agency else self.agency_id,
            "credit_code": self.agency.credit_code if self.agency else "",
            "year": self.year,
            "grade": self.grade or None,
            "audits_served": self.audits_served,
            "enterprises_served": self.enterprises_served,
            "evaluations_concluded": self.evaluations_concluded,
            "evaluation_first_pass_rate": self.evaluation_first_pass_rate,
            "acceptances_concluded": self.acceptances_concluded,
            "acceptance_first_pass_rate": self.acceptance_first_pass_rate,
            "rework_rounds": self.rework_rounds,
            "mean_score": self.mean_score,
            "failures": self.failures,
        }


def scorecard_rule_for(region: Region | None) -> ScorecardRule:
    """The rule of the nearest region up the tree that has one, else the national row, else
    the documented defaults (an unsaved row: A ≥ 90 %, B ≥ 70 %)."""
    return nearest_row(ScorecardRule.objects.all(), region) or ScorecardRule()


def grade_for(card: Scorecard, rule: AgencyRule, thresholds: ScorecardRule) -> tuple[str, list]:
    """The grade of a year's scorecard and the reasons for a lost grade."""
    reasons = []
    if card.enterprises_served < rule.min_served_per_year:
        reasons.append(
            _("served %(served)s enterprises, fewer than %(min)s")
            % {"served": card.enterprises_served, "min": rule.min_served_per_year}
        )
    if card.failures > rule.max_failures_per_year:
        reasons.append(
            _("%(failures)s failed reviews, more than %(max)s")
            % {"failures": card.failures, "max": rule.max_failures_per_year}
        )
    if reasons:
        return Grade.LOST, reasons
    first_pass = card.evaluation_first_pass_rate
    if first_pass is None:
        return Grade.UNRATED, []
    if first_pass >= thresholds.grade_a_rate:
        return Grade.A, []
    if first_pass >= thresholds.grade_b_rate:
        return Grade.B, []
    return Grade.C, []


def _in_year(day: Any, year: int | None) -> bool:
    return year is None or (day is not None and day.year == year)


def agency_scorecards(
    agencies: Iterable[Agency], *, year: int | None = None
) -> dict[int, Scorecard]:
    """Scorecards of many agencies at once, by agency id (a fixed number of queries plus one
    pair per distinct region for the rules)."""
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    cards = {a.pk: Scorecard(agency_id=a.pk, year=year, agency=a) for a in agencies}
    if not ids:
        return cards

    served = Audit.objects.filter(agency_id__in=ids, started_on__isnull=False)
    if year is not None:
        served = served.filter(started_on__year=year)
    enterprises: dict[int, set[int]] = defaultdict(set)
    audit_agency = {}
    for audit_id, agency_id, enterprise_id in served.values_list(
        "pk", "agency_id", "enterprise_id"
    ):
        cards[agency_id].audits_served += 1
        audit_agency[audit_id] = agency_id
        if enterprise_id:
            enterprises[agency_id].add(enterprise_id)
    for audit_id, enterprise_id in AuditMember.objects.filter(
        audit_id__in=list(audit_agency)
    ).values_list("audit_id", "enterprise_id"):
        enterprises[audit_agency[audit_id]].add(enterprise_id)
    for agency_id, found in enterprises.items():
        cards[agency_id].enterprises_served = len(found)

    returned = AuditReport.objects.filter(
        audit__agency_id__in=ids, status=AuditReport.Status.RETURNED
    )
    if year is not None:
        returned = returned.filter(reviewed_at__year=year)
    for row in returned.values("audit__agency_id").annotate(n=Count("pk")):
        cards[row["audit__agency_id"]].reports_returned = row["n"]

    reviews = (
        Review.objects.concluded()
        .filter(audit__agency_id__in=ids)
        .values_list(
            "audit__agency_id",
            "audit_id",
            "stage",
            "attempt",
            "outcome",
            "mean_score",
            "concluded_on",
        )
        .order_by("audit_id", "stage", "attempt")
    )
    scores: dict[int, list[Decimal]] = defaultdict(list)
    seen_first: set[tuple[int, str]] = set()
    for agency_id, audit_id, stage, _attempt, outcome, mean_score, concluded_on in reviews:
        card = cards[agency_id]
        passed = outcome in Outcome.passing()
        first = (audit_id, stage) not in seen_first
        seen_first.add((audit_id, stage))
        if not _in_year(concluded_on, year):
            continue
        if stage == Stage.EVALUATION:
            card.evaluations_concluded += 1
            if first:
                card.evaluation_first_total += 1
                card.evaluation_first_passed += int(passed)
        else:
            card.acceptances_concluded += 1
            if first:
                card.acceptance_first_total += 1
                card.acceptance_first_passed += int(passed)
        if not passed:
            card.failed_reviews += 1
        if mean_score is not None:
            scores[agency_id].append(mean_score)
    for agency_id, values in scores.items():
        mean = sum(values, Decimal(0)) / len(values)
        cards[agency_id].mean_score = mean.quantize(ONE, ROUND_HALF_UP)

    if year is not None:
        rules: dict[int | None, tuple[AgencyRule, ScorecardRule]] = {}
        for agency in agencies:
            if agency.region_id not in rules:
                region = agency.region if agency.region_id else None
                rules[agency.region_id] = (agency_rule_for(region), scorecard_rule_for(region))
            card = cards[agency.pk]
            card.grade, card.grade_reasons = grade_for(card, *rules[agency.region_id])
    return cards


def agency_scorecard(agency: Agency, year: int | None = None) -> Scorecard:
    """One agency's scorecard for `year` (all years, ungraded, when None)."""
    return agency_scorecards([agency], year=year)[agency.pk]


def ranked(cards: Iterable[Scorecard]) -> list[Scorecard]:
    """Best first: grade, then first-pass rate at evaluation, then audits served, then name."""

    def key(card: Scorecard) -> tuple[Any, ...]:
        rate_value = card.evaluation_first_pass_rate
        return (
            GRADE_ORDER.get(Grade(card.grade), 9) if card.grade else 9,
            -(rate_value if rate_value is not None else Decimal(-1)),
            -card.audits_served,
            card.agency.name if card.agency else "",
        )

    return sorted(cards, key=key)
