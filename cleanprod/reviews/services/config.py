"""How a review resolves its configuration: the nearest region's policy and scoring sheet, and
the organising region at the configured level."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cleanprod.audits.models import Audit
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import nearest_row
from cleanprod.reviews.models import Level, ReviewPolicy, SheetTemplate, Stage

LEVEL_TO_REGION = {
    Level.PROVINCE: Region.Level.PROVINCE,
    Level.CITY: Region.Level.PREFECTURE,
    Level.COUNTY: Region.Level.COUNTY,
}


def policy_for(region: Region) -> ReviewPolicy:
    """The policy of the nearest region that has one, else the national row, else defaults."""
    return nearest_row(ReviewPolicy.objects.all(), region) or ReviewPolicy()


def template_for(region: Region, stage: str) -> SheetTemplate:
    """The newest active sheet of the nearest region that has one for `stage`."""
    rows = SheetTemplate.objects.filter(stage=stage, active=True)
    found = nearest_row(rows, region, then=("-version",))
    if found is None:
        raise DomainError(
            "review.no_sheet",
            _("No scoring sheet is configured for %(stage)s.") % {"stage": Stage(stage).label},
        )
    return found


def region_at_level(region: Region, level: str) -> Region:
    """The ancestor (or the region itself) at `level`; the nearest existing one if the tree has
    no region at that level on the path (e.g. a directly administered county)."""
    wanted = LEVEL_TO_REGION[Level(level)]
    chain = [*region.ancestors(), region]
    for candidate in chain:
        if candidate.level == wanted:
            return candidate
    return region


def organiser_region_for(audit: Audit, stage: str) -> Region:
    policy = policy_for(audit.region)
    level = (
        policy.evaluation_organiser if stage == Stage.EVALUATION else policy.acceptance_organiser
    )
    return region_at_level(audit.region, level)
