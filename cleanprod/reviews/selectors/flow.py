"""What a person sees of a review and may do on it: the list in their scope, the panel only
when they may know it (experts their own seat until the panel is final, enterprises the panel
once final), the candidates only for organisers, and the buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from cleanprod.audits.models import AuditDocument, AuditReport
from cleanprod.core.scoping import allowed_on
from cleanprod.experts.models import Rating
from cleanprod.reviews.models import Draw, Review, Seat, Sheet
from cleanprod.reviews.services.applications import CHECKLIST, application_blockers
from cleanprod.reviews.services.common import ORGANISE
from cleanprod.reviews.services.scoring import outcomes_allowed, panel_result

FINAL = (Review.Status.PANEL_FINAL, Review.Status.CONCLUDED, Review.Status.PUBLISHED)
SIGNED = (Review.Status.CONCLUDED, Review.Status.PUBLISHED)


def reviews_list(scope: Any, *, stage: str = "", status: str = "") -> QuerySet[Review]:
    rows = Review.objects.in_scope(scope, "reviews.view_review").select_related(
        "audit__enterprise", "audit__agency", "organiser_region"
    )
    if stage:
        rows = rows.filter(stage=stage)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-applied_at", "-pk")


def invitations(user: Any) -> QuerySet[Seat]:
    """The signed-in expert's seats, newest first."""
    return (
        Seat.objects.filter(expert__user=user)
        .select_related("review__audit__enterprise", "review__organiser_region")
        .order_by("-invited_at")
    )


@dataclass
class ReviewView:
    review: Review
    organiser: bool = False
    official: bool = False
    seat: Seat | None = None
    panel: list[Seat] = field(default_factory=list)
    panel_visible: bool = False
    candidates_visible: bool = False
    documents_visible: bool = False
    draw: Draw | None = None
    sheets: list[Sheet] = field(default_factory=list)
    my_sheet: Sheet | None = None
    mean: Any = None
    vetoed: bool = False
    submitted: int = 0
    members: int = 0
    outcomes: list[str] = field(default_factory=list)
    actions: set[str] = field(default_factory=set)
    rated: set[int] = field(default_factory=set)

    @property
    def is_member(self) -> bool:
        return self.seat is not None and self.seat.status == Seat.Status.ACCEPTED

    @property
    def is_leader(self) -> bool:
        return self.is_member and self.seat is not None and self.seat.is_leader


def review_view(review: Review, *, user: Any, scope: Any) -> ReviewView:
    view = ReviewView(review=review)
    view.organiser = allowed_on(scope, ORGANISE, review) and scope.allows(
        ORGANISE, review.organiser_region.path
    )
    view.official = allowed_on(scope, "reviews.view_review", review) and not any(
        g.party for g in scope.grants("reviews.view_review")
    )
    view.seat = review.seats.filter(expert__user=user).select_related("expert").first()
    final = review.status in FINAL
    seats = list(review.seats.select_related("expert").order_by("rank"))
    accepted = [s for s in seats if s.status == Seat.Status.ACCEPTED]
    if view.official:
        view.panel = seats
    elif view.seat is not None:
        view.panel = accepted if (view.is_member and final) else [view.seat]
    else:
        view.panel = accepted if final else []
    view.panel_visible = bool(view.panel)
    view.candidates_visible = view.official
    view.documents_visible = view.official or view.seat is None or (view.is_member and final)
    view.draw = review.draws.order_by("-id").first()
    view.mean, view.vetoed, view.submitted, view.members = panel_result(review)
    if view.official or review.status in SIGNED:
        view.sheets = list(
            Sheet.objects.filter(seat__review=review, submitted_at__isnull=False)
            .select_related("seat__expert")
            .order_by("seat__rank")
        )
    if view.is_member:
        view.my_sheet = Sheet.objects.filter(seat=view.seat).first()
    view.actions = _actions(view, scope)
    if "rate" in view.actions:
        sources = [f"review-seat:{s.pk}" for s in accepted]
        view.rated = {
            int(src.rsplit(":", 1)[1])
            for src in Rating.objects.filter(source__in=sources).values_list("source", flat=True)
        }
    if "sign" in view.actions:
        view.outcomes = outcomes_allowed(review)
    return view


def _actions(view: ReviewView, scope: Any) -> set[str]:
    review, status, actions = view.review, view.review.status, set()
    if view.organiser:
        if status == Review.Status.APPLIED:
            actions |= {"return", "draw"}
        if status in (Review.Status.DRAWING, Review.Status.PANEL_FINAL):
            actions.add("meeting")
        if status == Review.Status.PANEL_FINAL and not review.seats.filter(is_leader=True).exists():
            actions.add("leader")
        if status == Review.Status.CONCLUDED and scope.has_perm("reviews.publish_review"):
            actions.add("publish")
        if status in SIGNED:
            actions |= {"amend", "rate"}
    if view.is_member and status == Review.Status.PANEL_FINAL:
        if review.meeting_on and (view.my_sheet is None or view.my_sheet.submitted_at is None):
            actions.add("score")
        if view.is_leader and view.submitted == view.members and view.members:
            actions.add("sign")
    if view.seat is not None and view.seat.status == Seat.Status.INVITED:
        actions.add("answer")
    return actions


def application_documents(review: Review) -> list[tuple[str, AuditDocument | None]]:
    """The checklist with the filed document of each requirement, then the audit report."""
    filed = {a.requirement: a.document for a in review.attachments.select_related("document")}
    rows = [(str(r.label), filed.get(r.code)) for r in CHECKLIST[review.stage]]
    report = (
        AuditReport.objects.filter(audit=review.audit, status=AuditReport.Status.ACCEPTED)
        .select_related("document")
        .order_by("-version")
        .first()
    )
    if report is not None:
        rows.append((str(AuditDocument.Kind.REPORT.label), report.document))
    return rows


def review_document_ids(review: Review) -> set[int]:
    return {doc.pk for _label, doc in application_documents(review) if doc is not None}


def apply_state(audit: Any, stage: str) -> list[str]:
    return application_blockers(audit, stage)
