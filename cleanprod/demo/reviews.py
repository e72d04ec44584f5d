"""The demo's evaluations and acceptances, each step through the real services at its date:

- 临淄示范氯碱化工 (voluntary, 2025): evaluated in June 2025, accepted in March 2026: the round
  is closed and both results are published;
- 淄博示范农药 (voluntary, 2025): evaluation passed in October 2025 with rectification items;
  its acceptance was applied for in November 2026 and the panel is being formed — expert_ma
  has an invitation to answer;
- 高青示范蓄电池 (2026 list): applied for evaluation; the city has yet to draw the panel.

Panels are drawn with recorded seeds chosen so the demo's expert accounts sit where a newcomer
looks; experts who sit get an account (expert_<pool number>, not printed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import account_create
from cleanprod.audits.models import Audit, Phase, VoluntaryApplication
from cleanprod.audits.services.reports import audit_accept_report
from cleanprod.audits.services.voluntary import voluntary_accept, voluntary_apply
from cleanprod.demo.audits import (
    REPORT_PDF,
    _complete,
    _disclose,
    _enterprise,
    _options,
    _start,
    _submit,
    _user,
    _work,
    agencies_load,
    on,
)
from cleanprod.demo.data import DEMO_PASSWORD
from cleanprod.experts.models import Expert
from cleanprod.performance import services as options
from cleanprod.performance.models import Option
from cleanprod.regions.models import Region
from cleanprod.reviews.models import Review, ReviewPolicy, Seat, Stage
from cleanprod.reviews.services.aftercare import seat_rate
from cleanprod.reviews.services.applications import CHECKLIST, review_apply
from cleanprod.reviews.services.draws import draw_rank, pool_for, review_draw, seat_answer
from cleanprod.reviews.services.meetings import earliest_meeting, review_set_meeting
from cleanprod.reviews.services.scoring import (
    opinion_draft,
    outcomes_allowed,
    review_publish,
    review_sign,
    sheet_save,
)

ORGANISER = "zb_chen"
EVALUATION_SCORES = [
    {"1": 9, "2": 13, "3": 14, "4": 17, "5": 13, "6": 12, "7": 8},
    {"1": 8, "2": 12, "3": 13, "4": 16, "5": 14, "6": 13, "7": 9},
    {"1": 9, "2": 14, "3": 12, "4": 18, "5": 12, "6": 12, "7": 8},
]
ACCEPTANCE_SCORES = [
    {"1": 9, "2": 18, "3": 17, "4": 22, "5": 12, "6": 9},
    {"1": 8, "2": 17, "3": 18, "4": 21, "5": 13, "6": 8},
    {"1": 9, "2": 18, "3": 16, "4": 23, "5": 12, "6": 9},
]


def reviews_load() -> dict[str, int]:
    """Skipped when any review exists (the demo was loaded before)."""
    if Review.objects.exists():
        return {"reviews": 0}
    # Shandong's own policy: the evaluation panel may sit again at acceptance (continuity),
    # where the national default excludes it; every panel has an audit-method expert
    ReviewPolicy.objects.get_or_create(
        region=Region.objects.get(code="370000"),
        defaults={"exclude_previous_panel": False, "panel_fields": ["cp_audit"]},
    )
    _closed_round()
    _acceptance_forming()
    _battery_applies()
    return {"reviews": Review.objects.count()}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, REPORT_PDF, content_type="application/pdf")


def _files(stage: str) -> dict[str, Any]:
    return {r.code: _pdf(f"{r.code}.pdf") for r in CHECKLIST[stage]}


def _voluntary_audit(index: int, who: str, applied: str, accepted: str) -> Audit:
    enterprise = _enterprise(index)
    with on(applied):
        application = voluntary_apply(
            enterprise=enterprise,
            year=int(applied[:4]),
            motivation="企业申请省级清洁生产企业认定，自愿开展清洁生产审核。",
            by=_user(who),
            planned_scope="全厂生产装置及公用工程",
            self_audit=False,
        )
    with on(accepted):
        voluntary_accept(application=application, by=_user(ORGANISER), comment="同意开展。")
    application = VoluntaryApplication.objects.get(pk=application.pk)
    return Audit.objects.get(pk=application.audit_id)


def _through_report(audit: Audit, who: str, days: dict[str, str]) -> None:
    green, _other = agencies_load()
    _disclose(audit, who, days["disclose"], "企业官网、淄博日报")
    _start(audit, who, days["start"], agency=green)
    _work(audit, "agency_hu", upto=Phase.ASSESSMENT, start=days["work"])
    _options(audit, "agency_hu", days["options"], feasibility=True)
    _complete(audit, "agency_hu", (Phase.OPTION_GENERATION, Phase.FEASIBILITY), days["complete"])
    _submit(audit, who, days["submit"])
    with on(days["accept"]):
        audit_accept_report(audit=audit, by=_user(ORGANISER), comment="报告规范完整，受理。")


def _account(expert: Expert) -> User:
    if expert.user_id:
        return expert.user
    user = account_create(
        username=f"expert_{expert.pool_no.lower().replace('-', '_')}",
        password=DEMO_PASSWORD,
        region=expert.region,
        role=Role.objects.get(slug="expert"),
        display_name=expert.name,
        organisation=expert.employer,
        party_id=expert.pk,
    )
    Expert.objects.filter(pk=expert.pk).update(user=user)
    expert.refresh_from_db()
    return user


def _seed_placing(review: Review, wanted: str, day: str) -> str:
    """A recorded seed whose ranking puts the expert named `wanted` on the panel."""
    with on(day):
        candidates = [e.pool_no for e in pool_for(review).eligible]
    target = Expert.objects.get(name=wanted).pool_no
    for n in range(1, 500):
        seed = f"{review.audit.pk:04d}-{review.stage}-{n:03d}"
        if target in draw_rank(seed, candidates)[:3]:
            return seed
    return "demo"


def _review(
    audit: Audit,
    stage: str,
    who: str,
    days: dict[str, str],
    *,
    wanted: str,
    scores: list[dict[str, int]],
    outcome_pick: int = 0,
    rectification: str = "",
) -> Review:
    with on(days["apply"]):
        review = review_apply(audit=audit, stage=stage, by=_user(who), files=_files(stage))
    seed = _seed_placing(review, wanted, days["draw"])
    with on(days["draw"]):
        review_draw(review=review, by=_user(ORGANISER), seed=seed)
    with on(days["answer"]):
        for seat in review.seats.order_by("rank").select_related("expert"):
            seat_answer(seat=seat, by=_account(seat.expert), accept=True, no_conflict=True)
        review.refresh_from_db()
        meeting = earliest_meeting(review)
        review_set_meeting(
            review=review, by=_user(ORGANISER), on=meeting, place="淄博市生态环境局第二会议室"
        )
    with on(meeting.isoformat()):
        seats = list(review.seats.filter(status=Seat.Status.ACCEPTED).order_by("rank"))
        for seat, sheet in zip(seats, scores, strict=False):
            sheet_save(
                review=review,
                by=seat.expert.user,
                scores=sheet,
                vetoes=[],
                comment="审核过程规范，数据基本可信，方案可行。",
                submit=True,
            )
        leader = next(s for s in seats if s.is_leader)
        outcome = outcomes_allowed(review)[outcome_pick]
        review_sign(
            review=review,
            by=leader.expert.user,
            outcome=outcome,
            opinion=opinion_draft(review),
            rectification=rectification,
        )
    published = meeting + dt.timedelta(days=2)
    with on(published.isoformat()):
        review_publish(review=review, by=_user(ORGANISER))
        for n, seat in enumerate(seats):
            seat_rate(
                seat=seat,
                by=_user(ORGANISER),
                punctuality=5,
                quality=4 + (n % 2),
                independence=5,
                comment="按时到会，意见中肯。",
            )
    return review


def _implement_medium_high(audit: Audit, who: str, day: str) -> None:
    with on(day):
        for option in Option.objects.filter(audit=audit, status=Option.Status.SELECTED):
            options.option_implement(
                option=option,
                by=_user(who),
                status="implemented",
                implemented_on=dt.date.fromisoformat(day),
                actual_investment=(option.investment * Decimal("1.05")).quantize(Decimal("1")),
                planned_on=None,
            )


def _closed_round() -> None:
    """临淄示范氯碱化工: a voluntary audit of 2025, evaluated and accepted."""
    audit = _voluntary_audit(2, "ent_lvjian", "2025-01-06", "2025-01-15")
    _through_report(
        audit,
        "ent_lvjian",
        {
            "disclose": "2025-01-24",
            "start": "2025-02-20",
            "work": "2025-03",
            "options": "2025-04-25",
            "complete": "2025-05-12",
            "submit": "2025-05-20",
            "accept": "2025-05-28",
        },
    )
    _review(
        audit,
        Stage.EVALUATION,
        "ent_lvjian",
        {"apply": "2025-06-03", "draw": "2025-06-05", "answer": "2025-06-06"},
        wanted="张伟",
        scores=EVALUATION_SCORES,
    )
    _implement_medium_high(audit, "agency_hu", "2026-02-10")
    _review(
        audit,
        Stage.ACCEPTANCE,
        "ent_lvjian",
        {"apply": "2026-03-02", "draw": "2026-03-04", "answer": "2026-03-05"},
        wanted="卫国强",
        scores=ACCEPTANCE_SCORES,
    )


def _acceptance_forming() -> None:
    """淄博示范农药: evaluation passed with rectification; acceptance panel being formed."""
    audit = _voluntary_audit(3, "ent_nongyao", "2025-03-03", "2025-03-12")
    _through_report(
        audit,
        "ent_nongyao",
        {
            "disclose": "2025-03-28",
            "start": "2025-04-22",
            "work": "2025-05",
            "options": "2025-07-18",
            "complete": "2025-08-25",
            "submit": "2025-09-05",
            "accept": "2025-09-16",
        },
    )
    _review(
        audit,
        Stage.EVALUATION,
        "ent_nongyao",
        {"apply": "2025-09-22", "draw": "2025-09-24", "answer": "2025-09-25"},
        wanted="陈晓东",
        scores=EVALUATION_SCORES,
        outcome_pick=1,
        rectification="1. 补充完善水平衡测试数据；2. 明确余热回收发电项目的实施进度计划。",
    )
    _implement_medium_high(audit, "agency_hu", "2026-10-20")
    with on("2026-11-10"):
        review = review_apply(
            audit=audit, stage=Stage.ACCEPTANCE, by=_user("ent_nongyao"), files=_files("acceptance")
        )
    seed = _seed_placing(review, "马林", "2026-11-16")
    with on("2026-11-16"):
        review_draw(review=review, by=_user(ORGANISER), seed=seed)
    with on("2026-11-17"):
        for seat in review.seats.order_by("rank").select_related("expert"):
            if seat.expert.name == "马林":
                continue  # expert_ma has yet to answer
            if seat.rank == 1 and seat.expert.name != "马林":
                seat_answer(seat=seat, by=_account(seat.expert), accept=False, reason="出差在外")
            else:
                seat_answer(seat=seat, by=_account(seat.expert), accept=True, no_conflict=True)
        for seat in review.seats.filter(status=Seat.Status.INVITED).select_related("expert"):
            if seat.expert.name != "马林":
                seat_answer(seat=seat, by=_account(seat.expert), accept=True, no_conflict=True)


def _battery_applies() -> None:
    """高青示范蓄电池: report accepted in September; applies for evaluation."""
    audit = Audit.objects.get(enterprise=_enterprise(17), track="mandatory")
    with on("2026-10-12"):
        review_apply(
            audit=audit, stage=Stage.EVALUATION, by=_user("ent_gaoqing"), files=_files("evaluation")
        )
