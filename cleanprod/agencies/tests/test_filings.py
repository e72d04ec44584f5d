"""Filing (备案): submission by the agency, the Art 16 conditions named at approval, validity
from the rule, return and revocation, and who may do each."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from cleanprod.agencies.models import Agency, AgencyFiling, AgencyFilingDocument, AgencyRule
from cleanprod.agencies.selectors import agency_filing_state
from cleanprod.agencies.services import (
    agency_filing_approve,
    agency_filing_return,
    agency_filing_revoke,
    agency_filing_submit,
    agency_rule_save,
    agency_staff_add,
    agency_staff_deactivate,
)
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import upload
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db

GOOD = {
    "independent_legal_person": True,
    "quality_system": True,
    "quality_system_description": "质量管理手册（2024版）及项目管理制度",
    "balance_test_equipment": "超声波流量计 2 台；电能质量分析仪 1 台；红外测温仪",
    "industry_scope": ["26", "25"],
}


@pytest.fixture
def official(make_account):
    return make_account("provincial_official", "370000")


def _staff(world, divisions=("26", "25"), **kw):
    values = {
        "name": "胡工",
        "position": "审核师",
        "certificate_no": "QJSC-2025-0001",
        "certificate_valid_until": date(2028, 6, 30),
        "industries": divisions,
    }
    values.update(kw)
    return agency_staff_add(agency=world["agency"], by=world["staff_user"], **values)


def _submit(world, **kw):
    values = {**GOOD, **kw}
    return agency_filing_submit(agency=world["agency"], by=world["staff_user"], **values)


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_an_approved_filing_files_the_agency_for_the_rules_years_and_its_scope(world, official):
    # given a staff member with a valid certificate and a complete filing with a document
    _staff(world)
    filing = _submit(world, documents=[("营业执照", upload("licence.pdf"))])
    assert filing.staff_count == 1
    assert AgencyFilingDocument.objects.get(filing=filing).extension == ".pdf"
    # when the provincial official approves it
    agency_filing_approve(filing=filing, by=official)
    # then it is valid three years (the national default) from today, with its scope
    filing.refresh_from_db()
    assert (filing.status, filing.valid_from, filing.valid_until) == (
        "approved",
        date(2026, 3, 2),
        date(2029, 3, 1),
    )
    agency = Agency.objects.get(pk=world["agency"].pk)
    assert (agency.filing_status, agency.filed_until) == ("filed", date(2029, 3, 1))
    assert set(agency.industry_scope.values_list("code", flat=True)) == {"25", "26"}
    assert agency_filing_state(agency, date(2027, 1, 1)) == (True, {"25", "26"})
    assert agency_filing_state(agency, date(2029, 3, 2)) == (False, set())
    assert agency.filing_status_on(date(2029, 3, 2)) == "expired"
    actions = set(TrailEvent.objects.values_list("action", flat=True))
    assert {"agency.filing_submitted", "agency.filing_approved"} <= actions


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_regional_rule_sets_the_validity(world, official):
    agency_rule_save(region=world["regions"]["370000"], by=official, filing_valid_years=5)
    _staff(world)
    filing = agency_filing_approve(filing=_submit(world), by=official)
    assert filing.valid_until == date(2031, 3, 1)


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_approval_names_every_condition_the_filing_fails(world, official):
    # given no certified staff, and a filing missing the other conditions
    filing = _submit(
        world,
        independent_legal_person=False,
        quality_system=True,
        quality_system_description="",
        balance_test_equipment="  ",
    )
    # when the official tries to approve it
    with pytest.raises(DomainError) as refused:
        agency_filing_approve(filing=filing, by=official)
    # then each failing condition is named, and nothing changed
    assert refused.value.code == "agency_filing.conditions_not_met"
    assert set(refused.value.fields) == {
        "independent_legal_person",
        "quality_system",
        "balance_test_equipment",
        "certified_staff",
        "industry_staff",
    }
    filing.refresh_from_db()
    assert filing.status == "submitted"
    assert Agency.objects.get(pk=world["agency"].pk).filing_status == "unfiled"


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_an_expired_certificate_or_a_division_no_staff_knows_blocks_approval(world, official):
    _staff(world, divisions=("26",), certificate_valid_until=date(2026, 3, 1))
    filing = _submit(world)
    with pytest.raises(DomainError) as refused:
        agency_filing_approve(filing=filing, by=official)
    assert set(refused.value.fields) == {"certified_staff", "industry_staff"}
    assert "25" in refused.value.fields["industry_staff"][0]


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_deactivated_staff_member_no_longer_counts(world, official):
    staff = _staff(world)
    filing = _submit(world)
    agency_staff_deactivate(staff=staff, by=world["staff_user"])
    with pytest.raises(DomainError) as refused:
        agency_filing_approve(filing=filing, by=official)
    assert "certified_staff" in refused.value.fields


def test_submission_refuses_an_empty_scope_a_non_division_and_a_renamed_file(world):
    with pytest.raises(DomainError) as refused:
        _submit(world, industry_scope=[])
    assert list(refused.value.fields) == ["industry_scope"]
    with pytest.raises(DomainError) as refused:
        _submit(world, industry_scope=["2614"])  # a class, not a division
    assert "2614" in refused.value.message
    fake = upload("licence.pdf", content=b"MZ\x90\x00 not a pdf")
    with pytest.raises(DomainError) as refused:
        _submit(world, documents=[("营业执照", fake)])
    assert refused.value.code == "document.content_mismatch"
    assert not AgencyFiling.objects.exists()


def test_one_filing_is_pending_at_a_time_and_a_returned_one_can_be_filed_again(world, official):
    filing = _submit(world)
    with pytest.raises(TransitionNotAllowed):
        _submit(world)
    with pytest.raises(DomainError) as refused:
        agency_filing_return(filing=filing, by=official, reason=" ")
    assert list(refused.value.fields) == ["reason"]
    agency_filing_return(filing=filing, by=official, reason="质量体系文件缺失")
    filing.refresh_from_db()
    assert (filing.status, filing.decision_reason) == ("returned", "质量体系文件缺失")
    with pytest.raises(TransitionNotAllowed):
        agency_filing_approve(filing=filing, by=official)
    assert _submit(world).status == "submitted"


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_revoking_an_approved_filing_unfiles_the_agency(world, official):
    _staff(world)
    earlier = agency_filing_approve(filing=_submit(world), by=official)
    filing = agency_filing_approve(filing=_submit(world), by=official)  # a renewal
    agency_filing_revoke(filing=filing, by=official, reason="报告弄虚作假")
    earlier.refresh_from_db()
    assert earlier.status == "revoked"
    agency = Agency.objects.get(pk=world["agency"].pk)
    assert agency.filing_status == "revoked"
    assert agency_filing_state(agency, date(2026, 6, 1)) == (False, set())


@pytest.mark.parametrize(
    ("role", "region"),
    [
        ("municipal_official", "370300"),  # views, does not decide
        ("county_official", "370303"),
        ("provincial_official", "440000"),  # another province
    ],
)
def test_only_the_provincial_official_of_the_agencys_province_decides(
    world, make_account, role, region
):
    filing = _submit(world)
    with pytest.raises(PermissionDenied):
        agency_filing_approve(filing=filing, by=make_account(role, region))
    with pytest.raises(PermissionDenied):
        agency_filing_return(filing=filing, by=make_account(role, region, username="x"), reason="r")


def test_officials_and_other_agencies_cannot_submit_or_keep_staff(world, make_account):
    from cleanprod.testing.audits import agency_account, make_agency

    stranger = agency_account(make_agency("370300", filed=False))
    for person in (stranger, make_account("provincial_official", "370000")):
        with pytest.raises(PermissionDenied):
            agency_filing_submit(agency=world["agency"], by=person, **GOOD)
        with pytest.raises(PermissionDenied):
            agency_staff_add(agency=world["agency"], by=person, name="某人")
    assert not AgencyFiling.objects.exists()


def test_the_nearest_rule_wins(world, official):
    from cleanprod.agencies.selectors import agency_rule_for

    regions = world["regions"]
    assert agency_rule_for(regions["370303"]).region is None  # national default
    agency_rule_save(region=regions["370000"], by=official, filing_valid_years=4)
    city = AgencyRule.objects.create(region=regions["370300"], filing_valid_years=2)
    assert agency_rule_for(regions["370303"]) == city
    assert agency_rule_for(regions["370102"]).filing_valid_years == 4
    assert agency_rule_for(regions["440305"]).region is None
    with pytest.raises(PermissionDenied):
        agency_rule_save(region=regions["440000"], by=official, require_scope=False)
