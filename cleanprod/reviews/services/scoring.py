"""Scoring sheets, the panel's result and the signed opinion (regulation.md §4.5–4.6).

Each accepted expert fills the review's sheet (points per item, veto items, own opinion) on or
after the meeting day and submits it; a submitted sheet is frozen. The result is the mean of
the totals (one decimal) plus any veto (one expert's, or a majority's where configured). The
leader signs the opinion with a conclusion the result allows; the case moves on in the same
transaction and the opinion PDF is generated."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import AuditEvent, Step
from cleanprod.audits.services.opening import deadline_meet, deadlines_schedule
from cleanprod.audits.services.recipients import audit_parties
from cleanprod.audits.services.review_steps import audit_advance
from cleanprod.audits.services.rounds import audit_close
from cleanprod.core.errors import DomainError
from cleanprod.reviews.models import Outcome, Review, Seat, Sheet, SheetTemplate, Stage
from cleanprod.reviews.opinion_pdf import opinion_store
from cleanprod.reviews.services.common import ensure_organiser, organisers, review_locked, tell
from cleanprod.reviews.services.config import policy_for

Action = workflow.AuditAction
ONE = Decimal("0.1")


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def clean_scores(template: SheetTemplate, scores: dict[str, Any]) -> dict[str, Decimal]:
    """Every item scored, each between 0 and its points; errors name the item."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Decimal] = {}
    for item in template.items:
        code, points = item["code"], Decimal(str(item["points"]))
        raw = scores.get(code)
        value = None if raw in (None, "") else _decimal(raw)
        if value is None:
            errors[f"item_{code}"] = [
                _("Score item %(code)s (0–%(points)s).") % {"code": code, "points": points}
            ]
        elif value < 0 or value > points:
            errors[f"item_{code}"] = [
                _("Item %(code)s takes 0 to %(points)s points, not %(value)s.")
                % {"code": code, "points": points, "value": value}
            ]
        else:
            cleaned[code] = value
    if errors:
        raise DomainError(
            "review.sheet_invalid",
            _("Check the scores: %(items)s.")
            % {"items": ", ".join(k.removeprefix("item_") for k in errors)},
            fields=errors,
        )
    return cleaned


def _seat_for(review: Review, by: Any) -> Seat:
    seat = (
        review.seats.select_for_update()
        .select_related("expert")
        .filter(expert__user=by, status=Seat.Status.ACCEPTED)
        .first()
    )
    if seat is None:
        raise DomainError(
            "review.not_member", _("Only members of the panel score this review."), status=403
        )
    return seat


@transaction.atomic
def sheet_save(
    *,
    review: Review,
    by: Any,
    scores: dict[str, Any],
    vetoes: list[str],
    comment: str,
    submit: bool,
) -> Sheet:
    """Save (or submit) the signed-in expert's sheet. Submitted sheets are frozen."""
    review = review_locked(review)
    ensure_allowed(by, "reviews.sit_review", review)
    seat = _seat_for(review, by)
    if review.status != Review.Status.PANEL_FINAL:
        raise DomainError(
            "review.scoring_closed",
            _("Sheets are filled while the panel is final and the opinion is not yet signed."),
            status=409,
        )
    today = timezone.localdate()
    if review.meeting_on is None or today < review.meeting_on:
        raise DomainError(
            "review.before_meeting",
            _("Scoring opens on the meeting day (%(date)s).")
            % {"date": review.meeting_on or _("not set")},
            status=409,
        )
    existing = Sheet.objects.select_for_update().filter(seat=seat).first()
    if existing is not None and existing.submitted_at is not None:
        raise DomainError(
            "review.sheet_frozen", _("Your sheet has been submitted and is frozen."), status=409
        )
    template = review.template
    cleaned = clean_scores(template, scores)
    valid_vetoes = {v["code"] for v in template.veto_items}
    unknown = [v for v in vetoes if v not in valid_vetoes]
    if unknown:
        raise DomainError(
            "review.veto_unknown",
            _("Unknown veto items: %(codes)s.") % {"codes": ", ".join(unknown)},
            fields={"vetoes": [_("Choose veto items from the sheet.")]},
        )
    comment = comment.strip()
    if submit and not comment:
        message = _("Write your opinion before submitting.")
        raise DomainError("review.comment_required", message, fields={"comment": [message]})
    sheet = existing or Sheet(seat=seat, template=template)
    sheet.scores = {k: str(v) for k, v in cleaned.items()}
    sheet.vetoes = sorted(set(vetoes))
    sheet.total = sum(cleaned.values(), Decimal(0)).quantize(ONE, ROUND_HALF_UP)
    sheet.comment = comment
    if submit:
        sheet.submitted_at = timezone.now()
    sheet.save()
    if submit:
        record_event(
            AuditEvent.Type.REVIEW_SHEET_SUBMITTED,
            by=by,
            audit=review.audit,
            data={
                "review": review.pk,
                "expert": seat.expert.pool_no,
                "total": str(sheet.total),
                "vetoes": sheet.vetoes,
            },
        )
    return sheet


