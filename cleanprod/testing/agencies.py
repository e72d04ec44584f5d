"""Agency test data: an approved filing (test data: bypasses the filing services) and staff."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone

from cleanprod.agencies.models import Agency, AgencyFiling, AgencyStaff
from cleanprod.registry.models import Industry


def file_agency(
    agency: Agency,
    divisions: Iterable[str] | None = None,
    *,
    valid_from: date = date(2020, 1, 1),
    valid_until: date = date(2099, 12, 31),
) -> AgencyFiling:
    """An approved filing for `divisions` (default: every division loaded), as if decided."""
    scope = Industry.objects.filter(level="division")
    if divisions is not None:
        scope = scope.filter(code__in=list(divisions))
    now = timezone.now()
    filing = AgencyFiling.objects.create(
        agency=agency,
        submitted_at=now - timedelta(days=1),
        independent_legal_person=True,
        quality_system=True,
        quality_system_description="ISO 9001",
        balance_test_equipment="电能表、流量计",
        status=AgencyFiling.Status.APPROVED,
        decided_at=now,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    filing.industry_scope.set(scope)
    Agency.objects.filter(pk=agency.pk).update(
        filing_status=Agency.FilingStatus.FILED, filed_until=valid_until
    )
    agency.refresh_from_db()
    agency.industry_scope.set(scope)
    return filing


def certified_staff(
    agency: Agency, divisions: Iterable[str] = ("26",), *, valid_until: date = date(2099, 1, 1)
) -> AgencyStaff:
    """An active staff member with a valid training certificate, knowing `divisions`."""
    staff = AgencyStaff.objects.create(
        agency=agency,
        name="李审核",
        position="审核师",
        certificate_no=f"CP-{agency.pk}-{AgencyStaff.objects.count() + 1}",
        certificate_valid_until=valid_until,
    )
    staff.industries.set(Industry.objects.filter(code__in=list(divisions), level="division"))
    return staff
