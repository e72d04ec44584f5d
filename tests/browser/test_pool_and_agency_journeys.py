"""The expert pool, agency filing and the public review results in the browser.

* A provincial official records an expert application, examines and admits it, is refused a
  suspension without a reason, suspends it with one; the page shows the status history with the
  reasons and the pool list filters by status.
* An agency adds its staff and files with the authority; the provincial official is refused the
  approval while no staff member holds a valid training certificate (the page names the
  condition), the agency adds a certified auditor, the official approves and the agency's page
  shows it filed with its validity.
* An anonymous visitor filters the published results, opens one, re-runs the random draw from
  the seed and the candidates shown (SHA-256, as the page documents) and gets the panel shown;
  the opinion PDF downloads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from cleanprod.agencies.models import Agency, AgencyFiling, AgencyStaff
from cleanprod.agencies.selectors import agency_rule_for
from cleanprod.demo.audits import REPORT_PDF
from cleanprod.experts.models import Expert, StatusChange
from cleanprod.regions.models import Region
from cleanprod.registry.models import Industry
from cleanprod.reviews.models import Draw, Outcome, Review, Seat
from cleanprod.reviews.services.draws import review_draw, seat_answer
from cleanprod.reviews.services.meetings import earliest_meeting, review_set_meeting
from cleanprod.reviews.services.scoring import review_publish, review_sign, sheet_save
from cleanprod.testing.audits import agency_account, make_agency
from cleanprod.testing.registry import make_enterprise
from cleanprod.testing.reviews import apply, evaluation_ready, make_expert, make_pool
from cleanprod.trail.models import TrailEvent
from tests.browser.signin import switch_to

pytestmark = pytest.mark.browser

FULL = {"1": 9, "2": 13, "3": 13, "4": 17, "5": 13, "6": 13, "7": 8}  # 86 on the evaluation sheet
LOW = {"1": 5, "2": 8, "3": 8, "4": 10, "5": 8, "6": 8, "7": 5}  # 52


def _division(code: str) -> str:
    """The option value (primary key) of a GB/T 4754 division in the pages' select lists."""
    return str(Industry.objects.get(code=code, level=Industry.Level.DIVISION).pk)


def _zh(message: Any) -> str:
    """A message or a lazy choice label as the server renders it for a zh-CN browser."""
    with translation.override("zh-hans"):
        return gettext(message) if isinstance(message, str) else str(message)


