"""Which rating rule applies where: the nearest region up the tree that has one, else the
national default (the row without a region, created by migration 0003)."""

from __future__ import annotations

from cleanprod.experts.models import RatingRule
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import nearest_row


def rating_rule_for(region: Region | None) -> RatingRule:
    """The rule of the nearest region at or above `region`; the national default otherwise."""
    rule = nearest_row(RatingRule.objects.all(), region)
    if rule is None:  # the data migration was rolled back: the model's defaults, saved once
        rule = RatingRule.objects.create(region=None)
    return rule