def panel_result(review: Review) -> tuple[Decimal | None, bool, int, int]:
    """(mean of submitted totals, vetoed, sheets submitted, accepted members)."""
    members = list(review.seats.filter(status=Seat.Status.ACCEPTED))
    sheets = list(
        Sheet.objects.filter(seat__in=members, submitted_at__isnull=False).order_by("seat__rank")
    )
    if not sheets:
        return None, False, 0, len(members)
    mean = (sum((s.total for s in sheets), Decimal(0)) / len(sheets)).quantize(ONE, ROUND_HALF_UP)
    with_veto = sum(1 for s in sheets if s.vetoes)
    policy = policy_for(review.audit.region)
    vetoed = with_veto * 2 > len(members) if policy.veto_by_majority else with_veto > 0
    return mean, vetoed, len(sheets), len(members)


def outcomes_allowed(review: Review) -> list[str]:
    mean, vetoed, _done, _members = panel_result(review)
    if mean is None:
        return []
    if vetoed or mean < review.template.pass_mark:
        return [Outcome.FAIL_RECTIFY, Outcome.FAIL_REAUDIT]
    return [Outcome.PASS, Outcome.PASS_WITH_RECTIFICATION]


@transaction.atomic
def review_sign(
    *, review: Review, by: Any, outcome: str, opinion: str, rectification: str = ""
) -> Review:
    """The leader signs the panel opinion once every member has submitted; the conclusion takes
    effect on the case at once (evaluation passed, round closed, back to rectify, or re-audit)."""
    review = review_locked(review)
    ensure_allowed(by, "reviews.sit_review", review)
    seat = _seat_for(review, by)
    if not seat.is_leader:
        raise DomainError(
            "review.not_leader", _("Only the panel leader signs the opinion."), status=403
        )
    if review.status != Review.Status.PANEL_FINAL:
        raise DomainError("review.not_signable", _("This review cannot be signed now."), 409)
    mean, vetoed, done, members = panel_result(review)
    if done < members:
        raise DomainError(
            "review.sheets_missing",
            _("%(done)s of %(members)s sheets are submitted; every member must submit first.")
            % {"done": done, "members": members},
            status=409,
        )
    allowed = outcomes_allowed(review)
    if outcome not in allowed:
        message = _("With a score of %(mean)s%(veto)s the conclusion must be one of: %(allowed)s.")
        message %= {
            "mean": mean,
            "veto": _(" and a veto item") if vetoed else "",
            "allowed": ", ".join(str(Outcome(o).label) for o in allowed),
        }
        raise DomainError("review.outcome_not_allowed", message, fields={"outcome": [message]})
    opinion, rectification = opinion.strip(), rectification.strip()
    if not opinion:
        message = _("Write the panel opinion.")
        raise DomainError("review.opinion_required", message, fields={"opinion": [message]})
    needs_list = outcome in (Outcome.PASS_WITH_RECTIFICATION, Outcome.FAIL_RECTIFY)
    if needs_list and not rectification:
        message = _("List what must be rectified.")
        raise DomainError(
            "review.rectification_required", message, fields={"rectification": [message]}
        )
    today = timezone.localdate()
    policy = policy_for(review.audit.region)
    review.status = Review.Status.CONCLUDED
    review.outcome, review.opinion, review.rectification = outcome, opinion, rectification
    review.rectify_by = today + timedelta(days=policy.rectify_days) if needs_list else None
    review.mean_score, review.vetoed = mean, vetoed
    review.signed_by, review.signed_at, review.concluded_on = seat.expert, timezone.now(), today
    review.full_clean()
    review.save()
    _take_effect(review, by, today)
    opinion_store(review)
    tell(
        organisers(review),
        subject=_("Opinion signed: %(review)s — %(outcome)s")
        % {"review": review, "outcome": review.get_outcome_display()},
        link=reverse("reviews:detail", args=[review.pk]),
        key=f"review:{review.pk}:signed",
    )
    return review


