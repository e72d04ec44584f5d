"""Writing agencies. Filing with its conditions and examination arrive with the agency
capability; until then an authority (or the demo) registers an agency with its credit code."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.agencies.models import Agency
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.registry.credit_codes import normalise, problems


@transaction.atomic
def agency_register(
    *,
    credit_code: str,
    name: str,
    region: Region,
    by: Any,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Agency:
    """Register an agency under a valid, unused unified social credit code (history kept)."""
    code = normalise(credit_code)
    errors = problems(code)
    if errors:
        raise DomainError("agency.credit_code", "; ".join(errors), fields={"credit_code": errors})
    if Agency.objects.filter(credit_code=code).exists():
        raise DomainError(
            "agency.exists",
            _("An agency with this credit code is already registered."),
            fields={"credit_code": [_("Already registered.")]},
            status=409,
        )
    agency = Agency(
        credit_code=code,
        name=name.strip(),
        region=region,
        address=address,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    agency.full_clean()
    agency._history_user = by if getattr(by, "is_authenticated", False) else None
    agency.save()
    return agency
