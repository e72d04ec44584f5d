"""Evaluation and acceptance of one audit in the browser: the enterprise applies, the city
draws the panel, three experts accept their invitations (a conflicted expert is never drawn),
the city sets the meeting, each expert fills the scoring sheet on the meeting day, the leader
signs the opinion and the city publishes it; then the same for acceptance, which closes the
round. The recorded seed reproduces each panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from cleanprod.audits.models import Audit, AuditRound
from cleanprod.demo.audits import REPORT_PDF
from cleanprod.reviews.models import Draw, Review
from cleanprod.reviews.services.draws import draw_rank
from cleanprod.reviews.services.meetings import earliest_meeting
from cleanprod.testing.audits import enterprise_account
from cleanprod.testing.registry import make_enterprise
from cleanprod.testing.reviews import evaluation_ready, expert_account, make_expert, make_pool
from tests.browser.signin import switch_to

pytestmark = pytest.mark.browser
TZ = ZoneInfo("Asia/Shanghai")
EVALUATION = {"1": "9", "2": "13", "3": "14", "4": "17", "5": "13", "6": "12", "7": "8"}
ACCEPTANCE = {"1": "9", "2": "18", "3": "17", "4": "22", "5": "12", "6": "9"}


def _panel(
    page: Page,
    live_server: Any,
    review: Review,
    *,
    city: str,
    leader_scores: dict[str, str],
    screenshot: Any,
    name: str,
) -> Draw:
    """Draw, invitations, meeting, sheets, signature and publication of one review."""
    url = f"{live_server.url}/reviews/{review.pk}/"
    switch_to(page, live_server, city)
    page.goto(url)
    page.locator("#draw").click()
    expect(page.locator("#draw")).to_have_count(0)
    draw = Draw.objects.get(review=review)
    expect(page.locator("#draw-record")).to_contain_text(draw.seed)
    for seat in review.seats.order_by("rank"):
        switch_to(page, live_server, seat.expert.user.username)
        page.goto(live_server.url + "/reviews/")
        page.locator(f'#invitations a[href="/reviews/seats/{seat.pk}/"]').click()
        page.locator("#no_conflict").check()
        page.locator("#accept").click()
        expect(page.locator("#status")).to_be_visible()
    review.refresh_from_db()
    assert review.status == Review.Status.PANEL_FINAL
    meeting = earliest_meeting(review)
    switch_to(page, live_server, city)
    page.goto(url)
    page.locator("#id_on").fill(meeting.isoformat())
    page.locator("#id_place").fill("淄博市生态环境局第二会议室")
    page.locator("#set-meeting").click()
    expect(page.locator("#meeting")).to_contain_text(meeting.isoformat())
    with time_machine.travel(dt.datetime.combine(meeting, dt.time(9), TZ), tick=True):
        for seat in review.seats.filter(status="accepted").order_by("rank"):
            switch_to(page, live_server, seat.expert.user.username)
            page.goto(url)
            page.locator("#score").click()
            for code, points in leader_scores.items():
                page.locator(f"#id_item_{code}").fill(points)
            page.locator("#id_comment").fill("审核过程规范，数据可信，方案可行。")
            page.locator("#submit-sheet").click()
            expect(page.locator("#progress")).to_be_visible()
        leader = review.seats.get(is_leader=True).expert.user
        switch_to(page, live_server, leader.username)
        page.goto(url)
        page.locator("#sign").click()
        page.locator("#id_outcome").select_option("pass")
        expect(page.locator("#id_opinion")).not_to_be_empty()
        screenshot(page, f"review-{name}-sign")
        page.locator("#sign-submit").click()
        expect(page.locator("#outcome")).to_be_visible()
        switch_to(page, live_server, city)
        page.goto(url)
        page.locator("#publish").click()
        expect(page.locator("#status")).to_contain_text(str(Review.Status.PUBLISHED.label)[:2])
        expect(page.locator("#opinion-pdf")).to_be_visible()
        screenshot(page, f"review-{name}-published")
    return draw


def test_evaluation_and_acceptance_of_one_audit(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    audit_rules: None,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    page.context.set_default_timeout(20_000)
    enterprise = make_enterprise("370303", name="张店浏览器化工有限公司", industry="2614")
    audit = evaluation_ready(enterprise)
    owner = enterprise_account(enterprise, username="ent_review_browser")
    city = make_account("municipal_official", "370300", username="zb_review_browser")
    make_pool(7)
    conflicted = make_expert(employer_credit_code=enterprise.credit_code, name="冲突专家")
    expert_account(conflicted)
    files = {}
    for code in ("review_form", "capacity", "accept_report", "monitoring"):
        files[code] = tmp_path / f"{code}.pdf"
        files[code].write_bytes(REPORT_PDF)

    # the enterprise applies for evaluation from its case page
    switch_to(page, live_server, owner.username)
    page.goto(f"{live_server.url}/audits/cases/{audit.pk}/")
    page.locator("#apply-review").click()
    page.locator("#id_review_form").set_input_files(str(files["review_form"]))
    page.locator("#id_capacity").set_input_files(str(files["capacity"]))
    page.locator("#id_note").fill("无/低费方案已全部实施，申请评估。")
    page.locator("#apply-submit").click()
    expect(page.locator("#status")).to_be_visible()
    evaluation = Review.objects.get(audit=audit, stage="evaluation")
    expect(page.locator("#panel-hidden")).to_be_visible()  # the enterprise waits for the panel

    draw = _panel(
        page,
        live_server,
        evaluation,
        city=city.username,
        leader_scores=EVALUATION,
        screenshot=screenshot,
        name="evaluation",
    )
    assert draw_rank(draw.seed, draw.candidates) == draw.ranking
    assert conflicted.pool_no not in draw.candidates
    assert {"pool_no": conflicted.pool_no, "reason": "employer_enterprise"} in draw.excluded
    audit.refresh_from_db()
    assert audit.status == Audit.Status.EVALUATED
    evaluation.refresh_from_db()
    assert evaluation.mean_score is not None
    assert evaluation.opinion_files.count() == 1

    # the enterprise sees its published panel and applies for acceptance
    switch_to(page, live_server, owner.username)
    page.goto(f"{live_server.url}/reviews/{evaluation.pk}/")
    expect(page.locator("#panel")).to_be_visible()
    page.goto(f"{live_server.url}/audits/cases/{audit.pk}/")
    page.locator("#apply-review").click()
    page.locator("#id_review_form").set_input_files(str(files["review_form"]))
    page.locator("#id_accept_report").set_input_files(str(files["accept_report"]))
    page.locator("#id_monitoring").set_input_files(str(files["monitoring"]))
    page.locator("#apply-submit").click()
    expect(page.locator("#status")).to_be_visible()
    acceptance = Review.objects.get(audit=audit, stage="acceptance")
    second = _panel(
        page,
        live_server,
        acceptance,
        city=city.username,
        leader_scores=ACCEPTANCE,
        screenshot=screenshot,
        name="acceptance",
    )
    assert draw_rank(second.seed, second.candidates) == second.ranking
    first_panel = set(evaluation.seats.filter(status="accepted").values_list("expert", flat=True))
    assert not first_panel & set(acceptance.seats.values_list("expert", flat=True))
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CLOSED
    assert AuditRound.objects.filter(audit=audit).exists()
