"""Shapes of /api/v1/reviews/ and /api/v1/seats/: output serializers that show a person only
what the review page shows them (the panel per `review_view`, the draw's candidates only to
organisers until publication, decline reasons only to officials), and one input serializer
per action endpoint. Input shapes carry no business rules: the services decide."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cleanprod.experts.models import Rating
from cleanprod.reviews.models import Draw, Outcome, Review, Seat, Sheet, Stage
from cleanprod.reviews.selectors.flow import ReviewView

# --- output -----------------------------------------------------------------------------------


class EnterpriseBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField()


class ReviewSerializer(serializers.ModelSerializer):
    """A review as the list shows it: no panel, no draw."""

    enterprise = serializers.SerializerMethodField()
    organiser_region = serializers.CharField(source="organiser_region.code", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "audit",
            "enterprise",
            "stage",
            "attempt",
            "status",
            "organiser_region",
            "applied_at",
            "application_note",
            "returned_reason",
            "meeting_on",
            "meeting_place",
            "documents_released_on",
            "mean_score",
            "vetoed",
            "outcome",
            "opinion",
            "rectification",
            "rectify_by",
            "signed_at",
            "concluded_on",
            "published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(EnterpriseBriefSerializer(allow_null=True))
    def get_enterprise(self, obj: Review) -> dict[str, Any] | None:
        audit = obj.audit
        if audit.enterprise_id is None:
            return None
        return {
            "id": audit.enterprise_id,
            "name": audit.enterprise.name,
            "credit_code": audit.enterprise.credit_code,
        }


class ExpertBriefSerializer(serializers.Serializer):
    pool_no = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()


class SeatSerializer(serializers.ModelSerializer):
    """A seat; `decline_reason` is blank unless the reader is an official or the expert."""

    expert = ExpertBriefSerializer(read_only=True)
    decline_reason = serializers.SerializerMethodField()

    class Meta:
        model = Seat
        fields = [
            "id",
            "review",
            "expert",
            "rank",
            "status",
            "is_leader",
            "no_conflict_declared",
            "decline_reason",
            "invited_at",
            "responded_at",
        ]
        read_only_fields = fields

    def get_decline_reason(self, obj: Seat) -> str:
        shown = self.context.get("show_reasons", False)
        user = self.context.get("user")
        own = user is not None and obj.expert.user_id == getattr(user, "pk", None)
        return obj.decline_reason if shown or own else ""


class DrawSerializer(serializers.ModelSerializer):
    class Meta:
        model = Draw
        fields = [
            "id",
            "seed",
            "algorithm",
            "candidates",
            "ranking",
            "excluded",
            "size",
            "requirements",
            "fields",
            "drawn_at",
        ]
        read_only_fields = fields


class SheetSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="seat.expert.pool_no", read_only=True)

    class Meta:
        model = Sheet
        fields = ["id", "expert", "scores", "vetoes", "total", "comment", "submitted_at"]
        read_only_fields = fields


class ReviewDetailSerializer(ReviewSerializer):
    """The review with what this reader may see of its panel, draw and sheets, and the actions
    open to them. Built from a `ReviewView` passed in the context as "view"."""

    seats = serializers.SerializerMethodField()
    draw = serializers.SerializerMethodField()
    sheets = serializers.SerializerMethodField()
    my_sheet = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "seats", "draw", "sheets", "my_sheet", "actions"]
        read_only_fields = fields

    def _view(self) -> ReviewView:
        return self.context["view"]

    def _seat_context(self) -> dict[str, Any]:
        return {"show_reasons": self._view().official, "user": self.context.get("user")}

    @extend_schema_field(SeatSerializer(many=True))
    def get_seats(self, obj: Review) -> list[dict[str, Any]]:
        return SeatSerializer(self._view().panel, many=True, context=self._seat_context()).data

    @extend_schema_field(DrawSerializer(allow_null=True))
    def get_draw(self, obj: Review) -> dict[str, Any] | None:
        view = self._view()
        if view.draw is None:
            return None
        if view.organiser or obj.status == Review.Status.PUBLISHED:
            return DrawSerializer(view.draw).data
        return None

    @extend_schema_field(SheetSerializer(many=True))
    def get_sheets(self, obj: Review) -> list[dict[str, Any]]:
        return SheetSerializer(self._view().sheets, many=True).data

    @extend_schema_field(SheetSerializer(allow_null=True))
    def get_my_sheet(self, obj: Review) -> dict[str, Any] | None:
        sheet = self._view().my_sheet
        return None if sheet is None else SheetSerializer(sheet).data

    def get_actions(self, obj: Review) -> list[str]:
        return sorted(self._view().actions)


class RatingSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.pool_no", read_only=True)

    class Meta:
        model = Rating
        fields = [
            "id",
            "expert",
            "source",
            "punctuality",
            "quality",
            "independence",
            "comment",
            "rated_at",
        ]
        read_only_fields = fields


# --- input ------------------------------------------------------------------------------------


class ReviewApplyInput(serializers.Serializer):
    """multipart/form-data: the audit, the stage, a note and one file per checklist item of
    the stage (evaluation: review_form, capacity; acceptance: review_form, accept_report,
    monitoring). Missing files are reported by the service, per field."""

    audit = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    review_form = serializers.FileField(required=False)
    capacity = serializers.FileField(required=False)
    accept_report = serializers.FileField(required=False)
    monitoring = serializers.FileField(required=False)


FILE_FIELDS = ("review_form", "capacity", "accept_report", "monitoring")


class ReviewReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ReviewMeetingInput(serializers.Serializer):
    on = serializers.DateField()
    place = serializers.CharField(max_length=120, allow_blank=True)


class ReviewSheetInput(serializers.Serializer):
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True))
    vetoes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=False)


class ReviewSignInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    opinion = serializers.CharField(allow_blank=True)
    rectification = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewAmendInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    opinion = serializers.CharField(required=False, allow_blank=True)
    rectification = serializers.CharField(required=False, allow_blank=True)


class ReviewLeaderInput(serializers.Serializer):
    seat = serializers.IntegerField()


class SeatAnswerInput(serializers.Serializer):
    accept = serializers.BooleanField()
    no_conflict = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SeatRateInput(serializers.Serializer):
    punctuality = serializers.IntegerField(min_value=1, max_value=5)
    quality = serializers.IntegerField(min_value=1, max_value=5)
    independence = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
