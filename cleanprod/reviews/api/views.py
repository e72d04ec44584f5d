"""/api/v1/reviews/ and /api/v1/seats/: the scoped list and detail of reviews, applying
(POST /reviews/, multipart), and one action endpoint per step, each: input serializer → one
service → the review as this reader may see it. Seats: an expert lists only their own; an
organiser reaches the seats of the reviews they organise (to record a decline, to rate)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cleanprod.audits.models import Audit
from cleanprod.core.api import ScopedViewSetMixin
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.reviews.api.serializers import (
    FILE_FIELDS,
    RatingSerializer,
    ReviewAmendInput,
    ReviewApplyInput,
    ReviewDetailSerializer,
    ReviewLeaderInput,
    ReviewMeetingInput,
    ReviewReasonInput,
    ReviewSerializer,
    ReviewSheetInput,
    ReviewSignInput,
    SeatAnswerInput,
    SeatRateInput,
    SeatSerializer,
)
from cleanprod.reviews.models import Review, Seat, Stage
from cleanprod.reviews.selectors.flow import review_view, reviews_list
from cleanprod.reviews.services.aftercare import review_amend, seat_rate
from cleanprod.reviews.services.applications import review_apply, review_return_application
from cleanprod.reviews.services.common import ORGANISE
from cleanprod.reviews.services.draws import review_draw, review_name_leader, seat_answer
from cleanprod.reviews.services.meetings import review_set_meeting
from cleanprod.reviews.services.scoring import review_publish, review_sign, sheet_save

LIST_FILTERS = [
    OpenApiParameter("stage", str, enum=Stage.values),
    OpenApiParameter("status", str, enum=Review.Status.values),
    OpenApiParameter("audit", int, description=_("Only the reviews of this audit")),
]


def detail_response(request: Request, review: Review, code: int = status.HTTP_200_OK) -> Response:
    review = Review.objects.select_related(
        "audit__enterprise", "audit__region", "organiser_region", "template"
    ).get(pk=review.pk)
    view = review_view(review, user=request.user, scope=request.scope)  # type: ignore[attr-defined]
    context = {"view": view, "user": request.user, "request": request}
    return Response(ReviewDetailSerializer(review, context=context).data, status=code)


class ReviewViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews in the caller's scope: officials their regions, an enterprise or agency its
    audits, an expert the reviews where they hold a seat."""

    queryset = Review.objects.all()
    serializer_class = ReviewSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Review]:
        params = self.request.query_params
        rows = reviews_list(
            self.request.scope,  # type: ignore[attr-defined]
            stage=params.get("stage", "") if params.get("stage") in Stage.values else "",
            status=params.get("status", "") if params.get("status") in Review.Status.values else "",
        )
        audit = params.get("audit", "")
        if audit:
            if not audit.isdigit():
                raise serializers.ValidationError({"audit": [_("Give an audit id.")]})
            rows = rows.filter(audit_id=int(audit))
        return rows.distinct()

    @extend_schema(parameters=LIST_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=ReviewDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return detail_response(request, self.get_object())

    @extend_schema(
        request={"multipart/form-data": ReviewApplyInput}, responses={201: ReviewDetailSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Apply for evaluation or acceptance of an audit in the caller's scope."""
        data = ReviewApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        audit = get_in_scope_or_404(Audit, request.scope, "view", pk=values["audit"])  # type: ignore[attr-defined]
        files = {name: values[name] for name in FILE_FIELDS if values.get(name)}
        review = review_apply(
            audit=audit, stage=values["stage"], by=request.user, files=files, note=values["note"]
        )
        return detail_response(request, review, status.HTTP_201_CREATED)

    def _run(self, input_class: type[serializers.Serializer], service: Any) -> Response:
        review = self.get_object()
        data = input_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        service(review=review, by=self.request.user, **data.validated_data)
        return detail_response(self.request, review)

    @extend_schema(request=ReviewReasonInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_application(self, request: Request, pk: str) -> Response:
        return self._run(ReviewReasonInput, review_return_application)

    @extend_schema(request=None, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def draw(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        review_draw(review=review, by=request.user)
        return detail_response(request, review)

    @extend_schema(request=ReviewMeetingInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def meeting(self, request: Request, pk: str) -> Response:
        return self._run(ReviewMeetingInput, review_set_meeting)

    @extend_schema(request=ReviewLeaderInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def leader(self, request: Request, pk: str) -> Response:
        def service(*, review: Review, by: Any, seat: int) -> Any:
            found = review.seats.filter(pk=seat).first()
            if found is None:
                message = str(_("Choose a seat of this review."))
                raise DomainError("review.seat_unknown", message, fields={"seat": [message]})
            return review_name_leader(review=review, by=by, seat=found)

        return self._run(ReviewLeaderInput, service)

    @extend_schema(request=ReviewSheetInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def sheet(self, request: Request, pk: str) -> Response:
        """Save the caller's scoring sheet; with "submit": true it is submitted and frozen."""
        return self._run(ReviewSheetInput, sheet_save)

    @extend_schema(request=ReviewSignInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        return self._run(ReviewSignInput, review_sign)

    @extend_schema(request=None, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        review_publish(review=review, by=request.user)
        return detail_response(request, review)

    @extend_schema(request=ReviewAmendInput, responses=ReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str) -> Response:
        return self._run(ReviewAmendInput, review_amend)


def seats_for(scope: Any) -> QuerySet[Seat]:
    """An expert's own seats, and every seat of the reviews the person organises."""
    own = Seat.objects.in_scope(scope, "reviews.view_seat").values("pk")
    organised = Review.objects.in_scope(scope, ORGANISE).values("pk")
    return (
        Seat.objects.filter(Q(pk__in=own) | Q(review_id__in=organised))
        .select_related("expert", "review")
        .order_by("-invited_at", "-pk")
    )


class SeatViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Panel seats: an expert's invitations, answered here; the organiser rates members."""

    queryset = Seat.objects.all()
    serializer_class = SeatSerializer

    def get_queryset(self) -> QuerySet[Seat]:
        return seats_for(self.request.scope)  # type: ignore[attr-defined]

    def get_object(self) -> Seat:
        found = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get_serializer_context(self) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        return {
            **super().get_serializer_context(),
            "user": self.request.user,
            "show_reasons": scope.has_perm(ORGANISE),
        }

    @extend_schema(request=SeatAnswerInput, responses=SeatSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """Accept (declaring no conflict) or decline with a reason; an organiser may record a
        decline for an expert who did not answer."""
        seat = self.get_object()
        data = SeatAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        seat = seat_answer(seat=seat, by=request.user, **data.validated_data)
        seat = Seat.objects.select_related("expert").get(pk=seat.pk)
        return Response(SeatSerializer(seat, context=self.get_serializer_context()).data)

    @extend_schema(request=SeatRateInput, responses={201: RatingSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str) -> Response:
        """The organiser rates a member of a signed review (1–5 each)."""
        seat = self.get_object()
        data = SeatRateInput(data=request.data)
        data.is_valid(raise_exception=True)
        rating = seat_rate(seat=seat, by=request.user, **data.validated_data)
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


def register(router: Any) -> None:
    router.register("reviews", ReviewViewSet, basename="review")
    router.register("seats", SeatViewSet, basename="seat")
