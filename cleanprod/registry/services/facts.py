"""Recording the facts screening reads (exceedances, energy use, toxic substances, hazardous
waste); each write refreshes the enterprise's screening flags in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.registry.models import (
    EnergyUse,
    Enterprise,
    Exceedance,
    HazardousWaste,
    ToxicSubstance,
)
from cleanprod.registry.services.enterprises import enterprise_refresh_flags
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

FACTS: dict[str, type[models.Model]] = {
    "exceedance": Exceedance,
    "energy_use": EnergyUse,
    "toxic_substance": ToxicSubstance,
    "hazardous_waste": HazardousWaste,
}


@transaction.atomic
def fact_add(*, fact: str, enterprise: Enterprise, by: Any, **values: Any) -> models.Model:
    """Add one dated fact record to an enterprise (`by=None`: the system)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if by is not None:
        ensure_allowed(by, "registry.change_enterprise", enterprise)
    record = FACTS[fact](enterprise=enterprise, **values)
    record.full_clean()
    record.save()
    enterprise_refresh_flags(enterprise=enterprise)
    trail_record(
        TrailEvent.Action.ENTERPRISE_UPDATED,
        by=by,
        obj=enterprise,
        region_path=enterprise.region.path,
        details={"fact": fact, "id": record.pk},
    )
    return record
