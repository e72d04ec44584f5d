"""Showing an expert's phone and email on purpose. Contacts are personal data: pages and the
API show them masked to the officials who examine the pool, and in full only when one asks,
which the security trail records (as for enterprise contacts in the registry). The expert
always sees their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.experts.models import Expert
from cleanprod.experts.workflow import ADMIT_PERM
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


@dataclass(frozen=True)
class Contacts:
    phone: str
    email: str


@transaction.atomic
def expert_contacts_show(*, expert: Expert, by: Any) -> Contacts:
    """The expert's contacts in full, for an official who examines the pool there; the
    showing is recorded in the trail in the same transaction."""
    ensure_allowed(by, ADMIT_PERM, expert)
    trail_record(
        TrailEvent.Action.PERSONAL_DATA_SHOWN,
        by=by,
        obj=expert,
        region_path=expert.region.path,
        details={"fields": ["phone", "email"], "pool_no": expert.pool_no},
    )
    return Contacts(phone=expert.phone, email=expert.email)
