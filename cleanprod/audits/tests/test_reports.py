"""The audit report: submitted once phases 1–5 are completed, returned with comments per
chapter, resubmitted, accepted; every version kept, the parties notified."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from cleanprod.accounts.models import Notice
from cleanprod.audits.models import AuditDocument, AuditEvent, AuditReport, ReportComment, Step
from cleanprod.audits.services.cases import audit_file_start
from cleanprod.audits.services.reports import (
    audit_accept_report,
    audit_return_report,
    audit_submit_report,
)
from cleanprod.core.errors import DomainError, TransitionNotAllowed
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
TODAY = date(2026, 9, 30)


@pytest.fixture(autouse=True)
def today():
    moment = datetime(2026, 9, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def case(regions, industries, audit_rules, make_account):
    """A started audit with an agency, phases 1–5 completed; its people."""
    enterprise = make_enterprise("370303")
    staff = enterprise_account(enterprise)
    agency = make_agency()
    audit = make_audit(enterprise, listed_on=date(2026, 1, 31))
    audit_file_start(
        audit=audit,
        by=staff,
        self_audit=False,
        agency=agency,
        contract_number="HT-1",
        contract_signed_on=date(2026, 2, 1),
    )
    complete_phases(audit, upto=5)
    audit.refresh_from_db()
    return {
        "audit": audit,
        "staff": staff,
        "consultant": agency_account(agency),
        "official": make_account("county_official", "370303"),
    }


def _submit(case, name="report.pdf", note=""):
    return audit_submit_report(audit=case["audit"], by=case["staff"], file=upload(name), note=note)


def _return(case, chapters=((3, "物料平衡不闭合"),)):
    return audit_return_report(
        audit=case["audit"], by=case["official"], comment="请修改后重报", chapters=chapters
    )


def test_submitting_the_report_files_version_1_and_meets_the_report_deadline(case):
    # when
    report = _submit(case, note="请审阅")
    # then
    audit = case["audit"]
    audit.refresh_from_db()
    assert (report.version, report.status, report.note) == (1, "submitted", "请审阅")
    assert report.document.kind == AuditDocument.Kind.REPORT
    assert report.document.version == 1
    assert (audit.status, audit.report_submitted_on) == ("report_submitted", TODAY)
    assert audit.deadlines.get(step=Step.REPORT).met_on == TODAY
    [event] = AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.REPORT_SUBMITTED)
    assert (event.from_status, event.to_status, event.data["version"]) == (
        "in_progress",
        "report_submitted",
        1,
    )


def test_the_report_waits_for_phases_1_to_5_and_names_the_missing_ones(case):
    # given phases 4 and 5 reopened
    audit = case["audit"]
    audit.phases.filter(phase__in=[4, 5]).update(status="open", completed_on=None)
    # when
    with pytest.raises(DomainError) as refused:
        _submit(case)
    # then
    assert refused.value.code == "audit.phases_incomplete"
    assert len(refused.value.fields["phases"]) == 2
    assert "Option generation" in refused.value.message or "方案" in refused.value.message
    assert not AuditReport.objects.filter(audit=audit).exists()
    assert not AuditDocument.objects.filter(audit=audit).exists()


def test_a_bad_report_file_is_refused_without_a_trace(case):
    with pytest.raises(DomainError) as refused:
        audit_submit_report(
            audit=case["audit"], by=case["staff"], file=upload("report.pdf", b"MZ\x90")
        )
    assert refused.value.code == "document.content_mismatch"
    case["audit"].refresh_from_db()
    assert case["audit"].status == "in_progress"
    assert not AuditReport.objects.exists()


def test_returning_needs_a_general_comment_and_at_least_one_chapter_comment(case):
    _submit(case)
    audit, official = case["audit"], case["official"]
    with pytest.raises(DomainError) as refused:
        audit_return_report(audit=audit, by=official, comment="", chapters=[(1, "x")])
    assert refused.value.code == "audit.comment_required"
    with pytest.raises(DomainError) as refused:
        audit_return_report(audit=audit, by=official, comment="改", chapters=[(1, "  ")])
    assert refused.value.code == "audit.chapter_comments_required"
    with pytest.raises(DomainError) as refused:
        audit_return_report(audit=audit, by=official, comment="改", chapters=[(42, "x")])
    assert refused.value.code == "audit.invalid_chapter"
    audit.refresh_from_db()
    assert audit.status == "report_submitted"


def test_a_returned_report_keeps_its_comments_per_chapter_and_notifies_the_parties(case):
    # given
    _submit(case)
    # when
    report = _return(case, chapters=[(0, "封面缺少审核人员证书编号"), (3, "物料平衡不闭合")])
    # then
    audit = case["audit"]
    audit.refresh_from_db()
    assert audit.status == "report_returned"
    assert (report.status, report.review_comment, report.reviewed_by) == (
        "returned",
        "请修改后重报",
        case["official"],
    )
    assert sorted(
        ReportComment.objects.filter(report=report).values_list("chapter", flat=True)
    ) == [
        0,
        3,
    ]
    event = AuditEvent.objects.get(audit=audit, type=AuditEvent.Type.REPORT_RETURNED)
    assert event.data["chapters"] == [0, 3]
    # the enterprise and the agency's staff are told, once each
    told = set(Notice.objects.values_list("recipient", flat=True))
    assert told == {case["staff"].pk, case["consultant"].pk}
    assert Notice.objects.get(recipient=case["staff"]).link == f"/audits/cases/{audit.pk}/"


def test_a_resubmission_is_version_2_and_every_version_is_kept(case):
    # given a returned first version
    first = _submit(case, "report_v1.pdf")
    _return(case)
    # when the enterprise resubmits
    second = _submit(case, "report_v2.docx")
    # then both submissions and both files stay; the first submission date stays
    audit = case["audit"]
    audit.refresh_from_db()
    assert (second.version, second.document.version) == (2, 2)
    assert second.document.title == first.document.title
    first.refresh_from_db()
    assert first.status == "returned"
    assert first.comments.count() == 1
    assert audit.reports.count() == 2
    assert audit.status == "report_submitted"
    assert audit.report_submitted_on == TODAY
    assert AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.DEADLINE_MET).count() == 2


def test_accepting_the_report_awaits_evaluation_and_notifies(case):
    _submit(case)
    report = audit_accept_report(audit=case["audit"], by=case["official"], comment="同意")
    audit = case["audit"]
    audit.refresh_from_db()
    assert (audit.status, report.status, report.review_comment) == (
        "report_accepted",
        "accepted",
        "同意",
    )
    assert AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.REPORT_ACCEPTED).exists()
    assert Notice.objects.filter(key__endswith=":accepted").count() == 2


def test_the_enterprise_cannot_decide_on_its_own_report(case):
    _submit(case)
    with pytest.raises(PermissionDenied):
        _return_as(case, case["staff"])
    with pytest.raises(PermissionDenied):
        audit_accept_report(audit=case["audit"], by=case["consultant"])


def _return_as(case, who):
    return audit_return_report(audit=case["audit"], by=who, comment="x", chapters=[(1, "y")])


def test_a_report_cannot_be_decided_twice_or_resubmitted_while_pending(case):
    _submit(case)
    with pytest.raises(TransitionNotAllowed):
        _submit(case)
    audit_accept_report(audit=case["audit"], by=case["official"])
    with pytest.raises(TransitionNotAllowed):
        _return(case)
    assert AuditReport.objects.get().status == "accepted"


# --- pages ----------------------------------------------------------------------------------


def test_the_return_form_has_a_row_per_chapter_and_returns(case):
    _submit(case)
    client = client_for(case["official"])
    url = f"/audits/cases/{case['audit'].pk}/do/return-report/"
    form = client.get(url).content.decode()
    assert form.count('name="chapter_') == len(ReportComment.Chapter.values)
    # nothing per chapter: refused on the form
    assert client.post(url, {"comment": "请修改"}).status_code == 400
    response = client.post(url, {"comment": "请修改", "chapter_2": "目标缺少基准年"})
    assert response.status_code == 302
    page = client.get(f"/audits/cases/{case['audit'].pk}/").content.decode()
    assert "目标缺少基准年" in page
    assert 'data-report-version="1"' in page


def test_the_submit_form_takes_the_file(case):
    client = client_for(case["staff"])
    url = f"/audits/cases/{case['audit'].pk}/do/submit-report/"
    assert b'enctype="multipart/form-data"' in client.get(url).content
    response = client.post(url, {"file": upload("r.pdf"), "note": ""})
    assert response.status_code == 302
    assert AuditReport.objects.filter(audit=case["audit"], version=1).exists()


def test_officials_see_return_and_accept_once_submitted(case):
    _submit(case)
    html = client_for(case["official"]).get(f"/audits/cases/{case['audit'].pk}/").content
    assert b'data-action="return-report"' in html
    assert b'data-action="accept-report"' in html
    html = client_for(case["staff"]).get(f"/audits/cases/{case['audit'].pk}/").content
    assert b'data-action="return-report"' not in html
    assert b'data-action="submit-report"' not in html
