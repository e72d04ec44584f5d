"""Ratings after each review and the rule that turns them into consequences: over the last
`window` ratings (once there are `min_ratings`), an average below `remove_below` removes the
expert, below `suspend_below` suspends, below `warn_below` warns."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cleanprod.accounts.notices import notice_send
from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.experts import workflow
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Expert, Rating, RatingRule
from cleanprod.experts.services.common import required
from cleanprod.experts.services.rules import rating_rule_for
from cleanprod.experts.services.status import expert_status_set
from cleanprod.trail.services import trail_record

Status = Expert.Status
SCORES = ("punctuality", "quality", "independence")
RATED_STATUSES = (Status.ACTIVE, Status.SUSPENDED, Status.REMOVED)


@dataclass(frozen=True)
class RatingAverage:
    """The average of the last `count` ratings under a rule (each rating's three scores)."""

    average: Decimal | None
    count: int

    @property
    def shown(self) -> str:
        return "—" if self.average is None else str(_two(self.average))


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rating_average(expert: Expert, window: int) -> RatingAverage:
    """The average over the expert's last `window` ratings."""
    rows = list(
        Rating.objects.filter(expert=expert)
        .order_by("-rated_at", "-id")
        .values_list(*SCORES)[:window]
    )
    if not rows:
        return RatingAverage(None, 0)
    total = sum(sum(r) for r in rows)
    return RatingAverage(Decimal(total) / Decimal(3 * len(rows)), len(rows))


def rule_name(rule: RatingRule) -> str:
    return rule.region.name if rule.region_id else _("national default")


def _reason(kind: str, avg: RatingAverage, threshold: Decimal, rule: RatingRule) -> str:
    values = {
        "average": _two(avg.average or Decimal(0)),
        "count": avg.count,
        "threshold": _two(threshold),
        "rule": rule_name(rule),
    }
    if kind == "remove":
        text = _(
            "Average rating %(average)s over the last %(count)d reviews is below the removal "
            "threshold %(threshold)s (rule of %(rule)s)."
        )
    elif kind == "suspend":
        text = _(
            "Average rating %(average)s over the last %(count)d reviews is below the suspension "
            "threshold %(threshold)s (rule of %(rule)s)."
        )
    else:
        text = _(
            "Average rating %(average)s over the last %(count)d reviews is below the warning "
            "threshold %(threshold)s (rule of %(rule)s)."
        )
    return text % values


def _scores(values: dict[str, Any]) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    out: dict[str, int] = {}
    for name in SCORES:
        value = values[name]
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if isinstance(value, bool) or str(number) != str(value).strip() or not 1 <= number <= 5:
            errors[name] = [_("A score is a whole number from 1 to 5.")]
        out[name] = number
    if errors:
        raise DomainError(
            "rating.scores", _("Each score is a whole number from 1 to 5."), fields=errors
        )
    return out


def rating_rule_apply(*, expert: Expert, rule: RatingRule | None = None) -> str:
    """Apply the region's rule to the expert's latest ratings; returns what happened
    ("removed", "suspended", "warned" or "")."""
    if expert.status not in (Status.ACTIVE, Status.SUSPENDED):
        return ""
    rule = rule or rating_rule_for(expert.region)
    avg = rating_average(expert, rule.window)
    if avg.average is None or avg.count < rule.min_ratings:
        return ""
    if avg.average < rule.remove_below:
        expert_status_set(
            expert=expert,
            to=Status.REMOVED,
            reason=_reason("remove", avg, rule.remove_below, rule),
            rule="rating.remove",
        )
        return "removed"
    if expert.status != Status.ACTIVE:
        return ""
    if avg.average < rule.suspend_below:
        expert_status_set(
            expert=expert,
            to=Status.SUSPENDED,
            reason=_reason("suspend", avg, rule.suspend_below, rule),
            rule="rating.suspend",
        )
        return "suspended"
    if avg.average < rule.warn_below:
        reason = _reason("warn", avg, rule.warn_below, rule)
        latest = expert.ratings.order_by("-rated_at", "-id").values_list("pk", flat=True).first()
        if expert.user is not None:
            notice_send(
                recipients=[expert.user],
                subject=_("Warning about your ratings in the expert pool"),
                body=reason,
                link=reverse("experts:me"),
                key=f"expert:{expert.pk}:rating-warning:{latest}",
            )
        trail_record(
            ExpertAction.RATING_WARNING,
            obj=expert,
            region_path=expert.region.path,
            details={"reason": reason, "rule": "rating.warn", "average": str(_two(avg.average))},
        )
        return "warned"
    return ""


@transaction.atomic
def expert_rate(
    *,
    expert: Expert,
    source: str,
    label: str,
    punctuality: int,
    quality: int,
    independence: int,
    by: Any,
    comment: str = "",
) -> Rating:
    """Store the organiser's rating of one review (1–5 each, once per `source`) and apply the
    region's rating rule."""
    expert = (
        Expert.objects.select_for_update(of=("self",))
        .select_related("region", "user")
        .get(pk=expert.pk)
    )
    ensure_allowed(by, workflow.RATE_PERM, expert)
    if expert.status not in RATED_STATUSES:
        raise DomainError(
            "rating.not_a_member",
            _("Only members of the pool are rated; this expert is %(status)s.")
            % {"status": expert.get_status_display()},
            status=409,
        )
    source = required(source, "source", _("Name the review the rating belongs to."))
    source = source[:40]
    label = required(label, "label", _("Name the review the rating belongs to."))
    scores = _scores({"punctuality": punctuality, "quality": quality, "independence": independence})
    if Rating.objects.filter(source=source).exists():
        message = _("This review has already been rated; a rating cannot be changed.")
        raise DomainError("rating.exists", message, fields={"source": [message]}, status=409)
    rating = Rating(
        expert=expert,
        source=source,
        label=label[:200],
        comment=(comment or "").strip()[:300],
        rated_by=by,
        **scores,
    )
    rating.full_clean()
    rating.save()
    trail_record(
        ExpertAction.RATED,
        by=by,
        obj=expert,
        region_path=expert.region.path,
        details={"rating": rating.pk, "source": source, **scores},
    )
    rating_rule_apply(expert=expert)
    return rating
