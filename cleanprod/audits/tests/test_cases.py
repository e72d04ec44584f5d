"""The enterprise's first steps on its case (disclosure, start filing), withdrawal by the
authority, and the case pages: the list, the case page and the forms behind its buttons."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit, AuditEvent, Step
from cleanprod.audits.selectors.cases import audit_allowed_actions
from cleanprod.audits.services.cases import audit_disclose, audit_file_start, audit_withdraw
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import client_for, enterprise_account, make_agency, make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 20)


@pytest.fixture(autouse=True)
def today():
    moment = datetime(2026, 2, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def case(regions, industries, audit_rules):
    enterprise = make_enterprise("370303", name="张店测试化工有限公司")
    return make_audit(enterprise, listed_on=date(2026, 1, 31)), enterprise_account(enterprise)


def _deadline(audit, step):
    return audit.deadlines.get(step=step)


def _events(audit, type_):
    return list(AuditEvent.objects.filter(audit=audit, type=type_))


# --- disclosure -----------------------------------------------------------------------------


def test_a_disclosure_meets_the_disclosure_deadline_on_its_publication_date(case):
    # given a case listed on 31 January (disclosure due 28 February)
    audit, staff = case
    # when the enterprise records what it published on 10 February
    disclosure = audit_disclose(
        audit=audit,
        by=staff,
        content="企业名称、法定代表人、污染物排放情况",
        channel="淄博日报",
        published_on=date(2026, 2, 10),
    )
    # then the disclosure is kept, the deadline met on that day, and both steps recorded
    assert disclosure.recorded_by == staff
    assert _deadline(audit, Step.DISCLOSE).met_on == date(2026, 2, 10)
    [event] = _events(audit, AuditEvent.Type.AUDIT_DISCLOSED)
    assert (event.from_status, event.to_status) == ("not_started", "not_started")
    assert _events(audit, AuditEvent.Type.DEADLINE_MET)[0].data["step"] == "disclose"


def test_a_later_disclosure_keeps_the_first_met_date(case):
    audit, staff = case
    audit_disclose(
        audit=audit, by=staff, content="a", channel="网站", published_on=date(2026, 2, 1)
    )
    audit_disclose(
        audit=audit, by=staff, content="b", channel="报纸", published_on=date(2026, 2, 9)
    )
    assert audit.disclosures.count() == 2
    assert _deadline(audit, Step.DISCLOSE).met_on == date(2026, 2, 1)
    assert len(_events(audit, AuditEvent.Type.DEADLINE_MET)) == 1


@pytest.mark.parametrize(
    ("content", "channel", "published_on", "field"),
    [
        ("", "网站", date(2026, 2, 1), "content"),
        ("内容", " ", date(2026, 2, 1), "channel"),
        ("内容", "网站", date(2026, 3, 1), "published_on"),
    ],
)
def test_a_disclosure_needs_what_where_and_a_date_not_in_the_future(
    case, content, channel, published_on, field
):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        audit_disclose(
            audit=audit, by=staff, content=content, channel=channel, published_on=published_on
        )
    assert field in refused.value.fields
    assert not audit.disclosures.exists()


def test_an_official_cannot_record_the_enterprises_disclosure(case, make_account):
    audit, _staff = case
    official = make_account("county_official", "370303")
    with pytest.raises(PermissionDenied):
        audit_disclose(audit=audit, by=official, content="x", channel="y", published_on=TODAY)


# --- start filing ---------------------------------------------------------------------------


def test_filing_a_self_audit_puts_the_case_in_progress_from_today(case):
    # given
    audit, staff = case
    # when
    audit = audit_file_start(audit=audit, by=staff, self_audit=True)
    # then
    audit.refresh_from_db()
    assert (audit.status, audit.started_on, audit.self_audit) == ("in_progress", TODAY, True)
    assert audit.current_phase == 1
    assert _deadline(audit, Step.START).met_on == TODAY
    [event] = _events(audit, AuditEvent.Type.AUDIT_STARTED)
    assert (event.from_status, event.to_status, event.actor) == (
        "not_started",
        "in_progress",
        staff,
    )


def test_filing_with_an_agency_records_the_contract(case):
    audit, staff = case
    agency = make_agency("370300")
    audit_file_start(
        audit=audit,
        by=staff,
        self_audit=False,
        agency=agency,
        contract_number="HT-2026-01",
        contract_signed_on=date(2026, 2, 15),
    )
    audit.refresh_from_db()
    assert (audit.agency, audit.contract_number) == (agency, "HT-2026-01")
    assert _events(audit, AuditEvent.Type.AUDIT_STARTED)[0].data["agency"] == agency.pk


@pytest.mark.parametrize(
    ("contract_number", "signed_on", "missing"),
    [("", date(2026, 2, 1), "contract_number"), ("HT-1", None, "contract_signed_on")],
)
def test_the_agency_contract_number_and_signing_date_are_required_together(
    case, contract_number, signed_on, missing
):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        audit_file_start(
            audit=audit,
            by=staff,
            self_audit=False,
            agency=make_agency(),
            contract_number=contract_number,
            contract_signed_on=signed_on,
        )
    assert refused.value.code == "audit.engagement_incomplete"
    assert list(refused.value.fields) == [missing]
    audit.refresh_from_db()
    assert audit.status == "not_started"
    assert not _events(audit, AuditEvent.Type.AUDIT_STARTED)


def test_neither_self_audit_nor_agency_is_refused(case):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        audit_file_start(audit=audit, by=staff, self_audit=False)
    assert set(refused.value.fields) == {"agency", "contract_number", "contract_signed_on"}


def test_a_self_audit_names_no_agency(case):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        audit_file_start(audit=audit, by=staff, self_audit=True, agency=make_agency())
    assert refused.value.code == "audit.self_or_agency"


def test_a_suspended_agency_cannot_be_engaged(case):
    audit, staff = case
    agency = make_agency(status=Agency.Status.SUSPENDED)
    with pytest.raises(DomainError) as refused:
        audit_file_start(
            audit=audit,
            by=staff,
            self_audit=False,
            agency=agency,
            contract_number="HT-1",
            contract_signed_on=date(2026, 2, 1),
        )
    assert refused.value.code == "audit.agency_not_active"


def test_filing_the_start_twice_is_a_conflict(case):
    audit, staff = case
    audit_file_start(audit=audit, by=staff, self_audit=True)
    with pytest.raises(TransitionNotAllowed) as refused:
        audit_file_start(audit=audit, by=staff, self_audit=True)
    assert refused.value.status == 409
    assert len(_events(audit, AuditEvent.Type.AUDIT_STARTED)) == 1


def test_a_county_official_cannot_file_the_start(case, make_account):
    audit, _staff = case
    with pytest.raises(PermissionDenied):
        audit_file_start(audit=audit, by=make_account("county_official", "370303"), self_audit=True)


# --- withdrawal -----------------------------------------------------------------------------


def test_an_official_withdraws_with_a_reason(case, make_account):
    audit, _staff = case
    official = make_account("county_official", "370303")
    audit = audit_withdraw(audit=audit, by=official, reason="企业已关停")
    audit.refresh_from_db()
    assert (audit.status, audit.withdrawn_reason) == ("withdrawn", "企业已关停")
    [event] = _events(audit, AuditEvent.Type.AUDIT_WITHDRAWN)
    assert (event.from_status, event.to_status, event.comment) == (
        "not_started",
        "withdrawn",
        "企业已关停",
    )


def test_withdrawal_needs_a_reason_and_an_official(case, make_account):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        audit_withdraw(audit=audit, by=make_account("county_official", "370303"), reason=" ")
    assert "reason" in refused.value.fields
    with pytest.raises(PermissionDenied):
        audit_withdraw(audit=audit, by=staff, reason="不想做了")
    audit.refresh_from_db()
    assert audit.status == "not_started"


def test_a_withdrawn_audit_allows_nothing(case, make_account):
    audit, staff = case
    official = make_account("county_official", "370303")
    audit_withdraw(audit=audit, by=official, reason="名单错误")
    audit.refresh_from_db()
    assert audit_allowed_actions(audit=audit, user=staff) == []
    assert audit_allowed_actions(audit=audit, user=official) == []
    with pytest.raises(TransitionNotAllowed):
        audit_disclose(audit=audit, by=staff, content="x", channel="y", published_on=TODAY)


# --- allowed actions (the buttons) ------------------------------------------------------------


def test_the_buttons_join_the_table_with_the_policy(case, make_account):
    audit, staff = case
    official = make_account("county_official", "370303")
    assert audit_allowed_actions(audit=audit, user=staff) == ["disclose", "file_start"]
    assert audit_allowed_actions(audit=audit, user=official) == ["withdraw"]


# --- pages ----------------------------------------------------------------------------------


def test_the_case_page_shows_header_deadlines_phases_and_the_persons_buttons(case):
    audit, staff = case
    page = client_for(staff).get(f"/audits/cases/{audit.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "张店测试化工有限公司" in html
    assert html.count('data-case-phase="') == 7
    assert 'data-step="disclose"' in html
    assert 'data-step="report"' in html
    assert 'data-action="file-start"' in html
    assert 'data-action="disclose"' in html
    assert 'data-action="upload"' in html
    assert 'data-action="return-report"' not in html
    assert 'data-action="withdraw"' not in html


def test_an_official_sees_only_the_withdraw_button_before_the_start(case, signed_in):
    audit, _staff = case
    html = signed_in("county_official", "370303").get(f"/audits/cases/{audit.pk}/").content
    assert b'data-action="withdraw"' in html
    assert b'data-action="file-start"' not in html
    assert b'data-action="upload"' not in html


def test_the_file_start_form_opens_as_a_fragment_and_files_the_start(case):
    audit, staff = case
    client = client_for(staff)
    # when the button is pressed (htmx), the small form comes back as a fragment
    fragment = client.get(f"/audits/cases/{audit.pk}/do/file-start/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert b'name="who"' in fragment.content
    # and the form files the start
    response = client.post(f"/audits/cases/{audit.pk}/do/file-start/", {"who": "self"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "in_progress"


def test_a_refused_form_shows_the_services_reasons(case):
    audit, staff = case
    agency = make_agency()
    response = client_for(staff).post(
        f"/audits/cases/{audit.pk}/do/file-start/", {"who": "agency", "agency": agency.pk}
    )
    assert response.status_code == 400
    assert b"contract_number" in response.content  # the field is shown with its error
    assert b"invalid-feedback" in response.content
    audit.refresh_from_db()
    assert audit.status == "not_started"


def test_an_action_the_status_does_not_allow_goes_back_with_a_message(case):
    audit, staff = case
    audit_file_start(audit=audit, by=staff, self_audit=True)
    response = client_for(staff).get(f"/audits/cases/{audit.pk}/do/file-start/", follow=True)
    assert response.redirect_chain[-1][0] == f"/audits/cases/{audit.pk}/"
    assert b"alert-error" in response.content or b"alert-danger" in response.content


def test_an_enterprise_user_cannot_open_the_return_form(case):
    audit, staff = case
    assert client_for(staff).get(f"/audits/cases/{audit.pk}/do/withdraw/").status_code == 403
    assert client_for(staff).get(f"/audits/cases/{audit.pk}/do/nonsense/").status_code == 404


def test_the_withdraw_form_withdraws(case, make_account):
    audit, _staff = case
    client = client_for(make_account("county_official", "370303"))
    response = client.post(f"/audits/cases/{audit.pk}/do/withdraw/", {"reason": "重复立案"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == Audit.Status.WITHDRAWN


def test_the_index_filters_by_status_county_and_overdue(case, signed_in):
    # given a started case in 370303 and an unstarted one in 370305, past the start deadline
    audit, staff = case
    audit_file_start(audit=audit, by=staff, self_audit=True)
    other = make_audit(
        make_enterprise("370305", name="临淄测试有限公司"), listed_on=date(2025, 6, 1)
    )
    client = signed_in("municipal_official", "370300")
    # when / then
    html = client.get("/audits/cases/").content.decode()
    assert f'data-audit="{audit.pk}"' in html
    assert f'data-audit="{other.pk}"' in html
    html = client.get("/audits/cases/", {"status": "in_progress"}).content.decode()
    assert f'data-audit="{audit.pk}"' in html
    assert f'data-audit="{other.pk}"' not in html
    html = client.get("/audits/cases/", {"region": "370305"}).content.decode()
    assert f'data-audit="{audit.pk}"' not in html
    assert f'data-audit="{other.pk}"' in html
    html = client.get("/audits/cases/", {"overdue": "on"}).content.decode()
    assert f'data-audit="{audit.pk}"' not in html
    assert f'data-audit="{other.pk}"' in html
    rows = client.get("/audits/cases/", HTTP_HX_REQUEST="true").content.decode()
    assert rows.startswith('<div id="audit-results">') or 'id="audit-results"' in rows[:200]


def test_my_audits_lists_only_the_enterprises_own(case):
    audit, staff = case
    other = make_audit(make_enterprise("370303"))
    html = client_for(staff).get("/audits/mine/").content.decode()
    assert f'data-audit="{audit.pk}"' in html
    assert f'data-audit="{other.pk}"' not in html


def test_the_index_pages_by_keyset(case, signed_in, monkeypatch):
    from cleanprod.audits.views.cases import AuditListView

    monkeypatch.setattr(AuditListView, "page_size", 1)
    audit, _staff = case
    newer = make_audit(make_enterprise("370303"), listed_on=date(2026, 2, 1))
    client = signed_in("county_official", "370303")
    first = client.get("/audits/cases/")
    assert f'data-audit="{newer.pk}"'.encode() in first.content
    cursor = first.context["page"].next_cursor
    second = client.get("/audits/cases/", {"cursor": cursor})
    assert f'data-audit="{audit.pk}"'.encode() in second.content
    assert second.context["page"].next_cursor is None
