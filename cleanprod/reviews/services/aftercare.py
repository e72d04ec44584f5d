"""After the opinion: recorded amendments (a signed review is never edited in place) and the
organiser's rating of each panel member, which feeds the expert pool's rules."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.audits.events import record_event
from cleanprod.audits.models import AuditEvent
from cleanprod.core.errors import DomainError
from cleanprod.experts.models import Rating
from cleanprod.experts.services import expert_rate
from cleanprod.reviews.models import Amendment, Outcome, Review, Seat
from cleanprod.reviews.opinion_pdf import opinion_store
from cleanprod.reviews.services.common import ensure_organiser, review_locked

SIGNED = (Review.Status.CONCLUDED, Review.Status.PUBLISHED)
# a pass may become a pass with rectification and back; crossing pass/fail needs a new review
AMENDABLE = {
    Outcome.PASS: {Outcome.PASS, Outcome.PASS_WITH_RECTIFICATION},
    Outcome.PASS_WITH_RECTIFICATION: {Outcome.PASS, Outcome.PASS_WITH_RECTIFICATION},
    Outcome.FAIL_RECTIFY: {Outcome.FAIL_RECTIFY},
    Outcome.FAIL_REAUDIT: {Outcome.FAIL_REAUDIT},
}


@transaction.atomic
def review_amend(
    *,
    review: Review,
    by: Any,
    reason: str,
    outcome: str | None = None,
    opinion: str | None = None,
    rectification: str | None = None,
) -> Amendment:
    """Record an amendment of a signed review with its reason; the opinion PDF gets a new
    version. Scores never change; the conclusion may move only within pass or within fail."""
    review = review_locked(review)
    ensure_organiser(by, review)
    if review.status not in SIGNED:
        raise DomainError(
            "review.not_signed", _("Only a signed review can be amended."), status=409
        )
    reason = reason.strip()
    if not reason:
        message = _("Give the reason for the amendment.")
        raise DomainError("review.reason_required", message, fields={"reason": [message]})
    changes: dict[str, dict[str, str]] = {}
    if outcome is not None and outcome != review.outcome:
        if outcome not in AMENDABLE[Outcome(review.outcome)]:
            message = _("A conclusion cannot change between pass and fail by amendment.")
            raise DomainError("review.amend_outcome", message, fields={"outcome": [message]})
        changes["outcome"] = {"from": review.outcome, "to": outcome}
        review.outcome = outcome
    for name, value in (("opinion", opinion), ("rectification", rectification)):
        if value is not None and value.strip() != getattr(review, name):
            changes[name] = {"from": getattr(review, name), "to": value.strip()}
            setattr(review, name, value.strip())
    if review.outcome == Outcome.PASS_WITH_RECTIFICATION and not review.rectification:
        message = _("List what must be rectified.")
        raise DomainError(
            "review.rectification_required", message, fields={"rectification": [message]}
        )
    if not changes:
        raise DomainError("review.nothing_changed", _("The amendment changes nothing."))
    review.full_clean()
    review.save()
    amendment = Amendment.objects.create(review=review, reason=reason, changes=changes, by=by)
    record_event(
        AuditEvent.Type.REVIEW_AMENDED,
        by=by,
        audit=review.audit,
        comment=reason,
        data={"review": review.pk, "amendment": amendment.pk, "fields": sorted(changes)},
    )
    opinion_store(review)
    return amendment


@transaction.atomic
def seat_rate(
    *,
    seat: Seat,
    by: Any,
    punctuality: int,
    quality: int,
    independence: int,
    comment: str = "",
) -> Rating:
    """The organiser rates a member after the opinion is signed; the pool's rules may warn,
    suspend or remove the expert as a result."""
    review = review_locked(seat.review)
    ensure_organiser(by, review)
    if review.status not in SIGNED:
        raise DomainError(
            "review.not_signed", _("Members are rated after the opinion is signed."), status=409
        )
    if seat.status != Seat.Status.ACCEPTED:
        raise DomainError("review.not_member", _("Only panel members are rated."))
    rating = expert_rate(
        expert=seat.expert,
        source=f"review-seat:{seat.pk}",
        label=str(review),
        punctuality=punctuality,
        quality=quality,
        independence=independence,
        comment=comment,
        by=by,
    )
    record_event(
        AuditEvent.Type.REVIEW_EXPERT_RATED,
        by=by,
        audit=review.audit,
        data={"review": review.pk, "expert": seat.expert.pool_no, "rating": rating.pk},
    )
    return rating
