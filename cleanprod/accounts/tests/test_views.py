"""The account page: the security administrator grants and revokes roles and lifts locks."""

import pytest

from cleanprod.accounts.models import RoleAssignment
from cleanprod.accounts.services import account_is_locked
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


def _grant(client, account, role, region):
    return client.post(
        f"/accounts/{account.pk}/roles/", {"role": role, "region": region}, follow=True
    )


def test_the_security_admin_grants_a_role_and_the_trail_names_them(signed_in, make_account):
    # given
    official = make_account("county_official", "370303")
    security = signed_in("security_admin", "370000")
    # when
    response = _grant(security, official, "energy_official", "370303")
    # then
    assert response.status_code == 200
    assert official.role_slugs() == {"county_official", "energy_official"}
    event = TrailEvent.objects.filter(action=TrailEvent.Action.ROLE_GRANTED).latest("id")
    assert event.actor_username == "security_admin_370000"
    assert event.details == {"role": "energy_official", "region": "370303"}


def test_a_second_admin_role_is_refused_with_a_message(signed_in, make_account):
    auditor = make_account("audit_admin", "370000")
    security = signed_in("security_admin", "370000")
    security.cookies["django_language"] = "en"
    response = _grant(security, auditor, "system_admin", "370000")
    assert auditor.role_slugs() == {"audit_admin"}
    assert "cannot be held together" in response.content.decode()


def test_an_unknown_region_code_is_refused_with_a_message(signed_in, make_account):
    official = make_account("county_official", "370303")
    response = _grant(signed_in("security_admin", "370000"), official, "expert", "379999")
    assert "379999" in response.content.decode()
    assert official.role_slugs() == {"county_official"}


def test_revoking_removes_the_role_and_is_recorded(signed_in, make_account):
    official = make_account("county_official", "370303")
    assignment = official.assignments.get()
    security = signed_in("security_admin", "370000")
    security.post(f"/accounts/{official.pk}/roles/{assignment.pk}/revoke/")
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert TrailEvent.objects.filter(action=TrailEvent.Action.ROLE_REVOKED).exists()


def test_officials_see_the_page_but_may_not_grant(signed_in, make_account):
    official = make_account("county_official", "370303")
    municipal = signed_in("municipal_official", "370300")
    page = municipal.get(f"/accounts/{official.pk}/")
    assert page.status_code == 200
    assert b'id="grant-role"' not in page.content
    assert _grant(municipal, official, "expert", "370303").status_code == 403


def test_a_security_admin_cannot_grant_outside_their_region(signed_in, make_account):
    official = make_account("county_official", "370303")
    city_security = signed_in("security_admin", "370100")  # Jinan
    assert _grant(city_security, official, "expert", "370303").status_code == 404


def test_unlock_lifts_the_lock_at_once(signed_in, make_account, client):
    official = make_account("county_official", "370303")
    for _ in range(5):
        client.post("/accounts/login/", {"username": official.username, "password": "Wr0ng-pw"})
    assert account_is_locked(official)
    signed_in("security_admin", "370000").post(f"/accounts/{official.pk}/unlock/")
    assert not account_is_locked(official)
    assert TrailEvent.objects.filter(action=TrailEvent.Action.ACCOUNT_UNLOCKED).exists()


def test_the_service_itself_checks_who_grants_and_where(make_account, regions):
    # given: a Zibo official, a Jinan security admin and a provincial one
    from django.core.exceptions import PermissionDenied

    from cleanprod.accounts.models import Role
    from cleanprod.accounts.services import role_grant, role_revoke

    official = make_account("county_official", "370303")
    expert = Role.objects.get(slug="expert")
    jinan_security = make_account("security_admin", "370100")
    municipal = make_account("municipal_official", "370300")
    # when / then: neither may grant in Zibo, nor revoke there
    for by in (jinan_security, municipal):
        with pytest.raises(PermissionDenied):
            role_grant(user=official, role=expert, region=regions["370303"], by=by)
        with pytest.raises(PermissionDenied):
            role_revoke(assignment=official.assignments.get(), by=by)
    assert official.role_slugs() == {"county_official"}
