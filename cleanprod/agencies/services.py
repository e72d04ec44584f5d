"""Writing agencies: registration, staff kept by the agency itself, filings (备案) submitted by
the agency and decided by the provincial authority, and the regional agency rules.

`by=None` is the system itself (the demo loader, a data migration); people always pass
themselves and are checked against their scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.models import RoleAssignment
from cleanprod.accounts.policies import ensure_allowed
from cleanprod.agencies.documents import filing_document_check, sha256_of
from cleanprod.agencies.events import AgencyAction, agency_event
from cleanprod.agencies.models import (
    Agency,
    AgencyFiling,
    AgencyFilingDocument,
    AgencyRule,
    AgencyStaff,
)
from cleanprod.agencies.selectors import agency_filing_conditions, agency_rule_for
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.regions.models import Region
from cleanprod.registry.credit_codes import normalise, problems
from cleanprod.registry.models import Industry

STAFF_ADD_PERM = "agencies.add_agencystaff"
STAFF_CHANGE_PERM = "agencies.change_agencystaff"
FILING_SUBMIT_PERM = "agencies.add_agencyfiling"
FILING_DECIDE_PERM = "agencies.approve_agencyfiling"
RULE_CHANGE_PERM = "agencies.change_agencyrule"


def _check(by: Any, perm: str, obj: Any) -> None:
    if by is not None:
        ensure_allowed(by, perm, obj)


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _invalid(field: str, message: str, code: str = "agency.invalid") -> DomainError:
    return DomainError(code, message, fields={field: [message]})


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
    agency._history_user = _actor(by)
    agency.save()
    return agency


# --- staff ------------------------------------------------------------------------------------


def _divisions(values: Iterable[Any], field: str) -> list[Industry]:
    """Industry divisions from Industry rows or codes; any other code is refused by name."""
    codes = sorted({v.code if isinstance(v, Industry) else str(v).strip() for v in values} - {""})
    found = {i.code: i for i in Industry.objects.filter(code__in=codes, level="division")}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise _invalid(
            field,
            _("Not GB/T 4754 industry divisions: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    return [found[c] for c in codes]


def _check_account(agency: Agency, user: Any) -> None:
    if user is None:
        return
    acts_for = RoleAssignment.objects.filter(
        user=user, role__slug="agency_staff", party_id=agency.pk
    ).exists()
    if not acts_for:
        raise _invalid("user", _("This account does not act for this agency."))


def _staff_values(
    *,
    name: str,
    position: str,
    certificate_no: str,
    certificate_valid_until: date | None,
) -> dict[str, Any]:
    if not name.strip():
        raise _invalid("name", _("Give the staff member's name."))
    certificate_no = certificate_no.strip()
    if certificate_no and certificate_valid_until is None:
        raise _invalid(
            "certificate_valid_until", _("Give the date until which the certificate is valid.")
        )
    if certificate_valid_until is not None and not certificate_no:
        raise _invalid("certificate_no", _("Give the certificate number."))
    return {
        "name": name.strip(),
        "position": position.strip(),
        "certificate_no": certificate_no,
        "certificate_valid_until": certificate_valid_until,
    }


def _save_staff(staff: AgencyStaff, by: Any) -> None:
    staff.full_clean(validate_constraints=False)  # the certificate rule is checked below
    if (
        staff.certificate_no
        and AgencyStaff.objects.filter(
            agency_id=staff.agency_id, certificate_no=staff.certificate_no
        )
        .exclude(pk=staff.pk)
        .exists()
    ):
        raise _invalid(
            "certificate_no", _("Another staff member of this agency has this certificate.")
        )
    staff._history_user = _actor(by)
    staff.save()


@transaction.atomic
def agency_staff_add(
    *,
    agency: Agency,
    by: Any,
    name: str,
    position: str = "",
    certificate_no: str = "",
    certificate_valid_until: date | None = None,
    industries: Iterable[Any] = (),
    user: Any = None,
) -> AgencyStaff:
    """Add a staff member to the agency (its own staff only); the trail records it."""
    agency = Agency.objects.select_for_update().select_related("region").get(pk=agency.pk)
    _check(by, STAFF_ADD_PERM, agency)
    values = _staff_values(
        name=name,
        position=position,
        certificate_no=certificate_no,
        certificate_valid_until=certificate_valid_until,
    )
    divisions = _divisions(industries, "industries")
    _check_account(agency, user)
    staff = AgencyStaff(agency=agency, user=user, **values)
    _save_staff(staff, by)
    staff.industries.set(divisions)
    agency_event(
        AgencyAction.STAFF_ADDED,
        by=by,
        obj=staff,
        region_path=agency.region.path,
        details={"agency": agency.pk, "certificate_no": staff.certificate_no},
    )
    return staff


@transaction.atomic
def agency_staff_update(
    *,
    staff: AgencyStaff,
    by: Any,
    name: str,
    position: str = "",
    certificate_no: str = "",
    certificate_valid_until: date | None = None,
    industries: Iterable[Any] = (),
    user: Any = None,
) -> AgencyStaff:
    """Change a staff member's facts (name, position, certificate, industries, account)."""
    staff = (
        AgencyStaff.objects.select_for_update().select_related("agency__region").get(pk=staff.pk)
    )
    _check(by, STAFF_CHANGE_PERM, staff)
    values = _staff_values(
        name=name,
        position=position,
        certificate_no=certificate_no,
        certificate_valid_until=certificate_valid_until,
    )
    divisions = _divisions(industries, "industries")
    _check_account(staff.agency, user)
    for field, value in values.items():
        setattr(staff, field, value)
    staff.user = user
    _save_staff(staff, by)
    staff.industries.set(divisions)
    agency_event(
        AgencyAction.STAFF_CHANGED,
        by=by,
        obj=staff,
        region_path=staff.agency.region.path,
        details={"agency": staff.agency_id, "certificate_no": staff.certificate_no},
    )
    return staff


