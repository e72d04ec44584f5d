"""The audit administrator filters and exports the trail; nobody else reads it."""

import io

import pytest
from openpyxl import load_workbook

from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


def test_audit_admin_sees_sign_in_events_and_filters_them(signed_in, make_account, client):
    # given: a failed sign-in by a county official of the province, and the audit admin
    official = make_account("county_official", "370303")
    client.post("/accounts/login/", {"username": official.username, "password": "Wr0ng-pass"})
    auditor = signed_in("audit_admin", "370000")
    # when
    everything = auditor.get("/trail/")
    failures = auditor.get("/trail/", {"action": "auth.login_failed"})
    # then: unfiltered, every event in scope; filtered, only the failure
    assert everything.status_code == 200
    assert b'data-action="auth.login_failed"' in everything.content
    assert b'data-action="account.role_granted"' in everything.content
    assert b'data-action="auth.login_failed"' in failures.content
    assert b'data-action="account.role_granted"' not in failures.content


def test_an_unknown_user_name_is_recorded_at_the_deployment_root(signed_in, client, settings):
    settings.CLEANPROD_DEPLOYMENT_REGION = "370000"
    client.post("/accounts/login/", {"username": "nobody", "password": "Wr0ng-pass"})
    provincial = signed_in("audit_admin", "370000").get("/trail/", {"user": "nobody"})
    city = signed_in("audit_admin", "370300").get("/trail/", {"user": "nobody"})
    assert b'data-action="auth.login_failed"' in provincial.content
    assert b'data-action="auth.login_failed"' not in city.content


def test_only_the_audit_admin_reads_the_trail(signed_in):
    for role in ("system_admin", "security_admin", "provincial_official"):
        assert signed_in(role, "370000").get("/trail/").status_code == 403, role


def test_export_writes_the_filtered_events_to_xlsx_and_records_the_export(signed_in):
    auditor = signed_in("audit_admin", "370000")
    response = auditor.get("/trail/export.xlsx", {"action": "account.role_granted"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) >= 2  # header + the grant to the auditor
    assert all("account.role_granted" in row[4] for row in rows[1:])
    assert TrailEvent.objects.filter(action=TrailEvent.Action.EXPORT).count() == 1


def test_an_audit_admin_of_a_city_sees_only_that_city(signed_in, make_account):
    make_account("county_official", "440305")  # a grant in Guangdong, recorded there
    city_auditor = signed_in("audit_admin", "370300")
    response = city_auditor.get("/trail/", {"action": "account.role_granted"})
    assert b"440305" not in response.content
    assert b"370300" in response.content


def test_an_htmx_filter_request_gets_only_the_results(signed_in):
    auditor = signed_in("audit_admin", "370000")
    response = auditor.get("/trail/", {"action": "account.role_granted"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="trail-results">')
    assert "<html" not in body
    assert 'data-action="account.role_granted"' in body
