"""Roles as data: what each role may do. `make sync-roles` (or any migrate) applies this table
to the Role rows; `docs/permissions.md` is generated from it. A role is granted *in* a region
(RoleAssignment) and covers the regions below it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OFFICIAL_READ = (
    "regions.view_region",
    "accounts.view_user",
    "registry.view_enterprise",
    "registry.view_park",
    "registry.view_permit",
    "registry.view_industrycatalogue",
    "registry.export_registry",
)
REGISTRY_KEEPING = (
    "registry.add_enterprise",
    "registry.change_enterprise",
    "registry.import_registry",
    "registry.add_park",
    "registry.change_park",
    "registry.add_permit",
    "registry.change_permit",
    "registry.view_enterprisecorrection",
    "registry.change_enterprisecorrection",
)
PARTY_READ = (
    "regions.view_region",
    "registry.view_industrycatalogue",
    "registry.view_park",
    "agencies.view_agency",
)
AGENCY_READ = (
    "agencies.view_agency",
    "agencies.view_agencyfiling",
    "agencies.view_agencystaff",
    "agencies.view_agencyrule",
)
AUDIT_READ = (
    "agencies.view_agency",
    "audits.view_mandatorylist",
    "audits.view_audit",
    "audits.view_auditevent",
    "audits.view_overdue_audit",
    "audits.view_voluntaryapplication",
    "audits.view_auditpolicy",
    "audits.view_deadlinerule",
    "performance.view_option",
    "reviews.view_review",
)
LIST_COMPILING = (
    "audits.add_mandatorylist",
    "audits.change_mandatorylist",
    "audits.submit_mandatorylist",
)
LIST_DECIDING = (
    "audits.approve_mandatorylist",
    "audits.publish_mandatorylist",
    "audits.import_mandatorylist",
    "audits.amend_mandatorylist",
)
AUDIT_SUPERVISING = (
    "audits.review_report_audit",
    "audits.withdraw_audit",
    "audits.add_audit",
    "audits.add_auditround",
    "reviews.organise_review",
    "reviews.publish_review",
    "reviews.view_reviewpolicy",
)
AUDIT_WORKING = (
    "audits.view_audit",
    "audits.view_auditevent",
    "audits.work_audit",
    "audits.add_auditdocument",
    "performance.view_option",
    "performance.add_option",
    "performance.change_option",
    "reviews.view_review",
)
EXPERT_POOL_KEEPING = (
    "experts.view_expert",
    "experts.add_expert",
    "experts.admit_expert",
    "experts.manage_expert",
    "experts.view_rating",
    "experts.add_rating",
    "experts.view_ratingrule",
)


@dataclass(frozen=True)
class RoleSpec:
    label: Promise
    description: Promise
    perms: tuple[str, ...]
    is_admin: bool = False
    party: str = ""  # "enterprise", "agency" or "expert": the object the person acts for


ROLES: dict[str, RoleSpec] = {
    "national_official": RoleSpec(
        _("National official"),
        _("MEE and NDRC staff: national statistics and provincial reports."),
        OFFICIAL_READ,
    ),
    "provincial_official": RoleSpec(
        _("Provincial official"),
        _("Provincial ecology-environment department: configuration, lists, supervision."),
        (
            *OFFICIAL_READ,
            *REGISTRY_KEEPING,
            "registry.change_industrycatalogue",
            "registry.add_industrycatalogue",
            *AUDIT_READ,
            *LIST_COMPILING,
            *LIST_DECIDING,
            *AUDIT_SUPERVISING,
            "audits.change_auditpolicy",
            "audits.change_deadlinerule",
            "audits.change_leaddepartmentrule",
            "reviews.change_reviewpolicy",
            *EXPERT_POOL_KEEPING,
            *AGENCY_READ,
            "agencies.approve_agencyfiling",
            "agencies.change_agencyrule",
            "experts.change_ratingrule",
        ),
    ),
    "energy_official": RoleSpec(
        _("Energy official"),
        _("Development-reform or industry-IT department: leads energy-quota audits."),
        (
            *OFFICIAL_READ,
            *AUDIT_READ,
            *LIST_COMPILING,
            *AUDIT_SUPERVISING,
            "experts.view_expert",
        ),
    ),
    "municipal_official": RoleSpec(
        _("Municipal official"),
        _("City ecology-environment bureau: screening, examination, evaluation, enforcement."),
        (
            *OFFICIAL_READ,
            *REGISTRY_KEEPING,
            "registry.view_contacts",
            *AUDIT_READ,
            *LIST_COMPILING,
            *LIST_DECIDING,
            *AUDIT_SUPERVISING,
            "audits.decide_voluntaryapplication",
            *EXPERT_POOL_KEEPING,
            *AGENCY_READ,
        ),
    ),
    "county_official": RoleSpec(
        _("County official"),
        _("County ecology-environment bureau: screening and follow-up in the county."),
        (
            *OFFICIAL_READ,
            *REGISTRY_KEEPING,
            "registry.view_contacts",
            *AUDIT_READ,
            *LIST_COMPILING,
            *AUDIT_SUPERVISING,
            "experts.view_expert",
            "experts.add_rating",  # a county may organise a review and rate its panel
            "experts.view_ratingrule",  # … and sees the rule its ratings are judged by
            *AGENCY_READ,
        ),
    ),
    "enterprise_user": RoleSpec(
        _("Enterprise user"),
        _("Staff of a listed or volunteering enterprise: runs its audit."),
        (
            *PARTY_READ,
            "registry.view_enterprise",
            "registry.view_permit",
            "registry.view_contacts",
            "registry.view_enterprisecorrection",
            "registry.add_enterprisecorrection",
            *AUDIT_WORKING,
            "audits.file_start_audit",
            "audits.submit_report_audit",
            "audits.view_voluntaryapplication",
            "audits.add_voluntaryapplication",
            "reviews.apply_review",
        ),
        party="enterprise",
    ),
    "agency_staff": RoleSpec(
        _("Agency staff"),
        _("Consulting agency staff and auditors: support audits under a filed contract."),
        (
            *PARTY_READ,
            *AUDIT_WORKING,
            "agencies.view_agencyfiling",
            "agencies.add_agencyfiling",
            "agencies.view_agencystaff",
            "agencies.add_agencystaff",
            "agencies.change_agencystaff",
        ),
        party="agency",
    ),
    "expert": RoleSpec(
        _("Expert"),
        _("Member of the expert pool: reviews, scores and signs opinions."),
        (
            *PARTY_READ,
            "experts.view_expert",  # own record only (scope_parties)
            "experts.add_conflict",
            "experts.delete_conflict",
            "reviews.view_review",  # the reviews where they hold a seat (scope_parties)
            "reviews.view_seat",
            "reviews.sit_review",
        ),
        party="expert",
    ),
    "system_admin": RoleSpec(
        _("System administrator"),
        _("Configuration, identities and backup; no business data, no security trail."),
        (
            "regions.view_region",
            "regions.change_region",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
        ),
        is_admin=True,
    ),
    "security_admin": RoleSpec(
        _("Security administrator"),
        _("Security policy, labels and role assignments; not a superuser."),
        ("regions.view_region", "accounts.view_user", "accounts.assign_role"),
        is_admin=True,
    ),
    "audit_admin": RoleSpec(
        _("Audit administrator"),
        _("Reads and exports the security trail; changes nothing."),
        ("trail.view_trailevent", "trail.export_trailevent"),
        is_admin=True,
    ),
}

ADMIN_ROLES = frozenset(slug for slug, spec in ROLES.items() if spec.is_admin)
