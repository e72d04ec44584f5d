"""Reads of the expert pool for pages and the API: the pool list with its filters (shared by
both), one expert's file with status history, ratings and conflicts, and the rating rules a
person sees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cleanprod.accounts.policies import can
from cleanprod.core.scoping import ScopeLike
from cleanprod.experts import workflow
from cleanprod.experts.models import Conflict, Expert, Field, Rating, RatingRule, StatusChange
from cleanprod.experts.services.ratings import RatingAverage, rating_average
from cleanprod.experts.services.rules import rating_rule_for
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import paths_upward
from cleanprod.registry.models import Industry
from cleanprod.registry.privacy import mask_phone

FILTERS = ("status", "specialty", "region", "field", "q")


def division_code(code: str) -> str:
    """A GB/T 4754 code → its division: "2614" (class), "261" (group) and "26" give "26";
    a section letter stays as it is."""
    code = (code or "").strip().upper()
    return code if code.isalpha() else code[:2]


def expert_queryset(*, scope: ScopeLike, filters: Mapping[str, Any]) -> QuerySet[Expert]:
    """The pool as the person may read it, filtered by status, specialty (any GB/T 4754 code:
    an enterprise's class finds the experts of its division), region subtree, field of
    expertise and a search over name, employer and pool number."""
    qs = Expert.objects.in_scope(scope, "view").select_related("region")
    status = str(filters.get("status") or "")
    if status in Expert.Status.values:
        qs = qs.filter(status=status)
    specialty = division_code(str(filters.get("specialty") or ""))
    if specialty.isalpha():
        qs = qs.filter(specialties__parent__code=specialty)
    elif specialty:
        qs = qs.filter(specialties__code=specialty)
    region = str(filters.get("region") or "").strip()
    if region:
        qs = qs.filter(
            Q(region__code=region)
            | Q(region__path__contains=f"/{region}/")
            | Q(region__path__startswith=f"{region}/")
        )
    field = str(filters.get("field") or "")
    if field in Field.values:
        qs = qs.filter(expertise__icontains=f'"{field}"')
    text = str(filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(employer__icontains=text) | Q(pool_no__icontains=text)
        )
    if specialty:
        qs = qs.distinct()
    return qs.prefetch_related(Prefetch("specialties", Industry.objects.order_by("code"))).order_by(
        "pool_no", "pk"
    )


def division_choices() -> QuerySet[Industry]:
    return Industry.objects.filter(level=Industry.Level.DIVISION).order_by("code")


@dataclass(frozen=True)
class ExpertFile:
    """What one expert's page shows."""

    expert: Expert
    history: list[StatusChange]
    conflicts: list[Conflict]
    ratings: list[Rating]
    average: RatingAverage
    show_ratings: bool
    show_contacts: bool
    can_unmask: bool
    phone: str
    email: str
    actions: list[str]


def mask_email(email: str) -> str:
    """ma.lin@example.cn → m***@example.cn"""
    name, _at, domain = (email or "").partition("@")
    return f"{name[:1]}***@{domain}" if domain else ""


def expert_allowed_actions(*, expert: Expert, scope: ScopeLike) -> list[str]:
    """The people's actions the status allows and the person may take on this expert."""
    return [
        action
        for action in workflow.ACTIONS
        if workflow.action_allowed(expert.status, action)
        and can(scope, workflow.TRANSITIONS[(expert.status, workflow.ACTIONS[action])], expert)
    ]


def expert_file(*, expert: Expert, scope: ScopeLike, own: bool = False) -> ExpertFile:
    """The expert with status history, current and lapsed conflicts, ratings (to those who
    may read them, and to the expert themself); contacts in full only to the expert
    themself, masked to everyone else (examiners may ask to see them: services.contacts)."""
    show_ratings = own or can(scope, workflow.VIEW_RATING_PERM, expert)
    show_contacts = own
    rule = rating_rule_for(expert.region)
    ratings = (
        list(expert.ratings.select_related("rated_by").order_by("-rated_at", "-id"))
        if show_ratings
        else []
    )
    return ExpertFile(
        expert=expert,
        history=list(expert.status_changes.select_related("by").order_by("at", "id")),
        conflicts=list(expert.conflicts.order_by("-declared_at", "-id")),
        ratings=ratings,
        average=rating_average(expert, rule.window) if show_ratings else RatingAverage(None, 0),
        show_ratings=show_ratings,
        show_contacts=show_contacts,
        can_unmask=not own and can(scope, workflow.ADMIT_PERM, expert),
        phone=expert.phone if show_contacts else mask_phone(expert.phone),
        email=expert.email if show_contacts else mask_email(expert.email),
        actions=[] if own else expert_allowed_actions(expert=expert, scope=scope),
    )


def own_expert(*, scope: Any) -> Expert | None:
    """The expert a person with the expert role acts for (None without a binding)."""
    ids = getattr(scope, "parties", {}).get("expert", ())
    if not ids:
        return None
    return Expert.objects.select_related("region").filter(pk__in=ids).first()


def conflicts_in_force(*, expert: Expert) -> QuerySet[Conflict]:
    return expert.conflicts.current(timezone.localdate())


@dataclass(frozen=True)
class RuleRow:
    """A rating rule as the rules page lists it: `applies_in` are the person's own regions
    where it is the rule that applies (the nearest one up the tree)."""

    rule: RatingRule
    applies_in: list[Region]


def rating_rules_seen(*, scope: ScopeLike) -> list[RuleRow]:
    """The national default, then the regional rules in the person's regions and below them
    and those above them (which apply there), ordered down the tree. Two queries."""
    grants = [g for g in scope.grants(workflow.RULE_VIEW_PERM) if not g.party]
    if not grants:
        return []
    homes = {g.path for g in grants}
    above = {p for home in homes for p in paths_upward(home)[:-1]}
    below = RatingRule.objects.in_scope(scope, workflow.RULE_VIEW_PERM).values("pk")
    rules = list(
        RatingRule.objects.filter(
            Q(region__isnull=True) | Q(region__path__in=above) | Q(pk__in=below)
        )
        .select_related("region")
        .order_by("region__path")
    )
    national = next((r for r in rules if r.region_id is None), None)
    by_path = {r.region.path: r for r in rules if r.region_id is not None}
    applies: dict[int, list[Region]] = {}
    for home in Region.objects.filter(path__in=homes).order_by("path"):
        nearest = next(
            (by_path[p] for p in reversed(paths_upward(home.path)) if p in by_path), national
        )
        if nearest is not None:
            applies.setdefault(nearest.pk, []).append(home)
    ordered = ([national] if national is not None else []) + [
        r for r in rules if r.region_id is not None
    ]
    return [RuleRow(rule=r, applies_in=applies.get(r.pk, [])) for r in ordered]
