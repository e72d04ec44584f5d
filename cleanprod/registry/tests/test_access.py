"""Who sees which enterprise: officials by region, an enterprise user only its own, in pages,
search, exports and the API."""

import io

import pytest
from openpyxl import load_workbook

from cleanprod.accounts.models import RoleAssignment
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

TARGET = {"own": "370303", "sibling": "370305", "other_city": "370102"}

# (role, granted in, target county, expected) for the enterprise page and API detail
ACCESS = [
    ("county_official", "370303", "own", 200),
    ("county_official", "370303", "sibling", 404),
    ("municipal_official", "370300", "own", 200),
    ("municipal_official", "370300", "sibling", 200),
    ("municipal_official", "370300", "other_city", 404),
    ("provincial_official", "370000", "other_city", 200),
    ("energy_official", "370000", "own", 200),
    ("national_official", "000000", "other_city", 200),
    ("agency_staff", "370300", "own", 404),
    ("expert", "370000", "own", 404),
    # administrators cover the region but hold no business permission
    ("system_admin", "370000", "own", 403),
    ("security_admin", "370000", "own", 403),
    ("audit_admin", "370000", "own", 403),
    ("audit_admin", "370300", "other_city", 404),
]


@pytest.fixture
def enterprises(regions, industries):
    return {
        rel: make_enterprise(code, name=f"{rel}测试化工有限公司") for rel, code in TARGET.items()
    }


@pytest.mark.parametrize(("role", "where", "target", "expected"), ACCESS)
def test_enterprise_access(role, where, target, expected, signed_in, enterprises):
    client = signed_in(role, where)
    pk = enterprises[target].pk
    assert client.get(f"/registry/enterprises/{pk}/").status_code == expected
    assert client.get(f"/api/v1/enterprises/{pk}/").status_code == expected


def _bound_enterprise_user(make_account, enterprise):
    user = make_account("enterprise_user", "370303")
    RoleAssignment.objects.filter(user=user).update(party_id=enterprise.pk)
    return user


def test_an_enterprise_user_sees_only_its_own(make_account, enterprises, client):
    own = enterprises["own"]
    neighbour = make_enterprise("370303", name="同县邻居化工有限公司")
    client.force_login(_bound_enterprise_user(make_account, own))
    listed = client.get("/api/v1/enterprises/").json()["results"]
    assert [e["credit_code"] for e in listed] == [own.credit_code]
    assert listed[0]["contact_phone"] == "13800001234"  # its own data, unmasked
    assert client.get(f"/registry/enterprises/{neighbour.pk}/").status_code == 404
    page = client.get("/registry/enterprises/", {"q": "化工"}).content.decode()
    assert own.name in page
    assert neighbour.name not in page


def test_an_unbound_enterprise_user_sees_none(make_account, enterprises, client):
    client.force_login(make_account("enterprise_user", "370303"))
    assert client.get("/api/v1/enterprises/").json()["results"] == []


def test_county_pages_search_and_exports_hold_only_the_county(signed_in, enterprises):
    client = signed_in("county_official", "370303")
    page = client.get("/registry/enterprises/", {"q": "化工"}).content.decode()
    assert "own测试化工有限公司" in page
    assert "sibling测试化工有限公司" not in page
    api = client.get("/api/v1/enterprises/", {"q": "化工"}).json()["results"]
    assert [e["name"] for e in api] == ["own测试化工有限公司"]
    export = client.get("/registry/export/enterprises.xlsx")
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(export.streaming_content)), read_only=True
        ).active.iter_rows(values_only=True)
    )
    assert [r[1] for r in rows[1:]] == ["own测试化工有限公司"]