def _click_and_wait(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


# --- 1. the expert pool --------------------------------------------------------------------


def test_an_expert_is_recorded_admitted_suspended_and_found_by_status(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    official = make_account("provincial_official", "370000", username="sd_pool_browser")
    colleague = make_expert("370000", name="孙在库", divisions=("26",))  # active, for the filter
    cv = tmp_path / "简历.pdf"
    cv.write_bytes(REPORT_PDF)

    # the provincial official records an application from the pool list
    switch_to(page, live_server, official.username)
    page.goto(live_server.url + "/experts/")
    _click_and_wait(page, "#apply")
    page.locator("#id_name").fill("周浏览")
    page.locator("#id_region").select_option(str(Region.objects.get(code="370300").pk))
    page.locator("#id_title").fill("正高级工程师")
    page.locator("#id_employer").fill("山东理工大学化学化工学院")
    page.locator("#id_specialties").select_option([_division("26"), _division("27")])
    page.locator("input[name=expertise][value=cp_audit]").check()
    page.locator("input[name=expertise][value=process]").check()
    page.locator("#id_qualifications").fill("清洁生产审核师培训合格证书（2024）")
    page.locator("#id_phone").fill("13805330001")
    page.locator("#id_email").fill("zhou@example.cn")
    page.locator("#id_document_kind").select_option("cv")
    page.locator("#id_document").set_input_files(str(cv))
    _click_and_wait(page, "#apply-submit")
    expert = Expert.objects.get(name="周浏览")
    expect(page).to_have_url(f"{live_server.url}/experts/{expert.pk}/")
    assert expert.status == Expert.Status.APPLIED
    assert expert.region.code == "370300"
    assert sorted(expert.specialties.values_list("code", flat=True)) == ["26", "27"]
    assert sorted(expert.expertise) == ["cp_audit", "process"]
    assert expert.documents.get().kind == "cv"

    # the official examines the file: profile, specialties, the CV, contacts masked until
    # asked for, then in full (the asking is recorded in the trail)
    expect(page.locator("#status .badge")).to_have_text(_zh(Expert.Status.APPLIED.label))
    expect(page.locator("#profile")).to_contain_text("26")
    expect(page.locator("#profile")).to_contain_text("27")
    expect(page.locator("#phone")).to_have_text("138****0001")
    page.locator("#show-contacts").click()
    expect(page.locator("#phone")).to_have_text("13805330001")
    assert TrailEvent.objects.filter(action=TrailEvent.Action.PERSONAL_DATA_SHOWN).count() == 1
    expect(page.locator("#documents")).to_contain_text("简历.pdf")
    expect(page.locator("#action-admit")).to_be_visible()
    expect(page.locator("#action-reject")).to_be_visible()
    expect(page.locator("#action-suspend")).to_have_count(0)  # not before admission
    screenshot(page, "pool-examine")
    page.locator("#reason-admit").fill("材料齐全，符合入库条件")
    _click_and_wait(page, "#action-admit")
    expert.refresh_from_db()
    assert expert.status == Expert.Status.ACTIVE
    assert expert.admitted_on == timezone.localdate()
    assert expert.next_reevaluation_on is not None
    assert expert.next_reevaluation_on > expert.admitted_on
    expect(page.locator("#status .badge")).to_have_text(_zh(Expert.Status.ACTIVE.label))
    expect(page.locator("#action-admit")).to_have_count(0)
    expect(page.locator("#action-suspend")).to_be_visible()

    # a suspension needs a reason: blanks are refused, nothing changes
    page.locator("#reason-suspend").fill("   ")
    _click_and_wait(page, "#action-suspend")
    expect(page.locator("[role=alert]")).to_contain_text(
        _zh("Give a reason for the change of status.")
    )
    expect(page.locator("#status .badge")).to_have_text(_zh(Expert.Status.ACTIVE.label))
    expert.refresh_from_db()
    assert expert.status == Expert.Status.ACTIVE

    # later, the official suspends the expert with the reason
    reason = "2026年11月评审会议无故缺席，暂停抽取资格"
    page.locator("#reason-suspend").fill(reason)
    _click_and_wait(page, "#action-suspend")
    expect(page.locator("#status .badge")).to_have_text(_zh(Expert.Status.SUSPENDED.label))
    expect(page.locator("#status-reason")).to_have_text(reason)
    expect(page.locator("#action-reinstate")).to_be_visible()
    history = page.locator("#history li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text(_zh(Expert.Status.APPLIED.label))
    expect(history.nth(1)).to_contain_text("材料齐全，符合入库条件")
    expect(history.nth(2)).to_contain_text(_zh(Expert.Status.SUSPENDED.label))
    expect(history.nth(2)).to_contain_text(reason)
    screenshot(page, "pool-suspended")
    changes = list(
        StatusChange.objects.filter(expert=expert)
        .order_by("at", "id")
        .values_list("to_status", "reason", "by")
    )
    assert [c[0] for c in changes] == ["applied", "active", "suspended"]
    assert changes[2] == ("suspended", reason, official.pk)

    # the pool list filters by status
    page.goto(live_server.url + "/experts/")
    rows = page.locator("#experts tbody tr[data-expert]")
    expect(page.locator(f'#experts tr[data-expert="{expert.pk}"]')).to_have_count(1)
    expect(page.locator(f'#experts tr[data-expert="{colleague.pk}"]')).to_have_count(1)
    page.locator("#filters select[name=status]").select_option("suspended")
    _click_and_wait(page, "#filter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-expert", str(expert.pk))
    expect(rows.first).to_contain_text(_zh(Expert.Status.SUSPENDED.label))
    screenshot(page, "pool-filtered-suspended")
    page.locator("#filters select[name=status]").select_option("active")
    _click_and_wait(page, "#filter")
    expect(page.locator(f'#experts tr[data-expert="{colleague.pk}"]')).to_have_count(1)
    expect(page.locator(f'#experts tr[data-expert="{expert.pk}"]')).to_have_count(0)
    page.locator("#filters select[name=status]").select_option("applied")
    _click_and_wait(page, "#filter")
    expect(rows).to_have_count(0)


# --- 2. agency filing ----------------------------------------------------------------------


def _add_staff(page: Page, name: str, *, certificate: str = "", until: str = "") -> None:
    form = page.locator("#add-staff")
    form.locator("#id_name").fill(name)
    form.locator("#id_position").fill("审核师")
    form.locator("#id_certificate_no").fill(certificate)
    form.locator("#id_certificate_valid_until").fill(until)
    form.locator("#id_industries").select_option([_division("26")])
    _click_and_wait(page, "#add-staff-submit")


def test_an_agency_files_and_the_province_approves_once_the_conditions_are_met(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    agency = make_agency("370300", filed=False, name="淄博浏览器备案咨询有限公司")
    staff_user = agency_account(agency, username="agency_filing_browser")
    province = make_account("provincial_official", "370000", username="sd_filing_browser")
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(REPORT_PDF)

    # the agency records a staff member without a certificate and files
    switch_to(page, live_server, staff_user.username)
    page.goto(live_server.url + "/agencies/mine/")
    expect(page.locator("#filing-status")).to_have_attribute("data-status", "unfiled")
    _add_staff(page, "赵未证")
    expect(page.locator("#staff")).to_contain_text("赵未证")
    _click_and_wait(page, "#file")
    page.locator("#id_independent_legal_person").check()
    page.locator("#id_quality_system").check()
    page.locator("#id_quality_system_description").fill("ISO 9001质量管理体系；项目三级审核制度")
    page.locator("#id_balance_test_equipment").fill("便携式超声波流量计2台、电能质量分析仪1台")
    page.locator("#id_industry_scope").select_option([_division("26")])
    page.locator("#id_documents").set_input_files(str(licence))
    _click_and_wait(page, "#filing-submit")
    filing = AgencyFiling.objects.get(agency=agency)
    expect(page).to_have_url(f"{live_server.url}/agencies/filings/{filing.pk}/")
    assert filing.status == AgencyFiling.Status.SUBMITTED
    assert filing.staff_count == 0
    assert list(filing.industry_scope.values_list("code", flat=True)) == ["26"]
    expect(page.locator("#documents")).to_contain_text("营业执照")
    expect(page.locator("#decision")).to_have_count(0)  # the agency does not decide

    # the provincial official opens it: the page names the failing condition; approval refused
    switch_to(page, live_server, province.username)
    page.goto(f"{live_server.url}/agencies/filings/{filing.pk}/")
    failing = page.locator('#failing li[data-condition="certified_staff"]')
    expect(failing).to_have_count(1)
    expect(page.locator("#failing li")).to_have_count(1)
    condition = failing.inner_text().strip()
    assert condition
    _click_and_wait(page, "#approve")
    expect(page.locator("[role=alert]")).to_contain_text(condition)
    expect(page.locator("#status .badge")).to_have_text(_zh(AgencyFiling.Status.SUBMITTED.label))
    screenshot(page, "agency-approval-refused")
    filing.refresh_from_db()
    agency.refresh_from_db()
    assert filing.status == AgencyFiling.Status.SUBMITTED
    assert agency.filing_status == Agency.FilingStatus.UNFILED

    # the agency adds a certified auditor
    switch_to(page, live_server, staff_user.username)
    page.goto(live_server.url + "/agencies/mine/")
    _add_staff(page, "钱审核", certificate="鲁CP-2025-0187", until="2029-06-30")
    certified = AgencyStaff.objects.get(agency=agency, name="钱审核")
    row = page.locator(f'#staff tr[data-staff="{certified.pk}"]')
    expect(row).to_contain_text("鲁CP-2025-0187")
    expect(row).to_contain_text("2029-06-30")
    expect(row).to_contain_text("26")
    screenshot(page, "agency-staff")

    # the official approves: the conditions are met now
    switch_to(page, live_server, province.username)
    page.goto(f"{live_server.url}/agencies/filings/{filing.pk}/")
    expect(page.locator("#conditions-met")).to_be_visible()
    page.locator("#id_approve_reason").fill("符合《清洁生产审核办法》第十六条规定的条件")
    _click_and_wait(page, "#approve")
    expect(page.locator("#status .badge")).to_have_text(_zh(AgencyFiling.Status.APPROVED.label))
    filing.refresh_from_db()
    today = timezone.localdate()
    years = agency_rule_for(agency.region).filing_valid_years
    assert filing.status == AgencyFiling.Status.APPROVED
    assert filing.decided_by == province
    assert filing.valid_from == today
    assert filing.valid_until == today.replace(year=today.year + years) - dt.timedelta(days=1)
    expect(page.locator("#revoke")).to_be_visible()

    # the agency's page shows it filed, with the validity of its filing
    switch_to(page, live_server, staff_user.username)
    page.goto(live_server.url + "/agencies/mine/")
    expect(page.locator("#filing-status")).to_have_attribute("data-status", "filed")
    expect(page.locator("#filed-until")).to_have_text(filing.valid_until.isoformat())
    filing_row = page.locator(f'#filings tr[data-filing="{filing.pk}"]')
    expect(filing_row).to_contain_text(_zh(AgencyFiling.Status.APPROVED.label))
    expect(filing_row).to_contain_text(filing.valid_from.isoformat())
    expect(filing_row).to_contain_text(filing.valid_until.isoformat())
    screenshot(page, "agency-filed")
    agency.refresh_from_db()
    assert agency.filing_status == Agency.FilingStatus.FILED
    assert agency.filed_until == filing.valid_until
    assert list(agency.industry_scope.values_list("code", flat=True)) == ["26"]


# --- 3. the public results -----------------------------------------------------------------


def _published_review(
    city: Any, *, scores: dict[str, int], outcome: str, decline_first: bool, **sign: str
) -> Review:
    """Apply, draw (a fresh random seed), answer the invitations, meet, score, sign and publish
    one evaluation through the services."""
    audit = evaluation_ready(make_enterprise("370303"))
    review = apply(audit)
    review_draw(review=review, by=city)
    if decline_first:
        first = review.seats.get(rank=1)
        seat_answer(seat=first, by=first.expert.user, accept=False, reason="同日另有评审任务")
    for seat in review.seats.filter(status=Seat.Status.INVITED).select_related("expert__user"):
        seat_answer(seat=seat, by=seat.expert.user, accept=True, no_conflict=True)
    review.refresh_from_db()
    assert review.status == Review.Status.PANEL_FINAL
    meeting = earliest_meeting(review)
    review_set_meeting(review=review, by=city, on=meeting, place="淄博市生态环境局三楼会议室")
    with time_machine.travel(meeting, tick=False):
        for seat in review.seats.filter(status=Seat.Status.ACCEPTED).order_by("rank"):
            sheet_save(
                review=review,
                by=seat.expert.user,
                scores=scores,
                vetoes=[],
                comment="报告规范，数据可信。",
                submit=True,
            )
        leader = review.seats.get(is_leader=True).expert.user
        review_sign(review=review, by=leader, outcome=outcome, **sign)
    review_publish(review=review, by=city)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    return review


def _sha256_ranking(seed: str, candidates: list[str]) -> list[str]:
    """The ranking rule documented on the page, written out here on its own."""
    return sorted(candidates, key=lambda no: hashlib.sha256(f"{seed}:{no}".encode()).hexdigest())


def test_a_visitor_filters_the_results_reruns_the_draw_and_downloads_the_opinion(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    audit_rules: None,
    screenshot: Any,
    page_watch: Any,
) -> None:
    page.context.set_default_timeout(20_000)
    city = make_account("municipal_official", "370300", username="zb_public_browser")
    pool = make_pool(6)
    passed = _published_review(
        city, scores=FULL, outcome=Outcome.PASS, decline_first=True, opinion="通过技术评估。"
    )
    failed = _published_review(
        city,
        scores=LOW,
        outcome=Outcome.FAIL_RECTIFY,
        decline_first=False,
        opinion="平衡测试不完整。",
        rectification="补做水平衡测试",
    )
    draw = Draw.objects.get(review=passed)
    year = str(passed.concluded_on.year)
    names = {e.pool_no: e.name for e in pool}

    # an anonymous visitor sees both results and filters to the passed one
    page.goto(live_server.url + "/public/reviews/")
    rows = page.locator("#public-reviews tbody tr[data-review]")
    expect(rows).to_have_count(2)
    page.locator("#id_year").select_option(year)
    page.locator("#id_outcome").select_option(Outcome.PASS)
    page.locator("#id_region").select_option("370300")
    _click_and_wait(page, "#filter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-review", str(passed.pk))
    expect(page.locator(f'#public-reviews tr[data-review="{failed.pk}"]')).to_have_count(0)
    screenshot(page, "public-filtered")
    page.locator("#id_stage").select_option("acceptance")
    _click_and_wait(page, "#filter")
    expect(rows).to_have_count(0)
    page.locator("#id_stage").select_option("evaluation")
    _click_and_wait(page, "#filter")
    expect(rows).to_have_count(1)

    # the detail: re-run the draw from what the page shows
    with page.expect_navigation():
        rows.first.locator("a").click()
    expect(page).to_have_url(f"{live_server.url}/public/reviews/{passed.pk}/")
    expect(page.locator("#conclusion")).to_have_text(_zh(Outcome(Outcome.PASS).label))
    seed = page.locator("#draw-seed").inner_text().strip()
    candidates = [c.strip() for c in page.locator("#draw-candidates").inner_text().split(",")]
    assert seed == draw.seed
    assert sorted(candidates) == sorted(names)
    ranking = _sha256_ranking(seed, candidates)
    shown_ranking = [
        t.strip() for t in page.locator("#draw-ranking tbody tr td:nth-child(2)").all_inner_texts()
    ]
    assert shown_ranking == ranking
    assert ranking == draw.ranking
    # the first drawn declined: the panel is the next three of the ranking, the first of them
    # leads; the panel table lists the leader first
    shown_panel = [
        t.strip() for t in page.locator("#public-panel tbody tr td:first-child").all_inner_texts()
    ]
    assert shown_panel == [names[no] for no in ranking[1:4]]
    declined = page.locator("#draw-ranking tbody tr").first
    expect(declined.locator("td").nth(3)).to_have_text("")
    screenshot(page, "public-detail")

    # the opinion PDF downloads
    href = page.locator("#opinion-pdf").get_attribute("href")
    assert href == f"/public/reviews/{passed.pk}/opinion.pdf"
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download:
        page.locator("#opinion-pdf").click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename == f"opinion-{passed.pk}-v1.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert href in page_watch.loaded  # the browser saw the download answer 200
    # Chromium reports the navigation that became a download as aborted: expected here only
    aborted = f"request failed: GET {live_server.url}{href}: net::ERR_ABORTED"
    assert aborted in page_watch.problems
    page_watch.problems.remove(aborted)
