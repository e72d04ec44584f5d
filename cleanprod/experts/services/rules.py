"""Which rating rule applies where: the nearest region up the tree that has one, else the
national default (the row without a region, created by migration 0003); and setting the rule
of a region, which a provincial authority does for the regions of its province."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.experts import workflow
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import RatingRule
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import nearest_row
from cleanprod.trail.services import trail_record

COUNTS = ("window", "min_ratings", "reevaluation_months")
THRESHOLDS = ("warn_below", "suspend_below", "remove_below")
RULE_FIELDS = (*COUNTS, *THRESHOLDS)
TOP_SCORE = Decimal(5)


def rating_rule_for(region: Region | None) -> RatingRule:
    """The rule of the nearest region at or above `region`; the national default otherwise."""
    rule = nearest_row(RatingRule.objects.all(), region)
    if rule is None:  # the data migration was rolled back: the model's defaults, saved once
        rule = RatingRule.objects.create(region=None)
    return rule


def _settings(rule: RatingRule) -> dict[str, Any]:
    """The rule's settings as the trail keeps them (thresholds as text: JSON has no decimal)."""
    return {
        f: f"{getattr(rule, f):.2f}" if f in THRESHOLDS else getattr(rule, f) for f in RULE_FIELDS
    }


def _number(value: Any, whole: bool) -> int | Decimal | None:
    """`value` as an int (`whole`) or a Decimal; None when it is not such a number."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    if whole:
        return int(number) if number == number.to_integral_value() else None
    return number


def rating_rule_problems(rule: RatingRule) -> dict[str, list[str]]:
    """What is wrong with the rule's settings, by field (translated); the numbers it accepts
    are left on the rule as int and Decimal. The database constraint keeps the same order, but
    its refusal names no field."""
    errors: dict[str, list[str]] = {}
    for field in RULE_FIELDS:
        number = _number(getattr(rule, field), whole=field in COUNTS)
        if number is None:
            errors[field] = [
                _("Give a whole number.") if field in COUNTS else _("Give a number, e.g. 3.5.")
            ]
        else:
            setattr(rule, field, number)
    if errors:
        return errors
    if rule.min_ratings < 1:
        errors["min_ratings"] = [_("The rule needs at least one rating before it acts.")]
    elif rule.window < rule.min_ratings:
        errors["window"] = [
            _("The ratings considered cannot be fewer than the minimum ratings before acting.")
        ]
    if rule.reevaluation_months < 1:
        errors["reevaluation_months"] = [_("Re-evaluate at least one month apart.")]
    if rule.warn_below > TOP_SCORE:
        errors["warn_below"] = [_("The warning threshold cannot be above 5, the top score.")]
    if rule.suspend_below > rule.warn_below:
        errors["suspend_below"] = [
            _("The suspension threshold cannot be above the warning threshold.")
        ]
    if rule.remove_below > rule.suspend_below:
        errors["remove_below"] = [
            _("The removal threshold cannot be above the suspension threshold.")
        ]
    elif rule.remove_below < 0:
        errors["remove_below"] = [_("A threshold cannot be below 0.")]
    return errors


def _refused(errors: dict[str, list[str]]) -> DomainError:
    return DomainError("rating_rule.invalid", _("The rating rule was not saved."), fields=errors)


@transaction.atomic
def rating_rule_save(*, region: Region, by: Any, **values: Any) -> RatingRule:
    """Set the rating rule of a region, created on first use from the rule that applied there;
    refusals name the field; the row history and the trail keep the settings before and after.
    `by=None` is the system itself (no person's permission is asked)."""
    if by is not None:
        ensure_allowed(by, workflow.RULE_CHANGE_PERM, region)
    unknown = sorted(set(values) - set(RULE_FIELDS))
    if unknown:
        raise _refused({unknown[0]: [_("Unknown setting.")]})
    # lock order: the region, then its rule (two first uses at once make one row, not two)
    Region.objects.select_for_update().filter(pk=region.pk).first()
    rule = RatingRule.objects.select_for_update().filter(region=region).first()
    created = rule is None
    if rule is None:
        applied = rating_rule_for(region)
        rule = RatingRule(region=region, **{f: getattr(applied, f) for f in RULE_FIELDS})
    before = _settings(rule)
    for field, value in values.items():
        setattr(rule, field, value)
    errors = rating_rule_problems(rule)
    if errors:
        raise _refused(errors)
    try:
        rule.full_clean()
    except ValidationError as invalid:  # e.g. more than two decimals, or too large a count
        raise _refused(invalid.message_dict) from invalid
    rule._history_user = by if getattr(by, "is_authenticated", False) else None  # type: ignore[attr-defined]
    rule.save()
    trail_record(
        ExpertAction.RULE_CHANGED,
        by=by,
        obj=rule,
        region_path=region.path,
        details={"created": created, "before": before, "after": _settings(rule)},
    )
    return rule