@transaction.atomic
def agency_staff_deactivate(*, staff: AgencyStaff, by: Any) -> AgencyStaff:
    """The person has left: kept on record, no longer counted as staff."""
    staff = (
        AgencyStaff.objects.select_for_update().select_related("agency__region").get(pk=staff.pk)
    )
    _check(by, STAFF_CHANGE_PERM, staff)
    if not staff.active:
        raise TransitionNotAllowed(
            "agency_staff.inactive", _("This staff member is already deactivated.")
        )
    staff.active = False
    staff._history_user = _actor(by)
    staff.save(update_fields=["active", "updated_at"])
    agency_event(
        AgencyAction.STAFF_DEACTIVATED,
        by=by,
        obj=staff,
        region_path=staff.agency.region.path,
        details={"agency": staff.agency_id},
    )
    return staff


# --- filings ----------------------------------------------------------------------------------


def _store_document(filing: AgencyFiling, title: str, file: Any, by: Any) -> AgencyFilingDocument:
    extension, content_type = filing_document_check(file)
    original = PurePath(file.name).name
    document = AgencyFilingDocument(
        filing=filing,
        title=(title.strip() or original)[:200],
        original_name=original[-200:],
        extension=extension,
        content_type=content_type,
        size=file.size,
        sha256=sha256_of(file),
        uploaded_by=_actor(by),
    )
    document.file = File(file, name=original[-100:])
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def agency_filing_submit(
    *,
    agency: Agency,
    by: Any,
    independent_legal_person: bool,
    quality_system: bool,
    quality_system_description: str = "",
    balance_test_equipment: str = "",
    industry_scope: Iterable[Any] = (),
    documents: Iterable[tuple[str, Any]] = (),
) -> AgencyFiling:
    """File the agency with the authority: its declared Art 16 conditions, the industry
    divisions it asks for and its documents (each checked); one filing is pending at a time."""
    agency = Agency.objects.select_for_update().select_related("region").get(pk=agency.pk)
    _check(by, FILING_SUBMIT_PERM, agency)
    if agency.status != Agency.Status.ACTIVE:
        raise _invalid("agency", _("Only an active agency can file."), "agency_filing.inactive")
    if AgencyFiling.objects.filter(agency=agency, status=AgencyFiling.Status.SUBMITTED).exists():
        raise TransitionNotAllowed(
            "agency_filing.pending",
            _("A filing of this agency is still under review."),
        )
    divisions = _divisions(industry_scope, "industry_scope")
    if not divisions:
        raise _invalid(
            "industry_scope", _("Choose at least one industry division."), "agency_filing.invalid"
        )
    documents = list(documents)
    for _title, file in documents:
        filing_document_check(file)  # refuse before anything is written
    today = timezone.localdate()
    staff = AgencyStaff.objects.filter(agency=agency, active=True)
    filing = AgencyFiling(
        agency=agency,
        submitted_by=_actor(by),
        submitted_at=timezone.now(),
        independent_legal_person=independent_legal_person,
        quality_system=quality_system,
        quality_system_description=quality_system_description.strip(),
        balance_test_equipment=balance_test_equipment.strip(),
        staff_count=sum(1 for s in staff if s.certified_on(today)),
    )
    filing.full_clean()
    filing._history_user = _actor(by)
    filing.save()
    filing.industry_scope.set(divisions)
    for title, file in documents:
        _store_document(filing, title, file, by)
    agency_event(
        AgencyAction.FILING_SUBMITTED,
        by=by,
        obj=filing,
        region_path=agency.region.path,
        details={
            "agency": agency.pk,
            "industry_scope": [d.code for d in divisions],
            "documents": len(documents),
        },
    )
    return filing


