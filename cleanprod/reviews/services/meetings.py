"""The review meeting: its date must leave the panel the configured number of working days with
the documents (regulation.md §4.4: "the report reaches them 3 working days before")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.audits.events import record_event
from cleanprod.audits.models import AuditEvent
from cleanprod.audits.services.recipients import audit_parties
from cleanprod.core.errors import DomainError
from cleanprod.reviews.models import Review, Seat
from cleanprod.reviews.services.common import ensure_organiser, review_locked, tell
from cleanprod.reviews.services.config import policy_for
from cleanprod.workdays.calendar import add_working_days


def earliest_meeting(review: Review, today: date | None = None) -> date:
    """The first date the meeting may take place: N working days after the documents reach the
    panel (or, while the panel is being formed, after today)."""
    lead = policy_for(review.audit.region).documents_lead_working_days
    start = review.documents_released_on or today or timezone.localdate()
    return add_working_days(start, lead)


@transaction.atomic
def review_set_meeting(*, review: Review, by: Any, on: date, place: str) -> Review:
    review = review_locked(review)
    ensure_organiser(by, review)
    if review.status not in (Review.Status.DRAWING, Review.Status.PANEL_FINAL):
        raise DomainError(
            "review.meeting_closed",
            _("A meeting can be set once the panel is drawn and until the opinion is signed."),
            status=409,
        )
    place = place.strip()
    if not place:
        message = _("Give the place of the meeting.")
        raise DomainError("review.place_required", message, fields={"place": [message]})
    earliest = earliest_meeting(review)
    if on < earliest:
        lead = policy_for(review.audit.region).documents_lead_working_days
        message = _(
            "The documents must reach the panel %(days)s working days before the meeting; the "
            "earliest date is %(date)s."
        ) % {"days": lead, "date": earliest.isoformat()}
        raise DomainError("review.meeting_too_soon", message, fields={"on": [message]})
    review.meeting_on, review.meeting_place = on, place
    review.save(update_fields=["meeting_on", "meeting_place", "updated_at"])
    record_event(
        AuditEvent.Type.REVIEW_MEETING_SET,
        by=by,
        audit=review.audit,
        data={"review": review.pk, "on": on.isoformat(), "place": place},
    )
    people = list(audit_parties(review.audit)) if review.status == Review.Status.PANEL_FINAL else []
    people += [
        s.expert.user
        for s in review.seats.filter(
            status__in=(Seat.Status.INVITED, Seat.Status.ACCEPTED)
        ).select_related("expert__user")
        if s.expert.user_id
    ]
    tell(
        people,
        subject=_("Review meeting on %(date)s at %(place)s") % {"date": on, "place": place},
        link=reverse("reviews:detail", args=[review.pk]),
        key=f"review:{review.pk}:meeting:{on.isoformat()}:{place}",
    )
    return review
