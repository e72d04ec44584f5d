"""Reads about agencies: the rule that applies in a region, whether an agency is filed and for
which industry divisions on a day, whether it may serve an enterprise, and the register."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from cleanprod.agencies.models import Agency, AgencyFiling, AgencyRule, AgencyStaff
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import nearest_row

# condition key → Measures Art 16 reading; the keys name the failing conditions in errors
CONDITIONS = (
    "independent_legal_person",
    "quality_system",
    "balance_test_equipment",
    "industry_staff",
    "certified_staff",
    "industry_scope",
)


def agency_rule_for(region: Region | None) -> AgencyRule:
    """The rule of the nearest region up the tree that has one, else the national default
    (an unsaved default when even that row is missing)."""
    return nearest_row(AgencyRule.objects.all(), region) or AgencyRule()


def agency_filing_current(agency: Agency, on: date) -> AgencyFiling | None:
    """The approved filing in force on `on` (the latest decided when several overlap)."""
    return (
        AgencyFiling.objects.filter(
            agency=agency,
            status=AgencyFiling.Status.APPROVED,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("-decided_at", "-pk")
        .first()
    )


def agency_filing_state(agency: Agency, on: date) -> tuple[bool, set[str]]:
    """(is the agency filed on `on`, the division codes of its approved scope then)."""
    filing = agency_filing_current(agency, on)
    if filing is None:
        return False, set()
    return True, set(filing.industry_scope.values_list("code", flat=True))


def enterprise_division(enterprise: Any) -> str:
    """The GB/T 4754 division (2 digits) of the enterprise's main industry ("" if unknown)."""
    parts = [p for p in (enterprise.industry_path or "").split("/") if p]
    return parts[1] if len(parts) > 1 else ""


def agency_may_serve(agency: Agency, enterprise: Any, on: date) -> list[str]:
    """Why `agency` may not serve `enterprise` on `on` under the rule of the enterprise's
    region (translated reasons); an empty list means it may."""
    rule = agency_rule_for(enterprise.region)
    if not rule.require_filing:
        return []
    filed, scope = agency_filing_state(agency, on)
    if not filed:
        last = (
            AgencyFiling.objects.filter(
                agency=agency,
                status__in=[AgencyFiling.Status.APPROVED, AgencyFiling.Status.REVOKED],
                valid_from__lte=on,
            )
            .order_by("-valid_until", "-pk")
            .first()
        )
        if last is None:
            return [_("%(agency)s is not filed with the authority.") % {"agency": agency.name}]
        if last.status == AgencyFiling.Status.REVOKED:
            return [_("The filing of %(agency)s was revoked.") % {"agency": agency.name}]
        return [
            _("The filing of %(agency)s expired on %(day)s.")
            % {"agency": agency.name, "day": last.valid_until}
        ]
    if not rule.require_scope:
        return []
    division = enterprise_division(enterprise)
    if division and division in scope:
        return []
    return [
        _(
            "The enterprise's industry division %(division)s is outside the approved industry "
            "scope of %(agency)s."
        )
        % {"division": division or "—", "agency": agency.name}
    ]


def agency_filing_conditions(filing: AgencyFiling, on: date) -> dict[str, str]:
    """The Art 16 conditions the filing does not meet on `on`: condition key → reason."""
    failing: dict[str, str] = {}
    if not filing.independent_legal_person:
        failing["independent_legal_person"] = _("The agency is not an independent legal person.")
    if not filing.quality_system or not filing.quality_system_description.strip():
        failing["quality_system"] = _(
            "No quality-assurance system and management rules are described."
        )
    if not filing.balance_test_equipment.strip():
        failing["balance_test_equipment"] = _(
            "No instruments for material, energy and water balance tests are listed."
        )
    scope = set(filing.industry_scope.values_list("code", flat=True))
    if not scope:
        failing["industry_scope"] = _("No industry scope was applied for.")
    staff = list(
        AgencyStaff.objects.filter(agency_id=filing.agency_id, active=True)
        .prefetch_related("industries")
        .order_by("pk")
    )
    certified = [s for s in staff if s.certified_on(on)]
    if not certified:
        failing["certified_staff"] = _(
            "No active staff member holds a valid training certificate in the audit method."
        )
    known = {i.code for s in staff for i in s.industries.all()}
    uncovered = sorted(scope - known)
    if uncovered:
        failing["industry_staff"] = _(
            "No active staff member knows the processes of industry divisions %(codes)s."
        ) % {"codes": ", ".join(uncovered)}
    return failing


def agency_list(*, scope: Any, today: date, filters: dict[str, str] | None = None) -> QuerySet:
    """The register in the person's scope, filtered by filing status (as of today), an
    approved scope division and a region (it and below)."""
    filters = filters or {}
    agencies = Agency.objects.in_scope(scope, "view").select_related("region")
    status = filters.get("filing_status", "")
    if status in Agency.FilingStatus.values:
        agencies = agencies.filing_status_on(status, today)
    division = filters.get("division", "").strip()
    if division:
        agencies = agencies.filter(industry_scope__code=division)
    region = filters.get("region", "").strip()
    if region:
        where = Region.objects.filter(code=region, valid_to__isnull=True).first()
        agencies = (
            agencies.filter(region__path__startswith=where.path) if where else agencies.none()
        )
    return agencies.annotate(
        certified_staff=Count(
            "staff",
            filter=Q(staff__active=True, staff__certificate_no__gt=""),
            distinct=True,
        )
    ).order_by("name")


def agency_staff_list(*, agency: Agency, scope: Any) -> QuerySet:
    return (
        AgencyStaff.objects.in_scope(scope, "view")
        .filter(agency=agency)
        .prefetch_related("industries")
        .order_by("-active", "name")
    )


def agency_filing_list(*, scope: Any, agency: Agency | None = None, status: str = "") -> QuerySet:
    filings = AgencyFiling.objects.in_scope(scope, "view").select_related(
        "agency", "agency__region", "submitted_by", "decided_by"
    )
    if agency is not None:
        filings = filings.filter(agency=agency)
    if status in AgencyFiling.Status.values:
        filings = filings.filter(status=status)
    return filings.prefetch_related("industry_scope", "documents")
