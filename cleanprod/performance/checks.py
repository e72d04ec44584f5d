"""The deliverables of phases 4–6 kept in this app, registered with the phase checks of
`audits` (which never imports this app); connected in `PerformanceConfig.ready()`.

4 option generation and screening: at least one option, and none left unscreened.
5 feasibility: every selected medium/high-cost option has a complete feasibility analysis
  (technical, environmental and economic evaluation and a conclusion); none such: nothing to do.
6 implementation: every selected option — except medium/high-cost ones found not feasible —
  is being implemented with a planned completion date, or implemented; once any option is
  implemented, every CP target has its achieved value."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cleanprod.audits.models import Audit, CPTarget, Phase
from cleanprod.audits.services.phases import deliverable_check
from cleanprod.performance.models import Option

Status = Option.Status


def _codes(options: list[Option]) -> str:
    return ", ".join(o.code for o in options)


@deliverable_check(Phase.OPTION_GENERATION)
def options_generated(audit: Audit) -> list[str]:
    options = list(Option.objects.filter(audit=audit))
    if not options:
        return [_("at least one cleaner production option")]
    unscreened = [o for o in options if o.status == Status.PROPOSED]
    if unscreened:
        return [_("screening of options %(codes)s") % {"codes": _codes(unscreened)}]
    return []


@deliverable_check(Phase.FEASIBILITY)
def options_feasibility(audit: Audit) -> list[str]:
    selected = Option.objects.filter(audit=audit, status=Status.SELECTED).medium_high()
    lacking = [o for o in selected if not o.feasibility_complete]
    if lacking:
        return [
            _("the feasibility analysis of medium/high-cost options %(codes)s")
            % {"codes": _codes(lacking)}
        ]
    return []


@deliverable_check(Phase.IMPLEMENTATION)
def options_implemented(audit: Audit) -> list[str]:
    options = list(Option.objects.filter(audit=audit))
    waiting = [
        o
        for o in options
        if (o.status == Status.SELECTED and not _found_infeasible(o))
        or (o.status == Status.IN_PROGRESS and o.planned_on is None)
    ]
    missing = []
    if waiting:
        missing.append(
            _("the implementation status (with a planned date) of options %(codes)s")
            % {"codes": _codes(waiting)}
        )
    if any(o.status == Status.IMPLEMENTED for o in options):
        open_targets = CPTarget.objects.filter(audit=audit, achieved__isnull=True)
        names = ", ".join(t.indicator for t in open_targets)
        if names:
            missing.append(_("the achieved values of the targets %(names)s") % {"names": names})
    return missing


def _found_infeasible(option: Option) -> bool:
    return option.cost_class == Option.CostClass.MEDIUM_HIGH and option.feasible is False
