"""/api/v1/audits/: the scoped list with filters, the detail with deadlines and phases, one
action endpoint per transition returning the audit, the events, and the error shape."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cleanprod.audits.models import AuditEvent, AuditReport
from cleanprod.testing.audits import (
    client_for,
    complete_phases,
    enterprise_account,
    make_agency,
    make_audit,
    upload,
)
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 20)


@pytest.fixture(autouse=True)
def today():
    moment = datetime(2026, 2, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def case(regions, industries, audit_rules, make_account):
    enterprise = make_enterprise("370303")
    audit = make_audit(enterprise, listed_on=date(2026, 1, 31))
    return {
        "audit": audit,
        "staff": client_for(enterprise_account(enterprise)),
        "official": client_for(make_account("county_official", "370303")),
        "url": f"/api/v1/audits/{audit.pk}/",
    }


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_the_detail_carries_deadlines_and_phases(case):
    body = case["staff"].get(case["url"]).json()
    assert body["status"] == "not_started"
    assert {d["step"] for d in body["deadlines"]} == {"disclose", "start", "report"}
    assert [p["phase"] for p in body["phases"]] == [1, 2, 3, 4, 5, 6, 7]
    assert body["enterprise"]["credit_code"]


def test_the_list_filters_by_status_track_and_region(case, make_account):
    other = make_audit(make_enterprise("370305"), track="voluntary")
    client = client_for(make_account("municipal_official", "370300"))
    ids = lambda params: {a["id"] for a in client.get("/api/v1/audits/", params).json()["results"]}  # noqa: E731
    assert ids({}) == {case["audit"].pk, other.pk}
    assert ids({"track": "voluntary"}) == {other.pk}
    assert ids({"region": "370303"}) == {case["audit"].pk}
    assert ids({"region": "370300"}) == {case["audit"].pk, other.pk}
    assert ids({"status": "in_progress"}) == set()


def test_the_list_stays_within_a_few_queries(case, make_account, django_assert_max_num_queries):
    for _ in range(5):
        make_audit(make_enterprise("370303"))
    client = client_for(make_account("county_official", "370303"))
    client.get("/api/v1/audits/")  # warm the session and scope
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/audits/").json()["results"]) == 6


def test_disclose_and_file_start_return_the_audit(case):
    body = _post(
        case["staff"],
        case["url"] + "disclose/",
        {"content": "企业基本信息", "channel": "公司网站", "published_on": "2026-02-10"},
    ).json()
    assert next(d for d in body["deadlines"] if d["step"] == "disclose")["met_on"] == "2026-02-10"
    agency = make_agency()
    response = _post(
        case["staff"],
        case["url"] + "file-start/",
        {"agency": agency.pk, "contract_number": "HT-7", "contract_signed_on": "2026-02-18"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["agency"], body["started_on"]) == (
        "in_progress",
        agency.pk,
        "2026-02-20",
    )


def test_a_refused_rule_comes_back_in_the_one_error_shape(case):
    response = _post(case["staff"], case["url"] + "file-start/", {"agency": make_agency().pk})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "audit.engagement_incomplete"
    assert set(body["fields"]) == {"contract_number", "contract_signed_on"}


def test_a_transition_the_status_does_not_allow_is_409(case):
    assert (
        _post(case["staff"], case["url"] + "file-start/", {"self_audit": True}).status_code == 200
    )
    response = _post(case["staff"], case["url"] + "file-start/", {"self_audit": True})
    assert response.status_code == 409
    assert response.json()["code"] == "audit.transition_not_allowed"


def test_invalid_input_is_400_with_fields(case):
    response = _post(case["staff"], case["url"] + "disclose/", {"channel": "网站"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"content", "published_on"}


def test_report_round_trip_through_the_api(case):
    # given a started audit with phases 1–5 completed
    staff, official, url = case["staff"], case["official"], case["url"]
    _post(staff, url + "file-start/", {"self_audit": True})
    complete_phases(case["audit"])
    # when the report is submitted (multipart), returned and resubmitted, then accepted
    response = staff.post(url + "submit-report/", {"file": upload("r.pdf"), "note": "v1"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "report_submitted"
    refused = _post(official, url + "return-report/", {"comment": "改", "chapters": []})
    assert refused.status_code == 400
    returned = _post(
        official,
        url + "return-report/",
        {"comment": "请修改", "chapters": [{"chapter": 3, "comment": "平衡不闭合"}]},
    )
    assert returned.json()["status"] == "report_returned"
    staff.post(url + "submit-report/", {"file": upload("r2.pdf")})
    accepted = _post(official, url + "accept-report/", {"comment": "同意"})
    # then
    assert accepted.json()["status"] == "report_accepted"
    assert list(
        AuditReport.objects.filter(audit=case["audit"]).values_list("version", "status")
    ) == [(2, "accepted"), (1, "returned")]


def test_the_enterprise_cannot_return_its_report(case):
    _post(case["staff"], case["url"] + "file-start/", {"self_audit": True})
    complete_phases(case["audit"])
    case["staff"].post(case["url"] + "submit-report/", {"file": upload("r.pdf")})
    response = _post(
        case["staff"],
        case["url"] + "return-report/",
        {"comment": "x", "chapters": [{"chapter": 1, "comment": "y"}]},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_withdraw_needs_a_reason(case):
    assert _post(case["official"], case["url"] + "withdraw/", {}).status_code == 400
    body = _post(case["official"], case["url"] + "withdraw/", {"reason": "名单有误"}).json()
    assert (body["status"], body["withdrawn_reason"]) == ("withdrawn", "名单有误")


def test_the_events_are_the_audits_timeline_newest_first(case):
    _post(case["staff"], case["url"] + "file-start/", {"self_audit": True})
    events = case["staff"].get(case["url"] + "events/").json()["results"]
    types = [e["type"] for e in events]
    assert types[0] in {AuditEvent.Type.AUDIT_STARTED, AuditEvent.Type.DEADLINE_MET}
    assert set(types) == {"audit.created", "audit.started", "deadline.met"}
    started = next(e for e in events if e["type"] == "audit.started")
    assert (started["from_status"], started["to_status"]) == ("not_started", "in_progress")
