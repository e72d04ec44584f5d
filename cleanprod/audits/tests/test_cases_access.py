"""Who reaches which audit case, in the pages and the API: officials by region, an
enterprise only its own, agency staff only the audits their agency is engaged on; and who may
take which step (403 in scope without the permission)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cleanprod.audits.services.cases import audit_file_start
from cleanprod.testing.audits import (
    agency_account,
    client_for,
    complete_phases,
    enterprise_account,
    make_agency,
    make_audit,
    upload,
)
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

TARGET = {"own": "370303", "sibling": "370305", "other_city": "370102"}

# (who, target audit, expected) for the case page and the API detail
VIEW = [
    ("county_official@370303", "own", 200),
    ("county_official@370303", "sibling", 404),
    ("county_official@370303", "other_city", 404),
    ("municipal_official@370300", "sibling", 200),
    ("municipal_official@370300", "other_city", 404),
    ("provincial_official@370000", "other_city", 200),
    ("energy_official@370000", "own", 200),
    ("enterprise_user", "own", 200),
    ("enterprise_user", "sibling", 404),
    ("agency_staff", "own", 200),
    ("agency_staff", "sibling", 404),
    ("other_agency_staff", "own", 404),
    ("expert@370000", "own", 404),
    ("system_admin@370000", "own", 403),  # covers the region, holds no audit permission
]

# (who, action endpoint, expected) on the audit "own" in the status the action needs
ACT = [
    ("enterprise_user", "file-start", 200),
    ("county_official@370303", "file-start", 403),
    ("agency_staff", "file-start", 404),  # not engaged before the filing: not theirs
    ("municipal_official@370300", "file-start", 403),
    ("enterprise_user", "disclose", 200),
    ("county_official@370303", "disclose", 403),
    ("county_official@370303", "withdraw", 200),
    ("enterprise_user", "withdraw", 403),
    ("agency_staff", "withdraw", 403),
    ("county_official@370303", "return-report", 200),
    ("enterprise_user", "return-report", 403),
    ("agency_staff", "return-report", 403),
    ("county_official@370303", "accept-report", 200),
    ("enterprise_user", "accept-report", 403),
    ("enterprise_user", "submit-report", 200),
    ("agency_staff", "submit-report", 403),
    ("county_official@370303", "submit-report", 403),
    ("county_official@370305", "file-start", 404),
]

PAYLOAD = {
    "file-start": {"self_audit": True},
    "disclose": {"content": "信息", "channel": "网站", "published_on": "2026-02-01"},
    "withdraw": {"reason": "名单有误"},
    "return-report": {"comment": "改", "chapters": [{"chapter": 1, "comment": "补充"}]},
    "accept-report": {"comment": ""},
}
STARTED = {"withdraw", "return-report", "accept-report", "submit-report"}
SUBMITTED = {"return-report", "accept-report"}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(
        datetime(2026, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


@pytest.fixture
def world(regions, industries, audit_rules):
    enterprises = {rel: make_enterprise(code) for rel, code in TARGET.items()}
    agency = make_agency()
    audits = {rel: make_audit(e) for rel, e in enterprises.items()}
    return {"enterprises": enterprises, "agency": agency, "audits": audits}


def _person(who, world, make_account):
    own = world["enterprises"]["own"]
    if who == "enterprise_user":
        return enterprise_account(own)
    if who == "agency_staff":
        return agency_account(world["agency"])
    if who == "other_agency_staff":
        return agency_account(make_agency())
    role, region = who.split("@")
    return make_account(role, region)


def _engage(world, *, submitted=False):
    """File the start of "own" with the agency; optionally submit its report."""
    own = world["audits"]["own"]
    owner = enterprise_account(world["enterprises"]["own"])
    audit_file_start(
        audit=own,
        by=owner,
        self_audit=False,
        agency=world["agency"],
        contract_number="HT-1",
        contract_signed_on=date(2026, 1, 1),
    )
    if submitted:
        complete_phases(own)
        client_for(owner).post(f"/api/v1/audits/{own.pk}/submit-report/", {"file": upload()})
    return own


@pytest.mark.parametrize(("who", "target", "expected"), VIEW)
def test_case_visibility(who, target, expected, world, make_account):
    _engage(world)  # the agency serves "own" only
    client = client_for(_person(who, world, make_account))
    pk = world["audits"][target].pk
    assert client.get(f"/audits/cases/{pk}/").status_code == expected
    assert client.get(f"/api/v1/audits/{pk}/").status_code == expected
    assert client.get(f"/api/v1/audits/{pk}/events/").status_code == expected


@pytest.mark.parametrize(("who", "endpoint", "expected"), ACT)
def test_who_may_take_which_step(who, endpoint, expected, world, make_account):
    # given "own" in the status the action needs
    own = world["audits"]["own"]
    if endpoint in STARTED:
        _engage(world, submitted=endpoint in SUBMITTED)
    client = client_for(_person(who, world, make_account))
    url = f"/api/v1/audits/{own.pk}/{endpoint}/"
    # when
    if endpoint == "submit-report":
        complete_phases(own)
        response = client.post(url, {"file": upload()})
    else:
        response = client.post(url, PAYLOAD[endpoint], content_type="application/json")
    # then
    assert response.status_code == expected, response.json()


def test_each_list_holds_only_what_the_person_reaches(world, make_account):
    _engage(world)
    own = world["audits"]["own"].pk

    def listed(user):
        return {a["id"] for a in client_for(user).get("/api/v1/audits/").json()["results"]}

    assert listed(enterprise_account(world["enterprises"]["own"])) == {own}
    assert listed(agency_account(world["agency"])) == {own}
    assert listed(agency_account(make_agency())) == set()
    assert listed(make_account("county_official", "370303")) == {own}
    assert listed(make_account("municipal_official", "370300")) == {
        own,
        world["audits"]["sibling"].pk,
    }
    page = client_for(agency_account(world["agency"])).get("/audits/mine/").content.decode()
    assert f'data-audit="{own}"' in page
    assert f'data-audit="{world["audits"]["sibling"].pk}"' not in page
