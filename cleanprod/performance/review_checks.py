"""What the options must show before a review (regulation.md §4.1), registered with the
readiness hook of `reviews` (which sits below this app); connected in `PerformanceConfig.ready()`.

Evaluation: the no/low-cost options selected in screening are implemented ("basically done").
Acceptance: the feasible medium/high-cost options are implemented."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cleanprod.audits.models import Audit
from cleanprod.performance.models import Option
from cleanprod.reviews.services import readiness

Status = Option.Status
PENDING = (Status.SELECTED, Status.IN_PROGRESS)


def no_low_cost_done(audit: Audit) -> list[str]:
    pending = list(Option.objects.filter(audit=audit, status__in=PENDING).no_low().order_by("code"))
    if pending:
        codes = ", ".join(o.code for o in pending)
        return [_("No/low-cost options not yet implemented: %(codes)s.") % {"codes": codes}]
    return []


def medium_high_cost_done(audit: Audit) -> list[str]:
    pending = [
        o
        for o in Option.objects.filter(audit=audit, status__in=PENDING)
        .medium_high()
        .order_by("code")
        if o.feasible is not False
    ]
    if pending:
        codes = ", ".join(o.code for o in pending)
        return [_("Medium/high-cost options not yet implemented: %(codes)s.") % {"codes": codes}]
    return []


readiness.register("evaluation", no_low_cost_done)
readiness.register("acceptance", medium_high_cost_done)


def option_counts(audit: Audit) -> dict[str, int]:
    """Options by cost class, as the evaluation opinion quotes them (Jinzhai 2024 letter)."""
    options = Option.objects.filter(audit=audit).exclude(status=Status.REJECTED)
    return {
        "no_low": options.no_low().count(),
        "medium_high": options.medium_high().count(),
        "implemented": options.filter(status=Status.IMPLEMENTED).count(),
    }


readiness.register_facts(option_counts)