def _locked_filing(filing: AgencyFiling) -> tuple[Agency, AgencyFiling]:
    """Lock order: agency, then filing."""
    agency = Agency.objects.select_for_update().select_related("region").get(pk=filing.agency_id)
    return agency, AgencyFiling.objects.select_for_update().get(pk=filing.pk)


def _expect(filing: AgencyFiling, status: str) -> None:
    if filing.status != status:
        raise TransitionNotAllowed(
            "agency_filing.status",
            _("This filing is %(status)s; that step is not possible now.")
            % {"status": filing.get_status_display()},
        )


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def agency_filing_approve(*, filing: AgencyFiling, by: Any, reason: str = "") -> AgencyFiling:
    """Approve a filing that meets every Art 16 condition (each failing one is named): valid
    from today for the rule's years; the agency is filed with the approved scope."""
    agency, filing = _locked_filing(filing)
    _expect(filing, AgencyFiling.Status.SUBMITTED)
    _check(by, FILING_DECIDE_PERM, filing)
    today = timezone.localdate()
    failing = agency_filing_conditions(filing, today)
    if failing:
        raise DomainError(
            "agency_filing.conditions_not_met",
            _("The filing does not meet the conditions: %(reasons)s")
            % {"reasons": " ".join(failing.values())},
            fields={key: [message] for key, message in failing.items()},
        )
    years = agency_rule_for(agency.region).filing_valid_years
    filing.status = AgencyFiling.Status.APPROVED
    filing.decided_by, filing.decided_at = _actor(by), timezone.now()
    filing.decision_reason = reason.strip()
    filing.valid_from = today
    filing.valid_until = _years_later(today, years) - timedelta(days=1)
    filing.full_clean()
    filing._history_user = _actor(by)
    filing.save()
    agency.filing_status = Agency.FilingStatus.FILED
    agency.filed_until = filing.valid_until
    agency._history_user = _actor(by)
    agency.save(update_fields=["filing_status", "filed_until"])
    agency.industry_scope.set(filing.industry_scope.all())
    agency_event(
        AgencyAction.FILING_APPROVED,
        by=by,
        obj=filing,
        region_path=agency.region.path,
        details={
            "agency": agency.pk,
            "valid_from": filing.valid_from.isoformat(),
            "valid_until": filing.valid_until.isoformat(),
            "industry_scope": sorted(filing.industry_scope.values_list("code", flat=True)),
        },
    )
    return filing


