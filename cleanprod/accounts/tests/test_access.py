"""The access matrix: every role by own region, child, sibling and parent region.

Each role is granted in the city of Zibo (370300): its child is Zhangdian (370303), its sibling
Jinan (370100), its parent Shandong (370000). Out of scope answers 404, in scope without the
permission 403. Party roles (enterprise, agency, expert) reach reference data by region and
business rows only of their own party.
"""

import pytest

from cleanprod.accounts.roles import ROLES
from cleanprod.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

TARGET = {"own": "370300", "child": "370303", "sibling": "370100", "parent": "370000"}
OFFICIALS = [
    "national_official",
    "provincial_official",
    "municipal_official",
    "county_official",
    "energy_official",
]
PARTIES = ["enterprise_user", "agency_staff", "expert"]

# (role, target region, resource, expected status)
ACCESS = [
    *[
        (role, rel, "region", 404 if rel in ("sibling", "parent") else 200)
        for role in [*OFFICIALS, *PARTIES, "system_admin", "security_admin"]
        for rel in TARGET
    ],
    *[
        ("audit_admin", rel, "region", 404 if rel in ("sibling", "parent") else 403)
        for rel in TARGET
    ],
    *[
        (role, rel, "account", 404 if rel in ("sibling", "parent") else 200)
        for role in [*OFFICIALS, "system_admin", "security_admin"]
        for rel in TARGET
    ],
    # enterprise, agency and expert roles reach only their own party's rows: other people's
    # accounts are not even found
    *[(role, rel, "account", 404) for role in PARTIES for rel in TARGET],
    *[
        ("audit_admin", rel, "account", 404 if rel in ("sibling", "parent") else 403)
        for rel in TARGET
    ],
]

URLS = {
    "region": [
        lambda code, _uid: f"/api/v1/regions/{code}/",
        lambda code, _uid: f"/regions/{code}/",
    ],
    "account": [lambda _code, uid: f"/api/v1/users/{uid}/", lambda _code, uid: f"/accounts/{uid}/"],
}


def test_the_matrix_covers_every_role():
    assert {role for role, *_ in ACCESS} == set(ROLES)


@pytest.mark.parametrize(("role", "relation", "resource", "expected"), ACCESS)
def test_access(role, relation, resource, expected, signed_in, regions):
    # given: the person, and an account living in the target region
    client = signed_in(role, "370300")
    code = TARGET[relation]
    other = UserFactory(username=f"someone_{code}", region=regions[code])
    # when / then
    for url in URLS[resource]:
        response = client.get(url(code, other.pk))
        assert response.status_code == expected, url


def test_anonymous_requests_are_sent_to_sign_in(client, regions):
    assert client.get("/regions/370300/").status_code == 302
    response = client.get("/api/v1/regions/370300/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "auth.not_authenticated"


def test_a_role_without_descendants_covers_only_its_own_region(make_account, regions):
    from django.test import Client

    user = make_account("municipal_official", "370300")
    user.assignments.update(include_descendants=False)
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/regions/370300/").status_code == 200
    assert client.get("/api/v1/regions/370303/").status_code == 404
