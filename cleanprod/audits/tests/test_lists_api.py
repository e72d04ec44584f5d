"""/api/v1/lists/: scoped reads, one action endpoint per transition, one error shape."""

from datetime import date

import pytest

from cleanprod.audits.models import Audit, MandatoryList
from cleanprod.audits.tests.list_helpers import draft_with, exceed, publish
from cleanprod.testing.audits import client_for, enterprise_account
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

BASE = "/api/v1/lists/"


@pytest.fixture
def people(regions, industries, audit_rules, make_account):
    compiler = make_account("municipal_official", "370300", username="compiler")
    approver = make_account("municipal_official", "370300", username="approver")
    return client_for(compiler), client_for(approver), compiler, approver


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_the_whole_workflow_through_the_api(people):
    # given
    web, boss, _compiler, _approver = people
    first = make_enterprise("370303")
    second = make_enterprise("370305")
    exceed(first, date(2025, 7, 1))
    # when: create, screen, add by hand, drop, submit, approve, publish
    created = _post(web, BASE, {"region": "370300", "year": 2026, "title": "2026年度名单"})
    assert created.status_code == 201, created.json()
    url = f"{BASE}{created.json()['id']}/"
    screened = _post(web, url + "screen/")
    assert [e["credit_code"] for e in screened.json()["entries"]] == [first.credit_code]
    added = _post(
        web,
        url + "add-entry/",
        {"credit_code": second.credit_code, "triggers": ["energy"], "reason": "核查发现能耗超限额"},
    )
    assert added.status_code == 200
    entry = next(e for e in added.json()["entries"] if e["credit_code"] == second.credit_code)
    assert (entry["origin"], entry["lead_department"]) == ("manual", "drc")
    dropped = _post(web, url + "drop-entry/", {"entry": entry["id"], "reason": "已关停"})
    assert [e["included"] for e in dropped.json()["entries"]] == [True, False]
    assert _post(web, url + "submit/").json()["status"] == "submitted"
    assert _post(boss, url + "approve/").json()["status"] == "approved"
    published = _post(
        boss,
        url + "publish/",
        {
            "doc_number": "淄环发〔2026〕5号",
            "issuing_authorities": "淄博市生态环境局",
            "published_on": "2026-01-31",
        },
    )
    # then
    assert published.status_code == 200
    body = published.json()
    assert (body["status"], body["doc_number"], body["listed"]) == (
        "published",
        "淄环发〔2026〕5号",
        1,
    )
    assert Audit.objects.get(enterprise=first).listed_on == date(2026, 1, 31)
    entries = web.get(url + "entries/").json()
    assert len(entries) == 2


def test_errors_follow_the_one_shape(people):
    web, _boss, compiler, _approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    url = f"{BASE}{draft.pk}/"
    duplicate = _post(web, BASE, {"region": "370300", "year": 2026, "title": "再建一个"})
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "list.exists"
    assert set(duplicate.json()) == {"code", "message", "fields"}
    draft_returned = _post(web, url + "return/", {"comment": "退回"})
    assert draft_returned.status_code == 409  # a draft cannot be returned
    assert draft_returned.json()["code"] == "list.transition_not_allowed"
    _post(web, url + "submit/")
    four_eyes = _post(web, url + "approve/")
    assert (four_eyes.status_code, four_eyes.json()["code"]) == (400, "list.four_eyes")
    no_comment = _post(web, url + "return/", {})
    assert (no_comment.status_code, no_comment.json()["code"]) == (400, "invalid")
    assert "comment" in no_comment.json()["fields"]


def test_a_published_list_refuses_edits_with_409_and_accepts_amendments(people):
    web, boss, compiler, approver = people
    plants = [make_enterprise("370303"), make_enterprise("370305")]
    published = publish(draft_with(plants[:1], by=compiler), compiler=compiler, approver=approver)
    url = f"{BASE}{published.pk}/"
    refused = _post(
        web,
        url + "add-entry/",
        {"credit_code": plants[1].credit_code, "triggers": ["toxic"], "reason": "晚了"},
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "list.transition_not_allowed")
    screened = _post(web, url + "screen/")
    assert screened.status_code == 409
    amended = _post(
        boss,
        url + "amend/",
        {
            "kind": "add",
            "credit_code": plants[1].credit_code,
            "triggers": ["toxic"],
            "reason": "补充列入",
            "doc_number": "淄环发〔2026〕9号",
            "effective_on": "2026-04-01",
        },
    )
    assert amended.status_code == 200, amended.json()
    assert amended.json()["amendments"][0]["kind"] == "add"
    assert amended.json()["listed"] == 2


def test_reads_are_scoped_and_permissions_answer_403(people, make_account, regions):
    _web, _boss, compiler, _approver = people
    plant = make_enterprise("370303")
    zibo = draft_with([plant], by=compiler)
    county = client_for(make_account("county_official", "370303"))
    jinan = client_for(make_account("municipal_official", "370100"))
    staff = client_for(enterprise_account(plant))
    # a county official does not see the city's list; Jinan neither
    assert county.get(f"{BASE}{zibo.pk}/").status_code == 404
    assert _post(jinan, f"{BASE}{zibo.pk}/screen/").status_code == 404
    assert jinan.get(BASE).json()["results"] == []
    # an enterprise user sees no list at all
    assert staff.get(f"{BASE}{zibo.pk}/").status_code == 404
    assert staff.get(BASE).json()["results"] == []
    # in scope without the permission: 403
    on_city = client_for(make_account("county_official", "370300", username="county_city"))
    _post(client_for(compiler), f"{BASE}{zibo.pk}/submit/")
    denied = _post(on_city, f"{BASE}{zibo.pk}/approve/")
    assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")
    assert MandatoryList.objects.get(pk=zibo.pk).status == "submitted"


def test_the_list_endpoint_filters_by_year_and_status(people, regions):
    web, _boss, compiler, _approver = people
    draft_with([], by=compiler, year=2026)
    draft_with([], by=compiler, year=2027)
    assert [r["year"] for r in web.get(BASE, {"year": 2027}).json()["results"]] == [2027]
    assert len(web.get(BASE, {"status": "draft"}).json()["results"]) == 2
    assert web.get(BASE, {"status": "published"}).json()["results"] == []