@transaction.atomic
def agency_filing_return(*, filing: AgencyFiling, by: Any, reason: str) -> AgencyFiling:
    """Return a filing to the agency with reasons; the agency may file again."""
    agency, filing = _locked_filing(filing)
    _expect(filing, AgencyFiling.Status.SUBMITTED)
    _check(by, FILING_DECIDE_PERM, filing)
    if not reason.strip():
        raise _invalid("reason", _("Give the reasons for returning the filing."))
    filing.status = AgencyFiling.Status.RETURNED
    filing.decided_by, filing.decided_at = _actor(by), timezone.now()
    filing.decision_reason = reason.strip()
    filing.full_clean()
    filing._history_user = _actor(by)
    filing.save()
    agency_event(
        AgencyAction.FILING_RETURNED,
        by=by,
        obj=filing,
        region_path=agency.region.path,
        details={"agency": agency.pk, "reason": filing.decision_reason},
    )
    return filing


@transaction.atomic
def agency_filing_revoke(*, filing: AgencyFiling, by: Any, reason: str) -> AgencyFiling:
    """Revoke an approved filing (serious problems, 2010 notice): the agency is no longer filed."""
    agency, filing = _locked_filing(filing)
    _expect(filing, AgencyFiling.Status.APPROVED)
    _check(by, FILING_DECIDE_PERM, filing)
    if not reason.strip():
        raise _invalid("reason", _("Give the reasons for revoking the filing."))
    # an earlier approval still in force is revoked with it: the agency is no longer filed
    earlier = AgencyFiling.objects.select_for_update().filter(
        agency=agency, status=AgencyFiling.Status.APPROVED
    )
    for row in [filing, *earlier.exclude(pk=filing.pk)]:
        row.status = AgencyFiling.Status.REVOKED
        row.decided_by, row.decided_at = _actor(by), timezone.now()
        row.decision_reason = reason.strip()
        row.full_clean()
        row._history_user = _actor(by)
        row.save()
    agency.filing_status = Agency.FilingStatus.REVOKED
    agency._history_user = _actor(by)
    agency.save(update_fields=["filing_status"])
    agency.industry_scope.clear()
    agency_event(
        AgencyAction.FILING_REVOKED,
        by=by,
        obj=filing,
        region_path=agency.region.path,
        details={"agency": agency.pk, "reason": filing.decision_reason},
    )
    return filing


# --- rules ------------------------------------------------------------------------------------


@transaction.atomic
def agency_rule_save(*, region: Region, by: Any, **values: Any) -> AgencyRule:
    """Set the agency rule of a region (created on first use); the trail keeps old and new."""
    _check(by, RULE_CHANGE_PERM, region)
    # the region row first: two first saves at once would both find no rule and both insert
    Region.objects.select_for_update().filter(pk=region.pk).first()
    rule = AgencyRule.objects.select_for_update().filter(region=region).first()
    rule = rule or AgencyRule(region=region)
    allowed = {
        "filing_valid_years",
        "require_filing",
        "require_scope",
        "min_served_per_year",
        "max_failures_per_year",
    }
    unknown = set(values) - allowed
    if unknown:
        raise _invalid(sorted(unknown)[0], _("Unknown setting."))
    before = {f: getattr(rule, f) for f in allowed}
    for field, value in values.items():
        setattr(rule, field, value)
    rule.full_clean()
    rule._history_user = _actor(by)
    rule.save()
    agency_event(
        AgencyAction.RULE_CHANGED,
        by=by,
        obj=rule,
        region_path=region.path,
        details={"before": before, "after": {f: getattr(rule, f) for f in allowed}},
    )
    return rule
