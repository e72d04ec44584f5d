"""Who reaches the phase and option pages: the audit's enterprise and agency may edit,
officials of the region may read (403 on any edit), everyone else gets 404; after the report
is submitted, edits are refused with 409."""

from __future__ import annotations

import pytest

from cleanprod.audits.models import Audit, TeamMember
from cleanprod.performance.models import Option
from cleanprod.testing.audits import (
    agency_account,
    audit_set_status,
    client_for,
    enterprise_account,
    make_agency,
    working_audit,
)

OPTION = {"title": "中水回用", "type": "recycling", "investment": "1000", "found_in_phase": "4"}
PAGES = [
    "/audits/{pk}/phases/1/",
    "/audits/{pk}/phases/3/",
    "/audits/{pk}/phases/6/",
    "/performance/audits/{pk}/options/",
]


@pytest.fixture
def audit(regions, industries, audit_rules):
    audit = working_audit()
    agency = make_agency("370300")
    Audit.objects.filter(pk=audit.pk).update(self_audit=False, agency=agency)
    audit.refresh_from_db()
    return audit


def _people(audit, make_account):
    return {
        "enterprise": enterprise_account(audit.enterprise),
        "agency": agency_account(audit.agency),
        "other_enterprise": enterprise_account(working_audit().enterprise),
        "other_agency": agency_account(make_agency("370300")),
        "county": make_account("county_official", "370303"),
        "sibling_county": make_account("county_official", "370305"),
        "city": make_account("municipal_official", "370300"),
        "other_city": make_account("municipal_official", "370100"),
    }


# (person, page status, edit status)
ACCESS = [
    ("enterprise", 200, 302),
    ("agency", 200, 302),
    ("other_enterprise", 404, 404),
    ("other_agency", 404, 404),
    ("county", 200, 403),
    ("city", 200, 403),
    ("sibling_county", 404, 404),
    ("other_city", 404, 404),
]


@pytest.mark.parametrize(("who", "page_status", "edit_status"), ACCESS)
def test_phase_and_option_access(audit, make_account, who, page_status, edit_status):
    client = client_for(_people(audit, make_account)[who])
    for page in PAGES:
        assert client.get(page.format(pk=audit.pk)).status_code == page_status, page
    add_member = client.post(
        f"/audits/{audit.pk}/phases/1/team-add/", {"name": "王厂长", "team_role": "leader"}
    )
    add_option = client.post(f"/performance/audits/{audit.pk}/options/", OPTION)
    assert (add_member.status_code, add_option.status_code) == (edit_status, edit_status)


def test_an_official_reads_without_edit_controls(audit, make_account):
    TeamMember.objects.create(audit=audit, name="王厂长", team_role="leader")
    client = client_for(make_account("county_official", "370303"))
    page = client.get(f"/audits/{audit.pk}/phases/1/").content.decode()
    assert "王厂长" in page
    assert 'id="read-only-note"' in page
    for control in ('id="team-add"', 'id="phase-complete"', "team-remove"):
        assert control not in page
    options = client.get(f"/performance/audits/{audit.pk}/options/").content.decode()
    assert 'id="option-add"' not in options


def test_an_official_cannot_act_on_an_option_or_a_phase(audit, make_account):
    option = Option.objects.create(
        audit=audit, code="F1", title="x", type="management", investment=0, cost_class="no_low"
    )
    client = client_for(make_account("municipal_official", "370300"))
    url = f"/performance/audits/{audit.pk}/options/{option.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url + "screen/", {"decision": "selected"}).status_code == 403
    assert client.post(f"/audits/{audit.pk}/phases/1/complete/").status_code == 403


def test_an_option_of_another_audit_is_not_found_through_this_audit(audit):
    other = working_audit()
    option = Option.objects.create(
        audit=other, code="F1", title="x", type="management", investment=0, cost_class="no_low"
    )
    client = client_for(enterprise_account(audit.enterprise))
    assert client.get(f"/performance/audits/{audit.pk}/options/{option.pk}/").status_code == 404


def test_edits_are_refused_with_409_once_the_report_is_submitted(audit):
    user = enterprise_account(audit.enterprise)
    audit_set_status(audit, Audit.Status.REPORT_SUBMITTED)
    client = client_for(user)
    page = client.get(f"/audits/{audit.pk}/phases/1/").content.decode()
    assert 'id="team-add"' not in page  # no button the workflow would refuse
    assert (
        client.post(
            f"/audits/{audit.pk}/phases/1/team-add/", {"name": "王厂长", "team_role": "leader"}
        ).status_code
        == 409
    )
    assert client.post(f"/performance/audits/{audit.pk}/options/", OPTION).status_code == 409
    assert not TeamMember.objects.filter(audit=audit).exists()


def test_an_unknown_phase_or_action_is_not_found(audit):
    client = client_for(enterprise_account(audit.enterprise))
    assert client.get(f"/audits/{audit.pk}/phases/8/").status_code == 404
    assert client.post(f"/audits/{audit.pk}/phases/1/fly/").status_code == 404
    assert client.post(f"/audits/{audit.pk}/phases/1/balance-add/").status_code == 404
