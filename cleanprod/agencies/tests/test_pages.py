"""Agency pages: the register for officials, an agency's page, the agency's own page (404 for
another agency's staff), the filing page with the official's decision."""

from __future__ import annotations

import pytest

from cleanprod.agencies.models import AgencyFiling, AgencyStaff
from cleanprod.agencies.services import agency_filing_submit, agency_staff_add
from cleanprod.testing.agencies import certified_staff, file_agency
from cleanprod.testing.audits import agency_account, client_for, make_agency, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(world):
    other = make_agency("370100", filed=False)
    file_agency(other, ["25"])
    return {**world, "other": other, "other_user": agency_account(other)}


def _filing(world):
    certified_staff(world["agency"], ["26"])
    return agency_filing_submit(
        agency=world["agency"],
        by=world["staff_user"],
        independent_legal_person=True,
        quality_system=True,
        quality_system_description="质量手册",
        balance_test_equipment="流量计",
        industry_scope=["26"],
        documents=[("营业执照", upload("licence.pdf"))],
    )


def test_the_register_lists_agencies_in_scope_with_filters(two, signed_in):
    province = signed_in("provincial_official", "370000")
    page = province.get("/agencies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert two["agency"].name in html
    assert two["other"].name in html
    filed = province.get("/agencies/?filing_status=filed").content.decode()
    assert two["other"].name in filed
    assert two["agency"].name not in filed
    assert (
        two["agency"].name
        not in province.get("/agencies/?division=25&region=370100").content.decode()
    )
    city = signed_in("municipal_official", "370300").get("/agencies/").content.decode()
    assert two["agency"].name in city
    assert two["other"].name not in city  # registered in Jinan


def test_an_agency_page_is_404_for_another_agencys_staff(two):
    own = client_for(two["staff_user"])
    assert own.get(f"/agencies/{two['agency'].pk}/").status_code == 200
    assert own.get(f"/agencies/{two['other'].pk}/").status_code == 404
    filing = AgencyFiling.objects.get(agency=two["other"])
    assert own.get(f"/agencies/filings/{filing.pk}/").status_code == 404


def test_the_agency_adds_edits_and_deactivates_its_staff(world):
    client = client_for(world["staff_user"])
    assert client.get("/agencies/mine/").status_code == 200
    response = client.post(
        "/agencies/mine/",
        {
            "name": "胡工",
            "position": "审核师",
            "certificate_no": "QJSC-9",
            "certificate_valid_until": "2028-01-01",
            "industries": [],
        },
    )
    assert response.status_code == 302
    staff = AgencyStaff.objects.get(agency=world["agency"])
    response = client.post(
        f"/agencies/staff/{staff.pk}/", {"name": "胡工", "position": "技术负责人"}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.position, staff.certificate_no) == ("技术负责人", "")
    client.post(f"/agencies/staff/{staff.pk}/", {"deactivate": "1"})
    staff.refresh_from_db()
    assert not staff.active


def test_another_agencys_staff_cannot_edit_our_staff_and_officials_have_no_own_page(two, signed_in):
    staff = agency_staff_add(agency=two["agency"], by=two["staff_user"], name="胡工")
    stranger = client_for(two["other_user"])
    assert stranger.get(f"/agencies/staff/{staff.pk}/").status_code == 404
    assert stranger.post(f"/agencies/staff/{staff.pk}/", {"deactivate": "1"}).status_code == 404
    assert AgencyStaff.objects.get(pk=staff.pk).active
    assert signed_in("provincial_official", "370000").get("/agencies/mine/").status_code == 403


def test_the_agency_submits_a_filing_with_documents_and_bad_input_writes_nothing(world):
    certified_staff(world["agency"], ["26"])
    client = client_for(world["staff_user"])
    form = {
        "independent_legal_person": "on",
        "quality_system": "on",
        "quality_system_description": "质量手册",
        "balance_test_equipment": "流量计",
        "industry_scope": [],
    }
    page = client.post("/agencies/mine/filing/", form)
    assert page.status_code == 200  # the scope is required
    assert not AgencyFiling.objects.exists()
    from cleanprod.registry.models import Industry

    form["industry_scope"] = [Industry.objects.get(code="26").pk]
    form["documents"] = [upload("licence.pdf"), upload("manual.docx")]
    response = client.post("/agencies/mine/filing/", form)
    assert response.status_code == 302
    filing = AgencyFiling.objects.get()
    assert filing.documents.count() == 2
    document = filing.documents.first()
    assert client.get(f"/agencies/documents/{document.pk}/").status_code == 200


def test_the_provincial_official_approves_and_a_city_official_may_not(world, make_account):
    filing = _filing(world)
    city = client_for(make_account("municipal_official", "370300"))
    page = city.get(f"/agencies/filings/{filing.pk}/").content.decode()
    assert 'id="approve"' not in page
    assert city.post(f"/agencies/filings/{filing.pk}/approve/").status_code == 403
    province = client_for(make_account("provincial_official", "370000"))
    page = province.get(f"/agencies/filings/{filing.pk}/").content.decode()
    assert 'id="approve"' in page
    assert 'id="conditions-met"' in page
    response = province.post(f"/agencies/filings/{filing.pk}/approve/", {"reason": ""})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == "approved"
    assert filing.valid_from is not None


def test_a_failing_condition_is_shown_and_approval_refused_on_the_page(world, make_account):
    filing = _filing(world)
    AgencyStaff.objects.update(active=False)
    province = client_for(make_account("provincial_official", "370000"))
    page = province.get(f"/agencies/filings/{filing.pk}/").content.decode()
    assert 'data-condition="certified_staff"' in page
    province.post(f"/agencies/filings/{filing.pk}/approve/")
    filing.refresh_from_db()
    assert filing.status == "submitted"
    province.post(f"/agencies/filings/{filing.pk}/return/", {"reason": "人员证书过期"})
    filing.refresh_from_db()
    assert filing.status == "returned"


def test_the_provincial_official_sets_a_rule_and_a_county_official_only_reads(world, signed_in):
    from cleanprod.agencies.models import AgencyRule

    province = signed_in("provincial_official", "370000")
    assert province.get("/agencies/rules/").status_code == 200
    response = province.post(
        "/agencies/rules/",
        {
            "region": "370300",
            "filing_valid_years": 5,
            "require_filing": "on",
            "min_served_per_year": 2,
            "max_failures_per_year": 3,
        },
    )
    assert response.status_code == 302
    rule = AgencyRule.objects.get(region__code="370300")
    assert (rule.filing_valid_years, rule.require_scope) == (5, False)
    page = province.post(
        "/agencies/rules/",
        {
            "region": "440300",
            "filing_valid_years": 2,
            "min_served_per_year": 2,
            "max_failures_per_year": 3,
        },
    )
    assert page.status_code == 200  # not in the official's province
    assert not AgencyRule.objects.filter(region__code="440300").exists()
    county = signed_in("county_official", "370303")
    page = county.get("/agencies/rules/").content.decode()
    assert 'data-rule="370300"' in page
    assert 'id="rule-form"' not in page
    assert county.post("/agencies/rules/", {"region": "370303"}).status_code == 200
    assert not AgencyRule.objects.filter(region__code="370303").exists()
