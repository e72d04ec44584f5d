"""Screening: from the registry facts, the candidates for a year's mandatory list, each with
its legal reasons (CP Law Art 27, Measures Art 8; regulation.md §1.1, §2.4).

A read, not a write: `list_screen` (services/lists.py) puts the candidates on a draft list.

- 双超 (EXCEED_STD_OR_CAP): Exceedance records dated in the list year or the
  `policy.fact_lookback_years` years before it.
- 高耗能 (ENERGY_QUOTA): EnergyUse of those years whose unit-product consumption is over the quota.
- 双有 (TOXIC): ToxicSubstance records of those years, *and* the enterprise is due: never
  audited, or its last completed round (AuditRound.completed_on) + `policy.toxic_interval_years`
  falls in or before the list year. A toxic enterprise that is not yet due is not proposed for
  that alone; its reason text says when the next round is due.
- INTERVAL: an enterprise that has completed a round and whose main industry is in a published
  catalogue with a cycle (heavy-metal 2 years, overcapacity 3 years …; the catalogue's own
  region must contain the list's region) is due again when last round + cycle falls in or
  before the list year. Catalogue membership alone, without a previous round, is not a legal
  trigger and proposes nothing.
- ROLLOVER (when `policy.rollover` is on): an open audit whose START or REPORT deadline is
  unmet and past `today`, or an enterprise whose latest mandatory audit was withdrawn after a
  refusal (its `withdrawn_reason` mentions a refusal: see `is_refusal`), or whose latest
  mandatory audit failed evaluation or acceptance with a re-audit order (status FAILED).

Enterprises with an open audit are skipped unless rolled over, and so are enterprises already
on another list of the same year (included and not removed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.audits import clock
from cleanprod.audits.models import (
    Audit,
    AuditPolicy,
    AuditRound,
    Deadline,
    Department,
    ListEntry,
    MandatoryList,
    Step,
    Track,
    Trigger,
)
from cleanprod.audits.services.config import lead_department_for, policy_for
from cleanprod.core.scoping import ScopeLike
from cleanprod.regions.models import Region
from cleanprod.registry.models import (
    EnergyUse,
    Enterprise,
    Exceedance,
    IndustryCatalogue,
    ToxicSubstance,
)

SUBSTANTIVE = frozenset({Trigger.EXCEED_STD_OR_CAP, Trigger.ENERGY_QUOTA, Trigger.TOXIC})
ROLLOVER_STEPS = (Step.START, Step.REPORT)
REFUSAL_WORDS = ("拒绝", "拒不", "refus")
FACTS_SHOWN = 3
TRIGGER_ORDER = [t.value for t in Trigger]


@dataclass
class Candidate:
    """An enterprise proposed for the list: its triggers (Trigger values), the department that
    leads its audit and the reasons in words (in the language active during screening)."""

    enterprise: Enterprise
    triggers: list[str]
    lead_department: str
    reason_text: str
    next_due: date | None = None


@dataclass
class _Facts:
    exceedances: list[Exceedance] = field(default_factory=list)
    energy: list[EnergyUse] = field(default_factory=list)
    toxic: list[ToxicSubstance] = field(default_factory=list)
    rollover: list[str] = field(default_factory=list)


def is_refusal(reason: str) -> bool:
    """Whether a withdrawal reason records that the enterprise refused to audit (the marker
    is the reason text itself: 拒绝 / 拒不 / "refused")."""
    text = (reason or "").casefold()
    return any(word in text for word in REFUSAL_WORDS)


def lead_department(
    region: Region, triggers: Iterable[str], cache: dict[tuple[int, str], str] | None = None
) -> str:
    """The lead department (牵头部门) of an entry. When the only substantive trigger is the
    energy quota (高耗能, possibly with an interval or roll-over), the region's energy
    department leads; a single trigger follows the region's rule for it; several substantive
    triggers go to ecology-environment (ECO_ENV), which leads 双超 and 双有."""
    found = set(triggers)
    substantive = found & SUBSTANTIVE
    if substantive == {Trigger.ENERGY_QUOTA}:
        rule = Trigger.ENERGY_QUOTA.value
    elif len(found) == 1:
        rule = next(iter(found))
    else:
        return Department.ECO_ENV
    if cache is None:
        return lead_department_for(region, rule)
    key = (region.pk, rule)
    if key not in cache:
        cache[key] = lead_department_for(region, rule)
    return cache[key]


def screening_candidates(
    *,
    region: Region,
    year: int,
    scope: ScopeLike,
    today: date | None = None,
    exclude_list: MandatoryList | None = None,
) -> list[Candidate]:
    """The candidates for `year`'s list of `region` among the operating enterprises of its
    subtree that `scope` may see, ordered by county and name."""
    today = today or timezone.localdate()
    policy = policy_for(region)
    first, last = year - policy.fact_lookback_years, year
    year_end = date(year, 12, 31)
    enterprises = (
        Enterprise.objects.in_scope(scope, "registry.view_enterprise")
        .operating()
        .filter(region__path__startswith=region.path)
    )
    ids = enterprises.values("pk")
    facts: dict[int, _Facts] = defaultdict(_Facts)
    for exceedance in Exceedance.objects.filter(
        enterprise__in=ids, occurred_on__range=(date(first, 1, 1), year_end)
    ).order_by("occurred_on", "pk"):
        facts[exceedance.enterprise_id].exceedances.append(exceedance)
    for use in EnergyUse.objects.filter(
        enterprise__in=ids,
        year__range=(first, last),
        unit_consumption__isnull=False,
        quota__isnull=False,
        unit_consumption__gt=F("quota"),
    ).order_by("year", "product"):
        facts[use.enterprise_id].energy.append(use)
    for substance in ToxicSubstance.objects.filter(
        enterprise__in=ids, year__range=(first, last)
    ).order_by("year", "category", "name"):
        facts[substance.enterprise_id].toxic.append(substance)
    rounds = dict(
        AuditRound.objects.filter(enterprise__in=ids)
        .values("enterprise_id")
        .annotate(last=Max("completed_on"))
        .values_list("enterprise_id", "last")
    )
    open_ids = set(
        Audit.objects.open().filter(enterprise__in=ids).values_list("enterprise_id", flat=True)
    )
    if policy.rollover:
        _rollover(ids, open_ids, today, facts)
    taken = ListEntry.objects.filter(
        mandatory_list__year=year, included=True, removed=False
    ).values_list("enterprise_id", flat=True)
    if exclude_list is not None:
        taken = taken.exclude(mandatory_list=exclude_list)
    skip = set(taken)
    wanted = (set(facts) | set(rounds)) - skip
    cycles = _cycles(region)
    policies: dict[int, AuditPolicy] = {}
    leads: dict[tuple[int, str], str] = {}
    candidates = []
    for enterprise in (
        Enterprise.objects.filter(pk__in=wanted)
        .select_related("region")
        .order_by("region__code", "name", "pk")
    ):
        found = facts.get(enterprise.pk, _Facts())
        if enterprise.pk in open_ids and not found.rollover:
            continue
        if enterprise.region_id not in policies:
            policies[enterprise.region_id] = policy_for(enterprise.region)
        candidate = _candidate(
            enterprise,
            found,
            rounds.get(enterprise.pk),
            year_end,
            policies[enterprise.region_id],
            cycles,
            leads,
        )
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _rollover(ids: QuerySet, open_ids: set[int], today: date, facts: dict[int, _Facts]) -> None:
    """Overdue open audits and refused (withdrawn) ones, as reason sentences."""
    overdue = (
        Deadline.objects.filter(
            audit__enterprise__in=ids,
            audit__track=Track.MANDATORY,
            step__in=ROLLOVER_STEPS,
            met_on__isnull=True,
            due_on__lt=today,
        )
        .exclude(audit__status__in=Audit.CLOSED_STATUSES)
        .select_related("audit")
        .order_by("due_on")
    )
    for deadline in overdue:
        audit = deadline.audit
        facts[audit.enterprise_id].rollover.append(
            _(
                "Audit round %(round)s (listed on %(listed)s) missed the deadline to "
                "“%(step)s” (due %(due)s)."
            )
            % {
                "round": audit.round_no,
                "listed": audit.listed_on.isoformat(),
                "step": Step(deadline.step).label,
                "due": deadline.due_on.isoformat(),
            }
        )
    latest: dict[int, Audit] = {}
    for audit in Audit.objects.filter(
        enterprise__in=ids, track=Track.MANDATORY, subject=Audit.Subject.ENTERPRISE
    ).order_by("listed_on", "pk"):
        latest[audit.enterprise_id] = audit
    for enterprise_id, audit in latest.items():
        if (
            audit.status == Audit.Status.WITHDRAWN
            and enterprise_id not in open_ids
            and is_refusal(audit.withdrawn_reason)
        ):
            facts[enterprise_id].rollover.append(
                _("The audit listed on %(listed)s was withdrawn after a refusal: %(reason)s")
                % {"listed": audit.listed_on.isoformat(), "reason": audit.withdrawn_reason}
            )
        elif audit.status == Audit.Status.FAILED and enterprise_id not in open_ids:
            facts[enterprise_id].rollover.append(
                _("The audit listed on %(listed)s failed its review and must be re-audited.")
                % {"listed": audit.listed_on.isoformat()}
            )


def _cycles(region: Region) -> list[tuple[IndustryCatalogue, list[str]]]:
    """Published catalogues with an audit cycle that apply in `region`, with their paths."""
    found = []
    for catalogue in (
        IndustryCatalogue.objects.published()
        .filter(cycle_years__isnull=False)
        .select_related("region")
        .prefetch_related("industries")
    ):
        if region.path.startswith(catalogue.region.path):
            found.append((catalogue, [i.path for i in catalogue.industries.all()]))
    return found


def _candidate(
    enterprise: Enterprise,
    facts: _Facts,
    last_round: date | None,
    year_end: date,
    policy: AuditPolicy,
    cycles: list[tuple[IndustryCatalogue, list[str]]],
    leads: dict[tuple[int, str], str],
) -> Candidate | None:
    triggers: list[str] = []
    lines: list[str] = []
    next_due: date | None = None
    if facts.exceedances:
        triggers.append(Trigger.EXCEED_STD_OR_CAP)
        lines.append(_line(Trigger.EXCEED_STD_OR_CAP, map(_exceedance, facts.exceedances)))
    if facts.energy:
        triggers.append(Trigger.ENERGY_QUOTA)
        lines.append(_line(Trigger.ENERGY_QUOTA, map(_energy, facts.energy)))
    if facts.toxic:
        substances = list(map(_toxic, facts.toxic))
        if last_round is None:
            triggers.append(Trigger.TOXIC)
            lines.append(
                _line(Trigger.TOXIC, substances) + " " + _("No completed audit round on record.")
            )
        else:
            due = clock.add_months(last_round, 12 * policy.toxic_interval_years)
            params = {
                "last": last_round.isoformat(),
                "due": due.isoformat(),
                "years": policy.toxic_interval_years,
            }
            if due <= year_end:
                triggers.append(Trigger.TOXIC)
                lines.append(
                    _line(Trigger.TOXIC, substances)
                    + " "
                    + _(
                        "Last round completed on %(last)s; toxic enterprises audit again "
                        "within %(years)s years, so the next round is due by %(due)s."
                    )
                    % params
                )
            else:
                next_due = due
                lines.append(
                    _(
                        "Toxic or harmful substances on record (%(facts)s), but the next round "
                        "is not due until %(due)s (last round completed on %(last)s)."
                    )
                    % {**params, "facts": _join(substances)}
                )
    if last_round is not None:
        interval = _interval(enterprise, last_round, year_end, cycles)
        if interval is not None:
            text, due = interval
            triggers.append(Trigger.INTERVAL)
            lines.append(f"{Trigger.INTERVAL.label}: {text}")
            if next_due is not None and due <= year_end:
                next_due = None
    if facts.rollover:
        triggers.append(Trigger.ROLLOVER)
        lines.append(f"{Trigger.ROLLOVER.label}: " + " ".join(facts.rollover))
    if not triggers:
        return None
    triggers.sort(key=TRIGGER_ORDER.index)
    return Candidate(
        enterprise=enterprise,
        triggers=triggers,
        lead_department=lead_department(enterprise.region, triggers, leads),
        reason_text="\n".join(lines),
        next_due=next_due,
    )


def _interval(
    enterprise: Enterprise,
    last_round: date,
    year_end: date,
    cycles: list[tuple[IndustryCatalogue, list[str]]],
) -> tuple[str, date] | None:
    """The shortest catalogue cycle the enterprise's main industry falls under, if due."""
    matching = [
        c for c, paths in cycles if any(enterprise.industry_path.startswith(p) for p in paths)
    ]
    if not matching:
        return None
    catalogue = min(matching, key=lambda c: (c.cycle_years, c.slug))
    due = clock.add_months(last_round, 12 * (catalogue.cycle_years or 0))
    if due > year_end:
        return None
    text = _(
        "Last round completed on %(last)s; “%(catalogue)s” sets a cycle of %(years)s years, so "
        "the next round is due by %(due)s."
    ) % {
        "last": last_round.isoformat(),
        "catalogue": catalogue.name,
        "years": catalogue.cycle_years,
        "due": due.isoformat(),
    }
    return text, due


