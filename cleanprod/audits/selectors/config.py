"""Reads of the regional configuration for its pages: which rule applies in a region for each
track and step, and where it comes from (the national default, a province, the city itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cleanprod.audits.models import (
    AuditPolicy,
    DeadlineRule,
    LeadDepartmentRule,
    Step,
    Track,
    Trigger,
)
from cleanprod.audits.services.config import ROOT, policy_for
from cleanprod.audits.services.config_edit import EDITABLE_LEVELS
from cleanprod.regions.models import Region

NATIONAL, INHERITED, OWN = "national", "inherited", "own"


def _ancestor_codes(region: Region) -> list[str]:
    """The region's code and those above it, nearest first (as rules resolve)."""
    return [code for code in reversed(region.path.strip("/").split("/")) if code]


@dataclass(frozen=True)
class ResolvedRow:
    step: str
    track: str
    rule: DeadlineRule | None  # the row that wins, possibly switched off
    origin: str  # national, inherited (from a region above, not national) or own

    @property
    def step_label(self) -> str:
        return str(Step(self.step).label)

    @property
    def track_label(self) -> str:
        return str(Track(self.track).label)


def _origin(row: Any, region: Region) -> str:
    if row is None:
        return ""
    if row.region_id == region.pk:
        return OWN
    return NATIONAL if row.region.code == ROOT else INHERITED


def rules_resolved(*, region: Region) -> list[ResolvedRow]:
    """For each track and step, the deadline rule that applies in `region` (the nearest
    region wins; a track-specific rule beats one for both tracks), with its origin."""
    codes = _ancestor_codes(region)
    depth = {code: i for i, code in enumerate(codes)}
    rows = list(DeadlineRule.objects.filter(region__code__in=codes).select_related("region"))
    resolved = []
    for track in Track.values:
        best: dict[str, DeadlineRule] = {}
        mine = [r for r in rows if r.track in ("", track)]
        for row in sorted(mine, key=lambda r: (depth[r.region.code], r.track == "")):
            best.setdefault(row.step, row)
        for step in Step.values:
            row = best.get(step)
            resolved.append(ResolvedRow(step, track, row, _origin(row, region)))
    return resolved


def rules_own(*, region: Region) -> list[DeadlineRule]:
    """The rules defined at `region` itself."""
    return list(DeadlineRule.objects.filter(region=region).select_related("region"))


def policy_resolved(*, region: Region) -> tuple[AuditPolicy, str]:
    policy = policy_for(region)
    return policy, (_origin(policy, region) if policy.pk else NATIONAL)


def leads_resolved(*, region: Region) -> list[tuple[str, LeadDepartmentRule | None, str]]:
    codes = _ancestor_codes(region)
    depth = {code: i for i, code in enumerate(codes)}
    rows = sorted(
        LeadDepartmentRule.objects.filter(region__code__in=codes).select_related("region"),
        key=lambda r: depth[r.region.code],
    )
    best: dict[str, LeadDepartmentRule] = {}
    for row in rows:
        best.setdefault(row.trigger, row)
    return [(label, best.get(t), _origin(best.get(t), region)) for t, label in Trigger.choices]


def config_regions(*, scope: Any, perm: str = "audits.view_deadlinerule") -> list[Region]:
    """The provinces and cities whose configuration the person may read, highest first."""
    return list(
        Region.objects.in_scope(scope, perm)
        .current()
        .filter(level__in=EDITABLE_LEVELS)
        .order_by("depth", "code")
    )
