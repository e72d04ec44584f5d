"""/api/v1/agencies/ and /api/v1/agency-filings/: scoped reads, staff, submit and decide."""

from __future__ import annotations

import json

import pytest

from cleanprod.agencies.models import AgencyFiling
from cleanprod.testing.agencies import certified_staff, file_agency
from cleanprod.testing.audits import agency_account, client_for, make_agency, upload

pytestmark = pytest.mark.django_db

FILING = {
    "independent_legal_person": True,
    "quality_system": True,
    "quality_system_description": "质量手册",
    "balance_test_equipment": "流量计",
    "industry_scope": ["26"],
}


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def two(world):
    other = make_agency("440300", filed=False)
    file_agency(other, ["25"])
    return {**world, "other": other, "other_user": agency_account(other)}


def test_the_register_is_scoped(two, make_account):
    province = client_for(make_account("provincial_official", "370000"))
    rows = province.get("/api/v1/agencies/").json()["results"]
    assert [r["id"] for r in rows] == [two["agency"].pk]
    own = client_for(two["other_user"])
    body = own.get(f"/api/v1/agencies/{two['other'].pk}/").json()
    assert (body["filing_status"], body["industry_scope"]) == ("filed", ["25"])
    assert own.get(f"/api/v1/agencies/{two['agency'].pk}/").status_code == 404
    guangdong = client_for(make_account("provincial_official", "440000"))
    rows = guangdong.get("/api/v1/agencies/?filing_status=unfiled").json()["results"]
    assert rows == []


def test_staff_are_listed_and_added_by_the_agency_only(two):
    own = client_for(two["staff_user"])
    url = f"/api/v1/agencies/{two['agency'].pk}/staff/"
    response = _post(own, url, {"name": "胡工", "certificate_no": "C-1"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["certificate_valid_until"]
    response = _post(
        own,
        url,
        {
            "name": "胡工",
            "certificate_no": "C-1",
            "certificate_valid_until": "2028-01-01",
            "industries": ["26"],
        },
    )
    assert response.status_code == 201
    assert response.json()["industries"] == ["26"]
    assert [r["name"] for r in own.get(url).json()["results"]] == ["胡工"]
    stranger = client_for(two["other_user"])
    assert _post(stranger, url, {"name": "某人"}).status_code == 404


def test_a_filing_is_submitted_approved_and_refused_to_others(two, make_account):
    certified_staff(two["agency"], ["26"])
    own = client_for(two["staff_user"])
    response = own.post(
        "/api/v1/agency-filings/",
        {**FILING, "agency": two["agency"].pk, "documents": [upload("licence.pdf")]},
    )
    assert response.status_code == 201, response.json()
    filing_id = response.json()["id"]
    assert len(response.json()["documents"]) == 1
    # another agency cannot file for it, nor see the filing
    stranger = client_for(two["other_user"])
    assert (
        _post(
            stranger, "/api/v1/agency-filings/", {**FILING, "agency": two["agency"].pk}
        ).status_code
        == 404
    )
    assert stranger.get(f"/api/v1/agency-filings/{filing_id}/").status_code == 404
    # a city official sees it but may not decide; the provincial official approves
    city = client_for(make_account("municipal_official", "370300"))
    assert city.get(f"/api/v1/agency-filings/{filing_id}/").status_code == 200
    assert _post(city, f"/api/v1/agency-filings/{filing_id}/approve/", {}).status_code == 403
    province = client_for(make_account("provincial_official", "370000"))
    response = _post(province, f"/api/v1/agency-filings/{filing_id}/approve/", {})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    # a second decision is a 409
    response = _post(province, f"/api/v1/agency-filings/{filing_id}/return/", {"reason": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "agency_filing.status"


def test_approval_names_failing_conditions_and_return_needs_reasons(two, make_account):
    own = client_for(two["staff_user"])
    response = _post(
        own,
        "/api/v1/agency-filings/",
        {**FILING, "agency": two["agency"].pk, "independent_legal_person": False},
    )
    filing_id = response.json()["id"]
    province = client_for(make_account("provincial_official", "370000"))
    response = _post(province, f"/api/v1/agency-filings/{filing_id}/approve/", {})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "agency_filing.conditions_not_met"
    assert {"independent_legal_person", "certified_staff", "industry_staff"} == set(body["fields"])
    response = _post(province, f"/api/v1/agency-filings/{filing_id}/return/", {})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["reason"]
    response = _post(province, f"/api/v1/agency-filings/{filing_id}/return/", {"reason": "补充"})
    assert response.json()["status"] == "returned"
    assert AgencyFiling.objects.get(pk=filing_id).decision_reason == "补充"