def _line(trigger: Trigger, facts: Iterable[str]) -> str:
    return f"{trigger.label}: {_join(list(facts))}."


def _join(items: list[str]) -> str:
    shown = "; ".join(items[:FACTS_SHOWN])
    if len(items) > FACTS_SHOWN:
        shown += " " + _("and %(n)d more") % {"n": len(items) - FACTS_SHOWN}
    return shown


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():f}"


def _exceedance(fact: Exceedance) -> str:
    text = _("%(date)s %(pollutant)s %(kind)s") % {
        "date": fact.occurred_on.isoformat(),
        "pollutant": fact.pollutant,
        "kind": Exceedance.Kind(fact.kind).label.lower(),
    }
    if fact.measured is not None and fact.limit is not None:
        text += " " + _("(measured %(measured)s against a limit of %(limit)s %(unit)s)") % {
            "measured": _number(fact.measured),
            "limit": _number(fact.limit),
            "unit": fact.unit,
        }
    if fact.reference:
        text += ", " + _("reference %(reference)s") % {"reference": fact.reference}
    return text.strip()


def _energy(fact: EnergyUse) -> str:
    text = _(
        "%(year)s %(product)s unit-product consumption %(value)s %(unit)s over the quota "
        "%(quota)s %(unit)s"
    ) % {
        "year": fact.year,
        "product": fact.product,
        "value": _number(fact.unit_consumption),
        "quota": _number(fact.quota),
        "unit": fact.quota_unit,
    }
    if fact.quota_standard:
        text += " (" + fact.quota_standard + ")"
    return " ".join(text.split())


def _toxic(fact: ToxicSubstance) -> str:
    return _("%(year)s %(name)s (%(category)s, %(mode)s)") % {
        "year": fact.year,
        "name": fact.name,
        "category": ToxicSubstance.Category(fact.category).label.lower(),
        "mode": ToxicSubstance.Mode(fact.mode).label.lower(),
    }
