"""Evaluation and acceptance through the services: application, draw, invitations, meeting,
sheets, signature, publication, and what each conclusion does to the case."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cleanprod.accounts.models import Notice
from cleanprod.audits.models import Audit, AuditEvent, AuditRound, Deadline, Step
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.reviews.models import Outcome, Review, Seat, Stage
from cleanprod.reviews.services.aftercare import review_amend
from cleanprod.reviews.services.applications import review_apply, review_return_application
from cleanprod.reviews.services.draws import draw_rank, review_draw, seat_answer
from cleanprod.reviews.services.meetings import earliest_meeting, review_set_meeting
from cleanprod.reviews.services.scoring import (
    panel_result,
    review_publish,
    review_sign,
    sheet_save,
)
from cleanprod.testing.reviews import accept_all, application_files, apply
from cleanprod.workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db

FULL = {"1": 9, "2": 13, "3": 13, "4": 17, "5": 13, "6": 13, "7": 8}  # 86 on the evaluation sheet
LOW = {"1": 5, "2": 8, "3": 8, "4": 10, "5": 8, "6": 8, "7": 5}  # 52


def _panel(world, stage=Stage.EVALUATION, audit=None):
    review = apply(audit or world["audit"], stage, by=world["ent_user"])
    review_draw(review=review, by=world["city"], seed="fixed-seed")
    accept_all(review)
    review.refresh_from_db()
    return review


def _meet_and_score(world, review, scores=None, vetoes=None):
    meeting = earliest_meeting(review)
    review_set_meeting(
        review=review, by=world["city"], on=meeting, place="淄博市生态环境局三楼会议室"
    )
    scores = scores or [FULL] * 3
    with time_machine.travel(meeting, tick=False):
        for seat, sheet in zip(
            review.seats.filter(status="accepted").order_by("rank"), scores, strict=False
        ):
            sheet_save(
                review=review,
                by=seat.expert.user,
                scores=sheet,
                vetoes=(vetoes or {}).get(seat.rank, []),
                comment="报告规范，数据可信。",
                submit=True,
            )
    return meeting


def _leader(review):
    return review.seats.get(is_leader=True).expert.user


def test_application_needs_every_document_and_moves_the_case(world):
    audit = world["audit"]
    with pytest.raises(DomainError) as missing:
        review_apply(audit=audit, stage=Stage.EVALUATION, by=world["ent_user"], files={})
    assert missing.value.code == "review.documents_missing"
    assert set(missing.value.fields) == {"review_form", "capacity"}
    assert not Review.objects.exists()
    review = apply(audit, by=world["ent_user"])
    audit.refresh_from_db()
    assert audit.status == Audit.Status.EVALUATION
    assert review.organiser_region.code == "370300"  # the city organises by default
    assert review.attachments.count() == 2
    assert Deadline.objects.get(audit=audit, step=Step.EVALUATION).due_on > timezone.localdate()
    assert Notice.objects.filter(recipient=world["city"], key=f"review:{review.pk}:applied")


def test_only_the_enterprise_applies_and_not_twice(world):
    with pytest.raises(PermissionDenied):
        review_apply(
            audit=world["audit"],
            stage=Stage.EVALUATION,
            by=world["county"],
            files=application_files(Stage.EVALUATION),
        )
    apply(world["audit"], by=world["ent_user"])
    with pytest.raises(TransitionNotAllowed):
        apply(world["audit"], by=world["ent_user"])


def test_a_returned_application_restores_the_case_and_allows_a_new_attempt(world):
    review = apply(world["audit"], by=world["ent_user"])
    with pytest.raises(PermissionDenied):
        review_return_application(review=review, by=world["county"], reason="材料不全")
    with pytest.raises(DomainError):
        review_return_application(review=review, by=world["city"], reason=" ")
    review_return_application(review=review, by=world["city"], reason="缺少监测报告")
    world["audit"].refresh_from_db()
    assert world["audit"].status == Audit.Status.REPORT_ACCEPTED
    again = apply(world["audit"], by=world["ent_user"])
    assert again.attempt == 2


def test_the_draw_is_recorded_and_reproducible(world):
    review = apply(world["audit"], by=world["ent_user"])
    with pytest.raises(PermissionDenied):
        review_draw(review=review, by=world["county"])  # the city organises
    draw = review_draw(review=review, by=world["city"])
    assert draw.candidates == sorted(e.pool_no for e in world["pool"])
    assert draw_rank(draw.seed, draw.candidates) == draw.ranking
    seated = list(review.seats.order_by("rank").values_list("expert__pool_no", flat=True))
    assert seated == draw.ranking[:3]
    review.refresh_from_db()
    assert review.status == Review.Status.DRAWING
    with pytest.raises(DomainError) as again:
        review_draw(review=review, by=world["city"])
    assert again.value.code == "review.already_drawn"


def test_a_decline_invites_the_next_in_the_ranking_and_acceptances_finalise(world):
    review = apply(world["audit"], by=world["ent_user"])
    draw = review_draw(review=review, by=world["city"], seed="abc")
    first = review.seats.get(rank=1)
    with pytest.raises(DomainError) as no_reason:
        seat_answer(seat=first, by=first.expert.user, accept=False)
    assert no_reason.value.code == "review.reason_required"
    with pytest.raises(DomainError) as no_declaration:
        seat_answer(seat=first, by=first.expert.user, accept=True)
    assert no_declaration.value.code == "review.declaration_required"
    seat_answer(seat=first, by=first.expert.user, accept=False, reason="出差")
    fourth = review.seats.get(rank=4)
    assert fourth.expert.pool_no == draw.ranking[3]
    other = review.seats.get(rank=2)
    with pytest.raises(PermissionDenied):
        seat_answer(seat=other, by=fourth.expert.user, accept=True, no_conflict=True)
    accept_all(review)
    review.refresh_from_db()
    assert review.status == Review.Status.PANEL_FINAL
    assert review.documents_released_on == timezone.localdate()
    leader = review.seats.get(is_leader=True)
    assert leader.rank == 2  # the first drawn who accepted
    assert Notice.objects.filter(key=f"review:{review.pk}:panel_final").exists()


def test_the_meeting_leaves_the_panel_the_working_days(world):
    review = apply(world["audit"], by=world["ent_user"])
    review_draw(review=review, by=world["city"])
    accept_all(review)
    review.refresh_from_db()
    earliest = add_working_days(review.documents_released_on, 3)
    with pytest.raises(DomainError) as soon:
        review_set_meeting(
            review=review, by=world["city"], on=earliest - timedelta(days=1), place="会议室"
        )
    assert soon.value.code == "review.meeting_too_soon"
    assert earliest.isoformat() in soon.value.message
    review_set_meeting(review=review, by=world["city"], on=earliest, place="会议室")


def test_sheets_open_on_the_meeting_day_validate_items_and_freeze(world):
    review = _panel(world)
    meeting = earliest_meeting(review)
    review_set_meeting(review=review, by=world["city"], on=meeting, place="会议室")
    expert = review.seats.filter(status="accepted").first().expert.user
    kwargs = {"review": review, "by": expert, "vetoes": [], "comment": "意见"}
    with pytest.raises(DomainError) as early:
        sheet_save(scores=FULL, submit=True, **kwargs)
    assert early.value.code == "review.before_meeting"
    with time_machine.travel(meeting, tick=False):
        with pytest.raises(DomainError) as bad:
            sheet_save(scores={**FULL, "4": 25}, submit=True, **kwargs)
        assert "item_4" in bad.value.fields
        draft = sheet_save(scores=FULL, submit=False, **kwargs)
        assert draft.submitted_at is None
        assert draft.total == Decimal("86.0")
        sheet_save(scores=FULL, submit=True, **kwargs)
        with pytest.raises(DomainError) as frozen:
            sheet_save(scores=LOW, submit=True, **kwargs)
        assert frozen.value.code == "review.sheet_frozen"
    with pytest.raises(PermissionDenied):
        sheet_save(
            review=review, by=world["ent_user"], scores=FULL, vetoes=[], comment="x", submit=True
        )


def test_evaluation_pass_signed_by_the_leader_moves_the_case_and_makes_a_pdf(world):
    review = _panel(world)
    meeting = _meet_and_score(world, review, [FULL, FULL, LOW])
    mean, vetoed, done, members = panel_result(review)
    assert (mean, vetoed, done, members) == (Decimal("74.7"), False, 3, 3)
    member = review.seats.filter(is_leader=False, status="accepted").first().expert.user
    with time_machine.travel(meeting, tick=False):
        with pytest.raises(DomainError) as not_leader:
            review_sign(review=review, by=member, outcome=Outcome.PASS, opinion="通过")
        assert not_leader.value.code == "review.not_leader"
        with pytest.raises(DomainError) as wrong:
            review_sign(
                review=review, by=_leader(review), outcome=Outcome.FAIL_REAUDIT, opinion="x"
            )
        assert wrong.value.code == "review.outcome_not_allowed"
        review_sign(
            review=review, by=_leader(review), outcome=Outcome.PASS, opinion="通过技术评估。"
        )
    review.refresh_from_db()
    assert review.status == Review.Status.CONCLUDED
    assert review.mean_score == Decimal("74.7")
    audit = Audit.objects.get(pk=world["audit"].pk)
    assert audit.status == Audit.Status.EVALUATED
    assert Deadline.objects.get(audit=audit, step=Step.EVALUATION).met_on == meeting
    assert Deadline.objects.filter(audit=audit, step=Step.ACCEPTANCE_APPLY).exists()
    pdf = review.opinion_files.get()
    content = pdf.file.read()
    assert content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert "74.7" in text
    for seat in review.seats.filter(status="accepted"):
        assert seat.expert.name in text
    with pytest.raises(DomainError) as frozen, time_machine.travel(meeting, tick=False):
        sheet_save(review=review, by=member, scores=LOW, vetoes=[], comment="改", submit=True)
    assert frozen.value.code in {"review.sheet_frozen", "review.scoring_closed"}
    review_publish(review=review, by=world["city"])
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    types = set(AuditEvent.objects.filter(audit=audit).values_list("type", flat=True))
    assert {
        "review.applied",
        "review.drawn",
        "review.panel_final",
        "review.sheet_submitted",
        "review.signed",
        "review.published",
    } <= types


def test_a_veto_fails_the_review_and_a_reaudit_rolls_the_enterprise_over(world):
    review = _panel(world)
    meeting = _meet_and_score(world, review, [FULL, FULL, FULL], vetoes={1: ["V3"]})
    _mean, vetoed, _d, _m = panel_result(review)
    assert vetoed
    with time_machine.travel(meeting, tick=False):
        with pytest.raises(DomainError):
            review_sign(review=review, by=_leader(review), outcome=Outcome.PASS, opinion="x")
        review_sign(
            review=review,
            by=_leader(review),
            outcome=Outcome.FAIL_REAUDIT,
            opinion="使用淘汰工艺，不予通过。",
        )
    audit = Audit.objects.get(pk=world["audit"].pk)
    assert audit.status == Audit.Status.FAILED
    from cleanprod.accounts.scope import scope_for
    from cleanprod.audits.services.screening import screening_candidates

    found = {
        c.enterprise.pk: c
        for c in screening_candidates(
            region=audit.region.parent, year=2027, scope=scope_for(world["city"])
        )
    }
    assert "rollover" in found[world["enterprise"].pk].triggers


def test_fail_with_rectification_returns_the_report(world):
    review = _panel(world)
    meeting = _meet_and_score(world, review, [LOW, LOW, LOW])
    with time_machine.travel(meeting, tick=False):
        with pytest.raises(DomainError) as needs_list:
            review_sign(
                review=review, by=_leader(review), outcome=Outcome.FAIL_RECTIFY, opinion="x"
            )
        assert needs_list.value.code == "review.rectification_required"
        review_sign(
            review=review,
            by=_leader(review),
            outcome=Outcome.FAIL_RECTIFY,
            opinion="平衡测试不完整。",
            rectification="补做水平衡测试",
        )
    audit = Audit.objects.get(pk=world["audit"].pk)
    assert audit.status == Audit.Status.REPORT_RETURNED


def test_acceptance_closes_the_round_and_previous_panel_is_excluded(world):
    evaluation = _panel(world)
    meeting = _meet_and_score(world, evaluation)
    with time_machine.travel(meeting, tick=False):
        review_sign(review=evaluation, by=_leader(evaluation), outcome=Outcome.PASS, opinion="通过")
    first_panel = set(
        evaluation.seats.filter(status="accepted").values_list("expert_id", flat=True)
    )
    with time_machine.travel(meeting + timedelta(days=90), tick=False):
        acceptance = apply(world["audit"], Stage.ACCEPTANCE, by=world["ent_user"])
        draw = review_draw(review=acceptance, by=world["city"])
        excluded = {e["pool_no"]: e["reason"] for e in draw.excluded}
        assert len(excluded) == 3
        assert set(excluded.values()) == {"previous_panel"}
        assert not first_panel & set(acceptance.seats.values_list("expert_id", flat=True))
        accept_all(acceptance)
        acceptance.refresh_from_db()
        meet2 = _meet_and_score(
            world, acceptance, [{"1": 9, "2": 18, "3": 18, "4": 22, "5": 13, "6": 9}] * 3
        )
    with time_machine.travel(meet2, tick=False):
        review_sign(
            review=acceptance, by=_leader(acceptance), outcome=Outcome.PASS, opinion="通过验收"
        )
    audit = Audit.objects.get(pk=world["audit"].pk)
    assert audit.status == Audit.Status.CLOSED
    assert audit.closed_on == meet2
    assert AuditRound.objects.filter(audit=audit, completed_on=meet2).exists()


def test_amendments_are_recorded_and_cannot_cross_pass_and_fail(world):
    review = _panel(world)
    meeting = _meet_and_score(world, review)
    with time_machine.travel(meeting, tick=False):
        review_sign(review=review, by=_leader(review), outcome=Outcome.PASS, opinion="通过")
    with pytest.raises(DomainError) as crossing:
        review_amend(review=review, by=world["city"], reason="复核", outcome=Outcome.FAIL_REAUDIT)
    assert crossing.value.code == "review.amend_outcome"
    amendment = review_amend(
        review=review,
        by=world["city"],
        reason="补充整改要求",
        outcome=Outcome.PASS_WITH_RECTIFICATION,
        rectification="完善能源计量台账",
    )
    assert amendment.changes["outcome"] == {"from": "pass", "to": "rectify"}
    assert review.opinion_files.count() == 2
    assert Seat.objects.filter(review=review, sheet__isnull=False).count() == 3


def test_the_clock_reminds_the_organiser_of_an_evaluation_not_the_enterprise(world):
    from cleanprod.audits.services.sweep import deadlines_sweep

    apply(world["audit"], by=world["ent_user"])
    due = Deadline.objects.get(audit=world["audit"], step=Step.EVALUATION).due_on
    with time_machine.travel(due, tick=False):
        deadlines_sweep(today=due)
    reminded = set(
        Notice.objects.filter(subject__contains=str(Step.EVALUATION.label)).values_list(
            "recipient", flat=True
        )
    )
    assert world["city"].pk in reminded
    assert world["ent_user"].pk not in reminded
