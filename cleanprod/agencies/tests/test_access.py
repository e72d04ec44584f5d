"""Who reaches which agency rows through the API, as a readable table."""

from __future__ import annotations

import json

import pytest

from cleanprod.testing.agencies import file_agency
from cleanprod.testing.audits import agency_account, client_for, make_agency

pytestmark = pytest.mark.django_db

# who                                   target   what           expected
ACCESS = [
    (("provincial_official", "370000"), "zibo", "view", 200),
    (("provincial_official", "370000"), "zibo", "approve", 200),
    (("provincial_official", "440000"), "zibo", "view", 404),
    (("provincial_official", "440000"), "zibo", "approve", 404),
    (("municipal_official", "370300"), "zibo", "view", 200),
    (("municipal_official", "370300"), "zibo", "approve", 403),
    (("municipal_official", "370100"), "zibo", "view", 404),
    (("county_official", "370303"), "zibo", "view", 404),  # registered at city level
    (("enterprise_user", "370303"), "zibo", "view", 404),  # no view_agencyfiling
    ("own_staff", "zibo", "view", 200),
    ("own_staff", "zibo", "approve", 403),
    ("other_staff", "zibo", "view", 404),
    ("other_staff", "zibo", "approve", 404),
]


@pytest.fixture
def setting(world):
    from cleanprod.agencies.services import agency_filing_submit
    from cleanprod.testing.agencies import certified_staff

    certified_staff(world["agency"], ["26"])
    filing = agency_filing_submit(
        agency=world["agency"],
        by=world["staff_user"],
        independent_legal_person=True,
        quality_system=True,
        quality_system_description="质量手册",
        balance_test_equipment="流量计",
        industry_scope=["26"],
    )
    other = make_agency("370300", filed=False)
    file_agency(other, ["25"])
    return {**world, "filing": filing, "other_user": agency_account(other)}


@pytest.mark.parametrize(("who", "target", "what", "expected"), ACCESS)
def test_access(setting, make_account, who, target, what, expected):
    if who == "own_staff":
        user = setting["staff_user"]
    elif who == "other_staff":
        user = setting["other_user"]
    else:
        user = make_account(*who)
    client = client_for(user)
    filing = setting["filing"]
    if what == "view":
        status = client.get(f"/api/v1/agency-filings/{filing.pk}/").status_code
    else:
        status = client.post(
            f"/api/v1/agency-filings/{filing.pk}/{what}/",
            json.dumps({}),
            content_type="application/json",
        ).status_code
    assert status == expected
