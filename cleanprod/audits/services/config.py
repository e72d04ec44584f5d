"""Regional configuration: the national defaults (seeded as data, editable) and how a rule
resolves for a region — the nearest region on the path from the county up to 000000 wins."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.audits.models import (
    Anchor,
    AuditPolicy,
    DeadlineRule,
    Department,
    LeadDepartmentRule,
    Step,
    Trigger,
)
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import nearest_row

ROOT = "000000"

# regulation.md §2.2 (national defaults, anchored at list publication) and §0.2 (lead departments)
NATIONAL_DEADLINES = (
    (Step.DISCLOSE, Anchor.LISTED, 1, "清洁生产审核办法: 名单公布后一个月内公布信息"),
    (Step.START, Anchor.LISTED, 2, "清洁生产审核办法: 名单公布后两个月内开展审核"),
    (Step.REPORT, Anchor.LISTED, 12, "名单公布后一年内完成审核并报送审核报告"),
    # no national time limits for evaluation and acceptance were found (regulation.md §4.3);
    # these defaults follow the local examples of §2.3 and are meant to be overridden
    (
        Step.EVALUATION_APPLY,
        Anchor.REPORT_ACCEPTED,
        1,
        "地方示例(云霄县): 审核完成后一个月内提交报告并申请评估",
    ),
    (Step.EVALUATION, Anchor.EVALUATION_APPLIED, 1, "地方示例(云霄县): 收到申请后一个月内组织评估"),
    (
        Step.ACCEPTANCE_APPLY,
        Anchor.EVALUATION_PASSED,
        12,
        "地方示例(武汉市): 通过评估后一年内完成中/高费方案并申请验收",
    ),
    (Step.ACCEPTANCE, Anchor.ACCEPTANCE_APPLIED, 1, "默认值: 收到验收申请后一个月内组织验收"),
)
NATIONAL_LEADS = (
    (Trigger.EXCEED_STD_OR_CAP, Department.ECO_ENV),
    (Trigger.TOXIC, Department.ECO_ENV),
    (Trigger.ENERGY_QUOTA, Department.DRC),
    (Trigger.INTERVAL, Department.ECO_ENV),
    (Trigger.ROLLOVER, Department.ECO_ENV),
    (Trigger.OTHER, Department.ECO_ENV),
)


@transaction.atomic
def rules_seed_national() -> int:
    """Create the national defaults where missing (idempotent); returns rows created."""
    root = Region.objects.get(code=ROOT)
    created = 0
    for step, anchor, months, source in NATIONAL_DEADLINES:
        _, new = DeadlineRule.objects.get_or_create(
            region=root,
            track="",
            step=step,
            defaults={"anchor": anchor, "months": months, "source": source},
        )
        created += new
    for trigger, department in NATIONAL_LEADS:
        _, new = LeadDepartmentRule.objects.get_or_create(
            region=root, trigger=trigger, defaults={"department": department}
        )
        created += new
    _, new = AuditPolicy.objects.get_or_create(region=root)
    return created + new


def _ancestor_codes(region: Region) -> list[str]:
    """The region's path from itself up to the root, nearest first."""
    return [code for code in reversed(region.path.strip("/").split("/")) if code]


def _nearest(rows: list, region: Region) -> object | None:  # type: ignore[type-arg]
    by_code = {row.region.code: row for row in rows}
    for code in _ancestor_codes(region):
        if code in by_code:
            return by_code[code]
    return None


def policy_for(region: Region) -> AuditPolicy:
    """The audit policy of the nearest region that has one (the national row always exists
    after `load_audit_rules`; without it, the model's defaults)."""
    return nearest_row(AuditPolicy.objects.all(), region) or AuditPolicy(region=region)


@dataclass(frozen=True)
class ResolvedRule:
    step: str
    anchor: str
    months: int
    days: int
    basis: str
    working_days: bool = False


def deadline_rules_for(region: Region, track: str) -> dict[str, ResolvedRule]:
    """Per step, the rule that applies to an audit of `track` in `region`; a region may switch
    a step off (enabled=False) and a track-specific rule beats a rule for both tracks."""
    rows = list(
        DeadlineRule.objects.filter(
            region__code__in=_ancestor_codes(region), track__in=["", track]
        ).select_related("region")
    )
    depth = {code: i for i, code in enumerate(_ancestor_codes(region))}
    best: dict[str, DeadlineRule] = {}
    for row in sorted(rows, key=lambda r: (depth[r.region.code], r.track == "")):
        best.setdefault(row.step, row)
    return {
        step: ResolvedRule(
            step=step,
            anchor=row.anchor,
            months=row.months,
            days=row.days,
            basis=_basis(row),
            working_days=row.working_days,
        )
        for step, row in best.items()
        if row.enabled
    }


def _basis(rule: DeadlineRule) -> str:
    where = _("National default") if rule.region.code == ROOT else rule.region.name
    return f"{where}: {rule.source}" if rule.source else str(where)


def lead_department_for(region: Region, trigger: str) -> str:
    rows = list(
        LeadDepartmentRule.objects.filter(
            region__code__in=_ancestor_codes(region), trigger=trigger
        ).select_related("region")
    )
    found = _nearest(rows, region)
    return found.department if isinstance(found, LeadDepartmentRule) else Department.ECO_ENV
