"""Roles as data, and the separation of the three administrators (三权分立)."""

import pytest
from django.db import IntegrityError, transaction

from cleanprod.accounts.models import Role, RoleAssignment
from cleanprod.accounts.roles import ADMIN_ROLES, ROLES
from cleanprod.accounts.services import roles_sync

pytestmark = pytest.mark.django_db

BUSINESS_APPS = {
    "registry",
    "agencies",
    "experts",
    "indicators",
    "audits",
    "reviews",
    "performance",
    "portal",
}


def test_every_role_of_the_issue_exists_as_data_after_migrate():
    required = {
        "national_official",
        "provincial_official",
        "municipal_official",
        "county_official",
        "energy_official",
        "enterprise_user",
        "agency_staff",
        "expert",
        "system_admin",
        "security_admin",
        "audit_admin",
    }
    assert required <= set(Role.objects.values_list("slug", flat=True))
    assert set(Role.objects.filter(is_admin=True).values_list("slug", flat=True)) == ADMIN_ROLES


def test_sync_is_idempotent_and_matches_roles_py():
    roles_sync()
    roles_sync()
    for slug, spec in ROLES.items():
        perms = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Role.objects.get(slug=slug).permissions.all()
        }
        assert perms == set(spec.perms), slug


def test_no_administrator_role_touches_business_data():
    for slug in ADMIN_ROLES:
        apps = {p.split(".")[0] for p in ROLES[slug].perms}
        assert not apps & BUSINESS_APPS, slug


def test_the_audit_admin_only_reads_the_trail_and_nobody_else_does():
    assert set(ROLES["audit_admin"].perms) == {"trail.view_trailevent", "trail.export_trailevent"}
    readers = {slug for slug, spec in ROLES.items() if "trail.view_trailevent" in spec.perms}
    assert readers == {"audit_admin"}


def test_the_database_refuses_two_admin_roles_for_one_person(make_account, regions):
    user = make_account("security_admin", "370000")
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=user,
            role=Role.objects.get(slug="audit_admin"),
            region=regions["370000"],
            is_admin=True,
        )
