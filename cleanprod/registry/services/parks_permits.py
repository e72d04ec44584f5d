"""Writing industrial parks and emission permits."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise, Park, Permit, PermitAllowance
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


@transaction.atomic
def park_save(*, name: str, level: str, region: Region, by: Any, address: str = "") -> Park:
    """Create a park, or update the one with this name in this region."""
    if by is not None:
        ensure_allowed(by, "registry.add_park", region)
    park, _created = Park.objects.update_or_create(
        name=name, region=region, defaults={"level": level, "address": address}
    )
    park.full_clean()
    trail_record(
        TrailEvent.Action.ENTERPRISE_UPDATED,
        by=by,
        obj=park,
        region_path=region.path,
        details={"registry": "parks"},
    )
    return park


@transaction.atomic
def permit_save(
    *,
    number: str,
    enterprise: Enterprise,
    category: str,
    valid_from: datetime.date,
    valid_to: datetime.date,
    allowances: list[tuple[str, Decimal]],
    by: Any,
    issued_by: str = "",
) -> Permit:
    """Create or replace a permit with its permitted annual amounts."""
    if by is not None:
        ensure_allowed(by, "registry.add_permit", enterprise)
    permit = Permit.objects.select_for_update().filter(number=number).first() or Permit(
        number=number
    )
    permit.enterprise, permit.category, permit.issued_by = enterprise, category, issued_by
    permit.valid_from, permit.valid_to = valid_from, valid_to
    permit.full_clean()
    permit.save()
    permit.allowances.all().delete()
    for pollutant, amount in allowances:
        PermitAllowance.objects.create(permit=permit, pollutant=pollutant, annual_t=amount)
    trail_record(
        TrailEvent.Action.ENTERPRISE_UPDATED,
        by=by,
        obj=enterprise,
        region_path=enterprise.region.path,
        details={"permit": number},
    )
    return permit
