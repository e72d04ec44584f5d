"""Documents per phase: type and size checked against the content, versioned per kind and
title, never overwritten, downloadable only by people who can view the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from cleanprod.audits.models import AuditDocument, AuditEvent
from cleanprod.audits.services.cases import audit_file_start, audit_withdraw
from cleanprod.audits.services.documents import MAX_BYTES, document_upload
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import (
    agency_account,
    client_for,
    enterprise_account,
    make_agency,
    make_audit,
    ooxml_bytes,
    upload,
)
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db
Kind = AuditDocument.Kind


@pytest.fixture
def case(regions, industries, audit_rules):
    enterprise = make_enterprise("370303")
    staff = enterprise_account(enterprise)
    return make_audit(enterprise), staff


def _upload(audit, by, name="plan.pdf", *, content=None, kind=Kind.PLAN, title="审核工作计划"):
    return document_upload(
        audit=audit, by=by, kind=kind, title=title, phase=1, file=upload(name, content)
    )


def test_an_upload_is_stored_hashed_and_recorded(case):
    # given
    audit, staff = case
    # when
    doc = _upload(audit, staff)
    # then
    doc.refresh_from_db()
    assert (doc.version, doc.extension, doc.content_type) == (1, ".pdf", "application/pdf")
    assert len(doc.sha256) == 64
    assert doc.file.name.startswith(f"audits/{audit.pk}/{doc.sha256}")
    assert doc.file.read().startswith(b"%PDF-")
    [event] = AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.DOCUMENT_UPLOADED)
    assert event.data["version"] == 1
    assert event.actor == staff


def test_uploading_the_same_kind_and_title_adds_a_version_and_keeps_the_old_one(case):
    # given a first version
    audit, staff = case
    first = _upload(audit, staff)
    # when the same file is uploaded again, and then a changed one
    second = _upload(audit, staff)
    third = _upload(audit, staff, content=b"%PDF-1.7 changed")
    # then three versions exist, each with its own stored file, none written over
    assert [d.version for d in (first, second, third)] == [1, 2, 3]
    names = {d.file.name for d in AuditDocument.objects.filter(audit=audit)}
    assert len(names) == 3
    first.refresh_from_db()
    assert first.file.read().startswith(b"%PDF-1.7\n")
    # and another title starts its own series
    assert _upload(audit, staff, title="另一份计划").version == 1


@pytest.mark.parametrize(
    "name",
    [
        "a.pdf",
        "a.doc",
        "a.docx",
        "a.xls",
        "a.xlsx",
        "a.ppt",
        "a.pptx",
        "a.wps",
        "a.jpg",
        "a.JPEG",
        "a.png",
    ],
)
def test_pdf_office_and_images_are_accepted(case, name):
    audit, staff = case
    assert _upload(audit, staff, name).extension == "." + name.rsplit(".")[-1].lower()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("tool.exe", b"MZ\x90\x00", "document.type_not_allowed"),
        ("notes.txt", b"hello", "document.type_not_allowed"),
        ("noextension", b"%PDF-1.7", "document.type_not_allowed"),
        ("report.pdf", b"MZ\x90\x00 renamed program", "document.content_mismatch"),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg", "document.content_mismatch"),
        ("old.doc", b"%PDF-1.7", "document.content_mismatch"),
        ("table.xlsx", ooxml_bytes("word/document.xml"), "document.content_mismatch"),
        ("letter.docx", b"PK\x03\x04 not really a zip", "document.content_mismatch"),
        ("empty.pdf", b"", "document.empty"),
    ],
)
def test_a_file_whose_content_does_not_match_its_extension_is_refused(case, name, content, code):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        _upload(audit, staff, name, content=content)
    assert refused.value.code == code
    assert "file" in refused.value.fields
    assert not AuditDocument.objects.filter(audit=audit).exists()


def test_files_over_50_mb_are_refused(case):
    audit, staff = case
    big = upload("big.pdf")
    big.size = MAX_BYTES + 1  # the size the upload handler reports
    with pytest.raises(DomainError) as refused:
        document_upload(audit=audit, by=staff, kind=Kind.PLAN, title="t", phase=1, file=big)
    assert refused.value.code == "document.too_large"


@override_settings(AUDIT_DOCUMENT_MAX_BYTES=1024)
def test_the_settings_may_lower_the_limit(case):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        _upload(audit, staff, content=b"%PDF-" + b"x" * 2048)
    assert refused.value.code == "document.too_large"
    assert _upload(audit, staff, content=b"%PDF-" + b"x" * 512).version == 1


def test_the_report_is_not_uploaded_as_a_loose_document(case):
    audit, staff = case
    with pytest.raises(DomainError) as refused:
        _upload(audit, staff, kind=Kind.REPORT, title="审核报告")
    assert refused.value.code == "document.report_via_submission"


def test_uploads_stop_when_the_workflow_stops_work(case, make_account):
    audit, staff = case
    audit_withdraw(audit=audit, by=make_account("county_official", "370303"), reason="错列")
    with pytest.raises(TransitionNotAllowed):
        _upload(audit, staff)


def test_the_engaged_agency_uploads_and_an_official_may_not(case, make_account):
    # given an audit filed with an agency
    audit, staff = case
    agency = make_agency()
    audit_file_start(
        audit=audit,
        by=staff,
        self_audit=False,
        agency=agency,
        contract_number="HT-9",
        contract_signed_on=date(2026, 1, 1),
    )
    # when / then
    assert _upload(audit, agency_account(agency)).uploaded_by.username.startswith("agency_staff")
    with pytest.raises(PermissionDenied):
        _upload(audit, make_account("county_official", "370303"))
    with pytest.raises(PermissionDenied):
        _upload(audit, agency_account(make_agency()))


# --- pages: upload form and download --------------------------------------------------------


def test_the_upload_form_adds_a_version(case):
    audit, staff = case
    client = client_for(staff)
    for _ in range(2):
        response = client.post(
            f"/audits/cases/{audit.pk}/do/upload/",
            {"phase": "2", "kind": Kind.MONITORING, "title": "监测报告", "file": upload("m.pdf")},
        )
        assert response.status_code == 302
    versions = AuditDocument.objects.filter(audit=audit, title="监测报告")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    page = client.get(f"/audits/cases/{audit.pk}/").content.decode()
    assert page.count('data-document="') == 2


def test_a_mismatched_file_is_refused_on_the_form(case):
    audit, staff = case
    response = client_for(staff).post(
        f"/audits/cases/{audit.pk}/do/upload/",
        {"kind": Kind.OTHER, "title": "x", "file": upload("x.pdf", b"GIF89a")},
    )
    assert response.status_code == 400
    assert not AuditDocument.objects.filter(audit=audit).exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("other_enterprise", 404),
        ("county_official", 200),
        ("other_city_official", 404),
        ("other_agency", 404),
    ],
)
def test_a_document_downloads_only_for_people_who_can_view_the_audit(
    case, make_account, who, expected
):
    audit, staff = case
    doc = _upload(audit, staff)
    people = {
        "owner": lambda: staff,
        "other_enterprise": lambda: enterprise_account(make_enterprise("370303")),
        "county_official": lambda: make_account("county_official", "370303"),
        "other_city_official": lambda: make_account("county_official", "370102"),
        "other_agency": lambda: agency_account(make_agency()),
    }
    response = client_for(people[who]()).get(f"/audits/documents/{doc.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "attachment" in response["Content-Disposition"]