def _take_effect(review: Review, by: Any, today: date) -> None:
    audit, passed = review.audit, review.outcome in Outcome.passing()
    data = {
        "review": review.pk,
        "stage": review.stage,
        "outcome": review.outcome,
        "score": str(review.mean_score),
        "vetoed": review.vetoed,
    }
    stage_step = Step.EVALUATION if review.stage == Stage.EVALUATION else Step.ACCEPTANCE
    deadline_meet(audit=audit, step=stage_step, on=today, by=by)
    if passed and review.stage == Stage.EVALUATION:
        audit_advance(
            audit=audit,
            action=Action.PASS_EVALUATION,
            by=by,
            event=AuditEvent.Type.REVIEW_SIGNED,
            authorised_on=review,
            data=data,
        )
        deadlines_schedule(audit=audit, anchor="evaluation_passed", anchor_date=today)
    elif passed:
        record_event(AuditEvent.Type.REVIEW_SIGNED, by=by, audit=audit, data=data)
        audit_close(audit=audit, accepted_on=today, by=by, authorised_on=review)
    else:
        action = (
            Action.FAIL_RECTIFY if review.outcome == Outcome.FAIL_RECTIFY else Action.FAIL_REAUDIT
        )
        event = (
            AuditEvent.Type.REVIEW_SIGNED
            if action == Action.FAIL_RECTIFY
            else AuditEvent.Type.AUDIT_FAILED
        )
        audit_advance(
            audit=audit, action=action, by=by, event=event, authorised_on=review, data=data
        )


@transaction.atomic
def review_publish(*, review: Review, by: Any) -> Review:
    """Publish a signed result on the public site and tell the enterprise and its agency."""
    review = review_locked(review)
    ensure_allowed(by, "reviews.publish_review", review)
    ensure_organiser(by, review)
    if review.status != Review.Status.CONCLUDED:
        raise DomainError(
            "review.not_concluded", _("Only a signed opinion can be published."), status=409
        )
    review.status, review.published_at = Review.Status.PUBLISHED, timezone.now()
    review.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        AuditEvent.Type.REVIEW_PUBLISHED,
        by=by,
        audit=review.audit,
        data={"review": review.pk, "outcome": review.outcome},
    )
    tell(
        audit_parties(review.audit),
        subject=_("Result of your %(stage)s: %(outcome)s")
        % {"stage": review.get_stage_display(), "outcome": review.get_outcome_display()},
        link=reverse("reviews:detail", args=[review.pk]),
        key=f"review:{review.pk}:published",
    )
    return review


def opinion_draft(review: Review) -> str:
    """A starting text for the leader, after the published evaluation letters (regulation.md
    §4.6): the result, the option counts and what follows."""
    from cleanprod.reviews.services.readiness import facts

    mean, vetoed, _done, _members = panel_result(review)
    counts = facts(review.audit)
    name = review.audit.enterprise.name if review.audit.enterprise_id else review.audit.title
    passed = mean is not None and not vetoed and mean >= review.template.pass_mark
    if review.stage == Stage.EVALUATION:
        text = _(
            "The panel reviewed the cleaner production audit report of %(name)s and its "
            "technical evidence. Panel score %(mean)s (pass mark %(mark)s)."
        )
    else:
        text = _(
            "The panel examined the implementation and results of the cleaner production audit "
            "of %(name)s on site. Panel score %(mean)s (pass mark %(mark)s)."
        )
    lines = [text % {"name": name, "mean": mean, "mark": review.template.pass_mark}]
    if counts:
        lines.append(
            _(
                "The audit produced %(no_low)s no/low-cost and %(medium_high)s medium/high-cost "
                "options; %(implemented)s are implemented."
            )
            % {k: counts.get(k, 0) for k in ("no_low", "medium_high", "implemented")}
        )
    if passed and review.stage == Stage.EVALUATION:
        lines.append(
            _(
                "The report passes technical evaluation. The enterprise shall implement the "
                "medium/high-cost options as planned and then apply for acceptance."
            )
        )
    elif passed:
        lines.append(
            _("The audit passes acceptance; the enterprise shall keep up cleaner production.")
        )
    else:
        lines.append(_("The audit does not pass; see the rectification required."))
    return "\n".join(lines)
