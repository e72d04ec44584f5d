"""A mandatory audit in the browser, from listing to report submission: the county official
compiles the list by screening, the city approves and publishes it, the enterprise discloses
and files the start with its agency, the agency records phase 1, the enterprise submits the
report, the county returns it with a comment on chapter 3, the enterprise resubmits and the
county accepts it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cleanprod.audits.models import Audit, AuditEvent, Phase
from cleanprod.audits.services import phases
from cleanprod.demo.audits import REPORT_PDF, work_assessment, work_options, work_pre_assessment
from cleanprod.registry.services.facts import fact_add
from cleanprod.testing.audits import agency_account, enterprise_account, make_agency
from cleanprod.testing.registry import make_enterprise
from tests.browser.signin import switch_to

pytestmark = pytest.mark.browser


def _action(page: Page, slug: str) -> Any:
    """Open the case action `slug` (loaded into the page by htmx) and return its form."""
    page.locator(f'#case-actions [data-action="{slug}"]').click()
    form = page.locator(f"#action-form-{slug} form")
    expect(form).to_be_visible()
    return form


def test_a_mandatory_audit_from_listing_to_report(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    audit_rules: None,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    # given an electroplating works in Zhangdian that exceeded its chromium standard in 2025
    plating = make_enterprise("370303", name="张店浏览器电镀有限公司", industry="3360")
    fact_add(
        fact="exceedance",
        enterprise=plating,
        by=None,
        kind="standard",
        pollutant="总铬",
        occurred_on=dt.date(2025, 5, 9),
        source="supervisory",
        reference="淄环监〔2026〕31号",
        measured=Decimal("1.8"),
        limit=Decimal("1.0"),
        unit="mg/L",
    )
    agency = make_agency("370300", name="淄博浏览器清洁生产咨询有限公司")
    county = make_account("county_official", "370303")
    city = make_account("municipal_official", "370300")
    owner = enterprise_account(plating, username="ent_browser")
    consultant = agency_account(agency, username="agency_browser")
    report = tmp_path / "清洁生产审核报告.pdf"
    report.write_bytes(REPORT_PDF)

    # the county official compiles the list by screening and submits it
    switch_to(page, live_server, county.username)
    page.goto(live_server.url + "/audits/lists/new/")
    page.locator("#id_region").select_option(str(plating.region.pk))
    page.locator("#id_year").fill("2026")
    page.locator("#id_title").fill("2026年度张店区实施强制性清洁生产审核企业名单")
    with page.expect_navigation():
        page.locator("#create-list").click()
    with page.expect_navigation():
        page.locator("#action-screen").click()
    row = page.locator(f'#entries tr[data-credit-code="{plating.credit_code}"]')
    expect(row).to_contain_text("总铬")
    expect(row).to_contain_text("双超")
    with page.expect_navigation():
        page.locator("#action-submit").click()
    expect(page.locator("#list-status")).to_have_attribute("data-status", "submitted")
    list_url = page.url

    # the city approves and publishes it on 31 January
    switch_to(page, live_server, city.username)
    page.goto(list_url)
    with page.expect_navigation():
        page.locator("#action-approve").click()
    publish = page.locator("#publish-card form")
    publish.locator("[name=doc_number]").fill("张环发〔2026〕3号")
    publish.locator("[name=issuing_authorities]").fill("淄博市生态环境局张店分局")
    publish.locator("[name=published_on]").fill("2026-01-31")
    with page.expect_navigation():
        page.locator("#action-publish").click()
    expect(page.locator("#list-status")).to_have_attribute("data-status", "published")
    screenshot(page, "audit-list-published")
    audit = Audit.objects.get(enterprise=plating)
    due = {d.step: d.due_on for d in audit.deadlines.all()}
    assert due == {
        "disclose": dt.date(2026, 2, 28),
        "start": dt.date(2026, 3, 31),
        "report": dt.date(2027, 1, 31),
    }

    # the enterprise discloses and files the start with its agency
    switch_to(page, live_server, owner.username)
    page.goto(live_server.url + "/audits/mine/")
    with page.expect_navigation():
        page.get_by_role("link", name=plating.name).first.click()
    case_url = page.url
    form = _action(page, "disclose")
    form.locator("[name=content]").fill("企业名称、法定代表人、主要污染物及排放情况")
    form.locator("[name=channel]").fill("张店区人民政府网站")
    form.locator("[name=published_on]").fill("2026-02-20")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    form = _action(page, "file-start")
    form.locator("[name=who][value=agency]").check()
    form.locator("[name=agency]").select_option(str(agency.pk))
    form.locator("[name=contract_number]").fill("LY-2026-001")
    form.locator("[name=contract_signed_on]").fill("2026-03-10")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    audit.refresh_from_db()
    assert audit.status == "in_progress"
    assert audit.agency == agency

    # the agency records phase 1: team leader, plan, completion
    switch_to(page, live_server, consultant.username)
    page.goto(f"{live_server.url}/audits/{audit.pk}/phases/1/")
    team = page.locator("#team-add")
    team.locator("[name=name]").fill("周敏")
    team.locator("[name=team_role]").select_option("leader")
    team.locator("button").click()
    expect(page.locator("#section-team")).to_contain_text("周敏")
    plan = page.locator("#plan-add")
    plan.locator("[name=phase]").select_option("1")
    plan.locator("[name=task]").fill("成立审核小组、宣传培训")
    plan.locator("[name=starts_on]").fill("2026-03-15")
    plan.locator("[name=ends_on]").fill("2026-04-15")
    plan.locator("button").click()
    expect(page.locator("#section-plan")).to_contain_text("成立审核小组")
    page.locator("#phase-complete").click()
    expect(page.locator("#phase-completed")).to_be_visible()
    screenshot(page, "audit-phase-1")
    # phases 2–5 through the same services the pages call (their pages have their own tests)
    for phase, work in (
        (Phase.PRE_ASSESSMENT, work_pre_assessment),
        (Phase.ASSESSMENT, work_assessment),
    ):
        work(audit, consultant)
        phases.phase_complete(audit=audit, phase=phase, by=consultant)
    work_options(audit, consultant, dt.date(2026, 8, 1), feasibility=True)
    for phase in (Phase.OPTION_GENERATION, Phase.FEASIBILITY):
        phases.phase_complete(audit=audit, phase=phase, by=consultant)

    # the enterprise submits the report
    switch_to(page, live_server, owner.username)
    page.goto(case_url)
    form = _action(page, "submit-report")
    form.locator("[name=file]").set_input_files(str(report))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    audit.refresh_from_db()
    assert audit.status == "report_submitted"

    # the county returns it with a comment on chapter 3
    switch_to(page, live_server, county.username)
    page.goto(case_url)
    form = _action(page, "return-report")
    form.locator("[name=comment]").fill("请补充完善后重新报送。")
    form.locator("[name=chapter_3]").fill("水平衡缺少回用水计量依据。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("水平衡缺少回用水计量依据")

    # the enterprise resubmits; the county accepts
    switch_to(page, live_server, owner.username)
    page.goto(case_url)
    form = _action(page, "submit-report")
    form.locator("[name=file]").set_input_files(str(report))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    switch_to(page, live_server, county.username)
    page.goto(case_url)
    form = _action(page, "accept-report")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    screenshot(page, "audit-report-accepted")

    # then the case went the whole way, every step on record, the report on time
    audit.refresh_from_db()
    assert audit.status == "report_accepted"
    assert audit.reports.count() == 2
    assert audit.deadlines.get(step="report").met_on is not None
    types = set(AuditEvent.objects.filter(audit=audit).values_list("type", flat=True))
    assert {
        "audit.created",
        "audit.disclosed",
        "audit.started",
        "audit.phase_completed",
        "audit.report_submitted",
        "audit.report_returned",
        "audit.report_accepted",
    } <= types
