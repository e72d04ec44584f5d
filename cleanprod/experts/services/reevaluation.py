"""The yearly re-evaluation (年度复评): members whose re-evaluation date has come are renewed for
another period, unless their recent ratings are below the warning threshold; those are flagged
to the authority, which decides (suspend, remove, or leave them until the ratings recover)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cleanprod.accounts.notices import notice_send
from cleanprod.accounts.scope import scope_for
from cleanprod.experts import workflow
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Expert
from cleanprod.experts.services.common import add_months, history_user, users_with_perm_covering
from cleanprod.experts.services.ratings import _two, rating_average
from cleanprod.experts.services.rules import rating_rule_for
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


@dataclass
class ReevaluationSummary:
    """Pool numbers renewed and flagged by one run."""

    renewed: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"renewed": self.renewed, "flagged": self.flagged}


def _flag(expert: Expert, reason: str, by: Any) -> None:
    due = expert.next_reevaluation_on
    sent = notice_send(
        recipients=users_with_perm_covering(workflow.ADMIT_PERM, expert.region.path),
        subject=_("Re-evaluation: %(expert)s needs a decision") % {"expert": expert},
        body=reason,
        link=reverse("experts:detail", args=[expert.pk]),
        key=f"expert:{expert.pk}:reevaluation:{due}",
    )
    already = TrailEvent.objects.filter(
        action=ExpertAction.FLAGGED,
        object_type="experts.expert",
        object_id=str(expert.pk),
        details__due=str(due),
    ).exists()
    if sent or not already:
        trail_record(
            ExpertAction.FLAGGED,
            by=by,
            obj=expert,
            region_path=expert.region.path,
            details={"due": str(due), "reason": reason},
        )


@transaction.atomic
def reevaluation_run(*, today: datetime.date, by: Any = None) -> ReevaluationSummary:
    """Renew or flag every member due on or before `today` (within `by`'s scope when a person
    runs it); running twice on a day changes nothing more."""
    experts = Expert.objects.filter(
        status__in=(Expert.Status.ACTIVE, Expert.Status.SUSPENDED),
        next_reevaluation_on__lte=today,
    )
    if by is not None:
        experts = experts.in_scope(scope_for(by), workflow.ADMIT_PERM)
    summary = ReevaluationSummary()
    for expert in (
        experts.select_for_update(of=("self",)).select_related("region").order_by("pool_no")
    ):
        rule = rating_rule_for(expert.region)
        avg = rating_average(expert, rule.window)
        if (
            avg.average is not None
            and avg.count >= rule.min_ratings
            and avg.average < rule.warn_below
        ):
            reason = _(
                "Average rating %(average)s over the last %(count)d reviews is below the warning "
                "threshold %(threshold)s: the re-evaluation due on %(due)s needs a decision."
            ) % {
                "average": _two(avg.average),
                "count": avg.count,
                "threshold": _two(rule.warn_below),
                "due": expert.next_reevaluation_on,
            }
            _flag(expert, reason, by)
            summary.flagged.append(expert.pool_no)
            continue
        due = expert.next_reevaluation_on
        assert due is not None  # noqa: S101  (filtered above)
        following = add_months(due, rule.reevaluation_months)
        if following <= today:  # long overdue: a full period from today
            following = add_months(today, rule.reevaluation_months)
        expert.next_reevaluation_on = following
        history_user(expert, by)
        expert.save(update_fields=["next_reevaluation_on"])
        trail_record(
            ExpertAction.RENEWED,
            by=by,
            obj=expert,
            region_path=expert.region.path,
            details={"due": str(due), "next": str(following), "ratings": avg.count},
        )
        summary.renewed.append(expert.pool_no)
    return summary
