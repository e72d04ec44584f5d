"""/api/v1/experts/: scoped list and detail, action endpoints with the one error shape, and
conflicts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cleanprod.experts.models import Expert
from cleanprod.experts.tests.factories import bind_expert_account, make_expert
from cleanprod.registry.credit_codes import make_code

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_is_scoped_and_filtered(province_official, make_account):
    make_expert(province_official, region="370303")
    make_expert(province_official, region="370102", name="刘洋", specialties=("44",))
    client = api(province_official)
    rows = client.get("/api/v1/experts/").json()["results"]
    assert {r["name"] for r in rows} == {"马林", "刘洋"}
    rows = client.get("/api/v1/experts/", {"specialty": "4411"}).json()["results"]
    assert [r["name"] for r in rows] == ["刘洋"]
    outsider = api(make_account("county_official", "440305"))
    assert outsider.get("/api/v1/experts/").json()["results"] == []


def test_apply_admit_suspend_reinstate_remove_through_the_api(province_official):
    client = api(province_official)
    created = client.post(
        "/api/v1/experts/",
        {
            "name": "王强",
            "region": "370300",
            "title": "教授",
            "employer": "山东理工大学",
            "specialties": ["26", "27"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["pool_no"], body["status"]) == ("ZJ370000-0001", "applied")
    pk = body["id"]
    admitted = client.post(f"/api/v1/experts/{pk}/admit/", {}, format="json").json()
    assert admitted["status"] == "active"
    assert admitted["admitted_on"]
    missing = client.post(f"/api/v1/experts/{pk}/suspend/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()["fields"]
    suspended = client.post(f"/api/v1/experts/{pk}/suspend/", {"reason": "迟到"}, format="json")
    assert suspended.json()["status"] == "suspended"
    assert suspended.json()["history"][-1]["reason"] == "迟到"
    client.post(f"/api/v1/experts/{pk}/reinstate/", {"reason": "整改"}, format="json")
    removed = client.post(f"/api/v1/experts/{pk}/remove/", {"reason": "退出"}, format="json")
    assert removed.json()["status"] == "removed"
    again = client.post(f"/api/v1/experts/{pk}/reinstate/", {"reason": "x"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "expert.transition_not_allowed"


def test_apply_with_a_class_code_is_refused_with_the_field(province_official):
    response = api(province_official).post(
        "/api/v1/experts/",
        {
            "name": "王强",
            "region": "370300",
            "title": "教授",
            "employer": "某大学",
            "specialties": ["2614"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "expert.specialties"
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("role", "region", "expected"),
    [
        ("provincial_official", "370000", 200),
        ("county_official", "370303", 403),  # reads the pool, may not examine
        ("county_official", "440305", 404),
        ("expert", "370000", 404),  # an unbound expert account reaches no expert
    ],
)
def test_admit_access(province_official, make_account, role, region, expected):
    expert = make_expert(province_official, admit=False, region="370303")
    client = api(make_account(role, region))
    response = client.post(f"/api/v1/experts/{expert.pk}/admit/", {}, format="json")
    assert response.status_code == expected


def test_an_expert_declares_and_withdraws_conflicts_through_the_api(province_official):
    expert = make_expert(province_official)
    other = make_expert(province_official, name="刘洋")
    client = api(bind_expert_account(expert))
    code = make_code("91370305MA0000123")
    created = client.post(
        f"/api/v1/experts/{expert.pk}/conflicts/",
        {"kind": "past_client", "credit_code": code, "organisation": "临淄示范化工有限公司"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    listed = client.get(f"/api/v1/experts/{expert.pk}/conflicts/").json()
    assert [c["credit_code"] for c in listed] == [code]
    assert client.get(f"/api/v1/experts/{other.pk}/conflicts/").status_code == 404
    deleted = client.delete(f"/api/v1/experts/{expert.pk}/conflicts/{created.json()['id']}/")
    assert deleted.status_code == 204
    assert not expert.conflicts.exists()
    detail = client.get(f"/api/v1/experts/{expert.pk}/").json()
    assert detail["phone"] == "13912345678"  # the expert sees their own contacts
