"""Editing the regional configuration (regulation.md §2.3, §12): a province (or one of its
cities) overrides the national default of a deadline rule, switches a step off, sets its audit
policy and its lead departments. National rows stay read-only for provincial officials: the
scope door refuses them because 000000 lies above their grant.

Changes apply to audits opened afterwards; an open audit keeps the deadlines it was given."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits.models import AuditPolicy, DeadlineRule, LeadDepartmentRule
from cleanprod.audits.services.config import policy_for
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region

EDITABLE_LEVELS = (Region.Level.PROVINCE, Region.Level.PREFECTURE)
POLICY_FIELDS = (
    "toxic_interval_years",
    "option_cost_threshold",
    "balance_tolerance_pct",
    "fact_lookback_years",
    "due_soon_days",
    "escalate_city_days",
    "escalate_province_days",
    "rollover",
)
RULE_PERM = "audits.change_deadlinerule"
POLICY_PERM = "audits.change_auditpolicy"
LEAD_PERM = "audits.change_leaddepartmentrule"


def _editable(region: Region, by: Any, perm: str) -> Region:
    """A province or a city the person holds `perm` in (PermissionDenied otherwise)."""
    ensure_allowed(by, perm, region)
    if region.level not in EDITABLE_LEVELS or not region.is_current:
        raise DomainError(
            "config.region_level",
            _("Rules are set for a province or a city, not for “%(region)s”.")
            % {"region": region.name},
            fields={"region": [_("Choose a province or a city.")]},
        )
    return region


@transaction.atomic
def deadline_rule_save(
    *,
    region: Region,
    step: str,
    anchor: str,
    by: Any,
    track: str = "",
    months: int = 0,
    days: int = 0,
    working_days: bool = False,
    enabled: bool = True,
    source: str = "",
) -> DeadlineRule:
    """Add or change the region's rule for (track, step); `enabled=False` switches the step
    off in the region (and below), whatever the national default says."""
    _editable(region, by, RULE_PERM)
    rule = (
        DeadlineRule.objects.select_for_update()
        .filter(region=region, track=track, step=step)
        .first()
    )
    if rule is None:
        rule = DeadlineRule(region=region, track=track, step=step)
    rule.anchor, rule.months, rule.days = anchor, months, days
    rule.working_days = working_days
    rule.enabled, rule.source = enabled, source.strip()
    if enabled and not (months or days):
        raise DomainError(
            "config.rule_without_length",
            _("A deadline needs months or days; to have no deadline, switch the step off."),
            fields={"months": [_("Give months or days.")]},
        )
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def deadline_rule_remove(*, rule: DeadlineRule, by: Any) -> None:
    """Drop the region's own rule; the rule of the region above applies again."""
    rule = DeadlineRule.objects.select_for_update().select_related("region").get(pk=rule.pk)
    _editable(rule.region, by, RULE_PERM)
    rule.delete()


@transaction.atomic
def audit_policy_save(*, region: Region, by: Any, values: dict[str, Any]) -> AuditPolicy:
    """Set the region's audit policy; a region without its own row starts from the policy it
    inherits. Only POLICY_FIELDS are taken from `values`."""
    _editable(region, by, POLICY_PERM)
    unknown = sorted(set(values) - set(POLICY_FIELDS))
    if unknown:
        raise DomainError(
            "config.policy_fields",
            _("These settings cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(unknown)},
        )
    policy = AuditPolicy.objects.select_for_update().filter(region=region).first()
    if policy is None:
        inherited = policy_for(region)
        policy = AuditPolicy(region=region)
        for name in POLICY_FIELDS:
            setattr(policy, name, getattr(inherited, name))
    for name, value in values.items():
        setattr(policy, name, Decimal(str(value)) if isinstance(value, float) else value)
    if policy.escalate_province_days < policy.escalate_city_days:
        raise DomainError(
            "config.escalation_order",
            _("The province is alerted after the city: its delay cannot be shorter."),
            fields={"escalate_province_days": [_("At least the city's delay.")]},
        )
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def lead_department_save(
    *, region: Region, trigger: str, department: str, by: Any
) -> LeadDepartmentRule:
    """Set which department leads a trigger category in the region."""
    _editable(region, by, LEAD_PERM)
    rule = LeadDepartmentRule.objects.select_for_update().filter(
        region=region, trigger=trigger
    ).first() or LeadDepartmentRule(region=region, trigger=trigger)
    rule.department = department
    rule.full_clean()
    rule.save()
    return rule
