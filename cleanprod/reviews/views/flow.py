"""Pages of evaluation and acceptance: the list, applying, the review page with its panel,
meeting, sheets and opinion, the invitation answer, scoring, signing, and downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.audits.models import Audit, AuditDocument
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.reviews.forms import (
    AmendForm,
    ApplyForm,
    MeetingForm,
    RateForm,
    ReasonForm,
    SheetForm,
    SignForm,
)
from cleanprod.reviews.models import Review, Seat, Stage
from cleanprod.reviews.selectors.flow import (
    application_documents,
    apply_state,
    invitations,
    review_document_ids,
    review_view,
    reviews_list,
)
from cleanprod.reviews.services.aftercare import review_amend, seat_rate
from cleanprod.reviews.services.applications import review_apply, review_return_application
from cleanprod.reviews.services.draws import REASONS, review_draw, review_name_leader, seat_answer
from cleanprod.reviews.services.meetings import earliest_meeting, review_set_meeting
from cleanprod.reviews.services.scoring import (
    opinion_draft,
    review_publish,
    review_sign,
    sheet_save,
)

VIEW = "reviews.view_review"


def refused(request: HttpRequest, error: DomainError, form: Any = None) -> None:
    placed = False
    if form is not None:
        for name, problems in error.fields.items():
            target = name if name in form.fields else None
            for problem in problems:
                form.add_error(target, problem)
                placed = True
    details = [] if placed else [" ".join(map(str, m)) for m in error.fields.values() if m]
    messages.error(request, " ".join([error.message, *details]))


def _detail(review: Review) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("reviews:detail", args=[review.pk]))


class ReviewListView(ScopedViewMixin, TemplateView):
    template_name = "reviews/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        stage, status = self.request.GET.get("stage", ""), self.request.GET.get("status", "")
        return super().get_context_data(
            reviews=reviews_list(scope, stage=stage, status=status)[:300],
            seats=invitations(self.request.user)[:100],
            stage=stage,
            status=status,
            stages=Stage.choices,
            statuses=Review.Status.choices,
            **kwargs,
        )


class ApplyView(ScopedViewMixin, TemplateView):
    """The enterprise files the application with the checklist's documents."""

    template_name = "reviews/apply.html"
    required_perm = "reviews.apply_review"

    def _audit(self) -> Audit:
        if self.kwargs["stage"] not in Stage.values:
            raise Http404
        return get_in_scope_or_404(
            Audit, self.request.scope, "reviews.apply_review", pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        audit, stage = self._audit(), self.kwargs["stage"]
        kwargs.pop("pk", None)
        kwargs.pop("stage", None)
        kwargs.setdefault("form", ApplyForm(stage=stage))
        return super().get_context_data(
            audit=audit,
            stage=Stage(stage),
            blockers=apply_state(audit, stage),
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: int, stage: str) -> HttpResponse:
        audit = self._audit()
        form = ApplyForm(request.POST, request.FILES, stage=stage)
        if form.is_valid():
            files = {k: v for k, v in form.cleaned_data.items() if k != "note"}
            try:
                review = review_apply(
                    audit=audit,
                    stage=stage,
                    by=request.user,
                    files=files,
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                refused(request, error, form)
            else:
                messages.success(request, _("The application was filed with the organiser."))
                return _detail(review)
        return self.render_to_response(self.get_context_data(form=form))


class ReviewDetailView(ScopedObjectMixin, TemplateView):
    template_name = "reviews/detail.html"
    model = Review
    object_perm = VIEW

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = self.get_object()
        view = review_view(review, user=self.request.user, scope=self.request.scope)  # type: ignore[attr-defined]
        excluded = []
        if view.draw is not None and view.candidates_visible:
            excluded = [
                (e["pool_no"], REASONS.get(e["reason"], e["reason"])) for e in view.draw.excluded
            ]
        return super().get_context_data(
            review=review,
            v=view,
            documents=application_documents(review) if view.documents_visible else [],
            excluded=excluded,
            meeting_form=MeetingForm(
                initial={
                    "on": review.meeting_on or earliest_meeting(review),
                    "place": review.meeting_place,
                }
            ),
            rate_form=RateForm(),
            opinion_file=review.opinion_files.order_by("-version").first(),
            events=review.audit.events.filter(data__review=review.pk)
            .select_related("actor")
            .order_by("at", "pk"),
            **kwargs,
        )


class ActionView(ScopedObjectMixin, View):
    """POST one organiser action: return, draw, meeting, leader, publish, rate."""

    model = Review
    object_perm = VIEW

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        review = self.get_object()
        by = request.user
        try:
            if action == "return":
                form = ReasonForm(request.POST)
                review_return_application(review=review, by=by, reason=form.data.get("reason", ""))
                messages.success(request, _("The application was returned."))
            elif action == "draw":
                draw = review_draw(review=review, by=by)
                messages.success(
                    request,
                    _("Panel drawn from %(n)s eligible experts (seed %(seed)s).")
                    % {"n": len(draw.candidates), "seed": draw.seed},
                )
            elif action == "meeting":
                form = MeetingForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Give a valid date and a place."))
                    return _detail(review)
                review_set_meeting(review=review, by=by, **form.cleaned_data)
                messages.success(request, _("The meeting is set."))
            elif action == "leader":
                seat = get_object_or_404(Seat, pk=request.POST.get("seat"), review=review)
                review_name_leader(review=review, by=by, seat=seat)
                messages.success(request, _("The panel leader is named."))
            elif action == "publish":
                review_publish(review=review, by=by)
                messages.success(request, _("The result is published."))
            elif action == "rate":
                seat = get_object_or_404(Seat, pk=request.POST.get("seat"), review=review)
                form = RateForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Rate each aspect from 1 to 5."))
                    return _detail(review)
                seat_rate(seat=seat, by=by, **form.cleaned_data)
                messages.success(
                    request, _("Rating recorded for %(name)s.") % {"name": seat.expert.name}
                )
            else:
                raise Http404
        except DomainError as error:
            refused(request, error)
        return _detail(review)


class SeatView(ScopedObjectMixin, TemplateView):
    """The invited expert answers: accept with a declaration of no conflict, or decline."""

    template_name = "reviews/seat.html"
    model = Seat
    object_perm = "reviews.view_seat"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        seat = self.get_object()
        return super().get_context_data(seat=seat, review=seat.review, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        seat = self.get_object()
        accept = request.POST.get("answer") == "accept"
        try:
            seat_answer(
                seat=seat,
                by=request.user,
                accept=accept,
                no_conflict=request.POST.get("no_conflict") == "on",
                reason=request.POST.get("reason", ""),
            )
        except DomainError as error:
            refused(request, error)
            return HttpResponseRedirect(reverse("reviews:seat", args=[seat.pk]))
        messages.success(
            request, _("You accepted the invitation.") if accept else _("You declined.")
        )
        return _detail(seat.review)


class SheetView(ScopedObjectMixin, TemplateView):
    template_name = "reviews/sheet.html"
    model = Review
    object_perm = "reviews.sit_review"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = self.get_object()
        view = review_view(review, user=self.request.user, scope=self.request.scope)  # type: ignore[attr-defined]
        if not view.is_member:
            raise Http404
        if "form" not in kwargs:
            initial: dict[str, Any] = {}
            if view.my_sheet is not None:
                initial = {f"item_{k}": v for k, v in view.my_sheet.scores.items()}
                initial |= {"vetoes": view.my_sheet.vetoes, "comment": view.my_sheet.comment}
            kwargs["form"] = SheetForm(initial=initial, template=review.template)
        return super().get_context_data(review=review, v=view, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.get_object()
        form = SheetForm(request.POST, template=review.template)
        if form.is_valid():
            submit = request.POST.get("submit") == "1"
            try:
                sheet_save(
                    review=review,
                    by=request.user,
                    scores=form.scores(),
                    vetoes=form.cleaned_data["vetoes"],
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except DomainError as error:
                refused(request, error, form)
            else:
                messages.success(
                    request, _("Sheet submitted.") if submit else _("Sheet saved as a draft.")
                )
                return _detail(review)
        return self.render_to_response(self.get_context_data(form=form))


class SignView(ScopedObjectMixin, TemplateView):
    template_name = "reviews/sign.html"
    model = Review
    object_perm = "reviews.sit_review"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = self.get_object()
        view = review_view(review, user=self.request.user, scope=self.request.scope)  # type: ignore[attr-defined]
        if "sign" not in view.actions:
            raise Http404
        kwargs.setdefault(
            "form", SignForm(initial={"opinion": opinion_draft(review)}, outcomes=view.outcomes)
        )
        return super().get_context_data(review=review, v=view, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.get_object()
        view = review_view(review, user=request.user, scope=request.scope)  # type: ignore[attr-defined]
        form = SignForm(request.POST, outcomes=view.outcomes)
        if form.is_valid():
            try:
                review_sign(review=review, by=request.user, **form.cleaned_data)
            except DomainError as error:
                refused(request, error, form)
            else:
                messages.success(request, _("The opinion is signed."))
                return _detail(review)
        return self.render_to_response(self.get_context_data(form=form))


class AmendView(ScopedObjectMixin, TemplateView):
    template_name = "reviews/amend.html"
    model = Review
    object_perm = "reviews.organise_review"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = self.get_object()
        kwargs.setdefault(
            "form",
            AmendForm(
                initial={
                    "outcome": review.outcome,
                    "opinion": review.opinion,
                    "rectification": review.rectification,
                }
            ),
        )
        return super().get_context_data(review=review, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.get_object()
        form = AmendForm(request.POST)
        if form.is_valid():
            try:
                review_amend(review=review, by=request.user, **form.cleaned_data)
            except DomainError as error:
                refused(request, error, form)
            else:
                messages.success(request, _("The amendment is recorded."))
                return _detail(review)
        return self.render_to_response(self.get_context_data(form=form))


class OpinionFileView(ScopedObjectMixin, View):
    model = Review
    object_perm = VIEW

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        review = self.get_object()
        row = review.opinion_files.order_by("-version").first()
        if row is None:
            raise Http404
        return FileResponse(
            row.file.open("rb"),
            as_attachment=True,
            filename=f"opinion-{review.pk}-v{row.version}.pdf",
            content_type="application/pdf",
        )


class DocumentView(ScopedObjectMixin, View):
    """A document of the application, for whoever may see the review's documents (panel
    members only once the panel is final)."""

    model = Review
    object_perm = VIEW

    def get(self, request: HttpRequest, pk: int, document: int) -> FileResponse:
        review = self.get_object()
        view = review_view(review, user=request.user, scope=request.scope)  # type: ignore[attr-defined]
        if not view.documents_visible or document not in review_document_ids(review):
            raise Http404
        row = AuditDocument.objects.get(pk=document)
        return FileResponse(
            row.file.open("rb"),
            as_attachment=True,
            filename=row.original_name,
            content_type=row.content_type,
        )


urlpatterns = [
    path("", ReviewListView.as_view(), name="list"),
    path("apply/<int:pk>/<str:stage>/", ApplyView.as_view(), name="apply"),
    path("<int:pk>/", ReviewDetailView.as_view(), name="detail"),
    path("<int:pk>/do/<slug:action>/", ActionView.as_view(), name="action"),
    path("<int:pk>/sheet/", SheetView.as_view(), name="sheet"),
    path("<int:pk>/sign/", SignView.as_view(), name="sign"),
    path("<int:pk>/amend/", AmendView.as_view(), name="amend"),
    path("<int:pk>/opinion.pdf", OpinionFileView.as_view(), name="opinion"),
    path("<int:pk>/documents/<int:document>/", DocumentView.as_view(), name="document"),
    path("seats/<int:pk>/", SeatView.as_view(), name="seat"),
]
