"""/api/v1/audits/: the scoped list and detail (with deadlines and phases), one action
endpoint per transition (each: input serializer → one service → the audit), and the timeline
at /api/v1/audits/{id}/events/."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cleanprod.agencies.models import Agency
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    Deadline,
    PhaseRecord,
    ReportComment,
    Track,
)
from cleanprod.audits.selectors.cases import audit_events, audit_list
from cleanprod.audits.services.cases import audit_disclose, audit_file_start, audit_withdraw
from cleanprod.audits.services.reports import (
    audit_accept_report,
    audit_return_report,
    audit_submit_report,
)
from cleanprod.core.api import ScopedViewSetMixin

# --- output -----------------------------------------------------------------------------------


class DeadlineSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = ["step", "due_on", "met_on", "source", "basis", "overdue"]

    def get_overdue(self, obj: Deadline) -> bool:
        return obj.is_overdue(timezone.localdate())


class PhaseSerializer(serializers.ModelSerializer):
    phase = serializers.IntegerField(read_only=True)

    class Meta:
        model = PhaseRecord
        fields = ["phase", "status", "completed_on"]


class AuditSerializer(serializers.ModelSerializer):
    enterprise = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.code")
    agency = serializers.PrimaryKeyRelatedField(read_only=True)
    round_no = serializers.IntegerField(read_only=True)
    current_phase = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "track",
            "subject",
            "mode",
            "enterprise",
            "park",
            "title",
            "region",
            "round_no",
            "status",
            "current_phase",
            "listed_on",
            "self_audit",
            "agency",
            "contract_number",
            "contract_signed_on",
            "started_on",
            "report_submitted_on",
            "closed_on",
            "withdrawn_reason",
        ]

    def get_enterprise(self, obj: Audit) -> dict[str, Any] | None:
        if obj.enterprise_id is None:
            return None
        return {
            "id": obj.enterprise_id,
            "name": obj.enterprise.name,
            "credit_code": obj.enterprise.credit_code,
        }


class AuditDetailSerializer(AuditSerializer):
    deadlines = DeadlineSerializer(many=True, read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta(AuditSerializer.Meta):
        fields = [*AuditSerializer.Meta.fields, "deadlines", "phases"]


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "type", "at", "actor", "from_status", "to_status", "comment", "data"]


# --- input ------------------------------------------------------------------------------------


class DiscloseInput(serializers.Serializer):
    content = serializers.CharField()
    channel = serializers.CharField(max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    published_on = serializers.DateField()


class FileStartInput(serializers.Serializer):
    self_audit = serializers.BooleanField(default=False)
    # the agency register is public information: any active agency may be engaged
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.active(), required=False, allow_null=True, default=None
    )
    contract_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    contract_signed_on = serializers.DateField(required=False, allow_null=True, default=None)


class SubmitReportInput(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ChapterCommentInput(serializers.Serializer):
    chapter = serializers.ChoiceField(choices=ReportComment.Chapter.choices)
    comment = serializers.CharField()


class ReturnReportInput(serializers.Serializer):
    comment = serializers.CharField()
    chapters = ChapterCommentInput(many=True, allow_empty=False)


class AcceptReportInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField()


# --- views ------------------------------------------------------------------------------------

LIST_FILTERS = [
    OpenApiParameter("status", str, enum=Audit.Status.values),
    OpenApiParameter("track", str, enum=Track.values),
    OpenApiParameter("region", str, description=_("Division code: it and all below")),
]


class AuditViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Audit cases in the caller's scope (an enterprise: its own; an agency: those it serves)."""

    queryset = Audit.objects.all()
    serializer_class = AuditSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return audit_list(
            scope=self.request.scope,  # type: ignore[attr-defined]
            today=timezone.localdate(),
            status=params.get("status", ""),
            track=params.get("track", ""),
            region=params.get("region", ""),
        )

    def get_serializer_class(self) -> Any:
        return AuditSerializer if self.action == "list" else AuditDetailSerializer

    @extend_schema(parameters=LIST_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _run(self, input_class: type[serializers.Serializer], service: Any) -> Response:
        audit = self.get_object()
        data = input_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        service(audit=audit, by=self.request.user, **data.validated_data)
        audit = Audit.objects.select_related("enterprise", "region").get(pk=audit.pk)
        return Response(AuditDetailSerializer(audit).data)

    @extend_schema(request=DiscloseInput, responses=AuditDetailSerializer)
    @action(detail=True, methods=["post"])
    def disclose(self, request: Request, pk: str) -> Response:
        return self._run(DiscloseInput, audit_disclose)

    @extend_schema(request=FileStartInput, responses=AuditDetailSerializer)
    @action(detail=True, methods=["post"], url_path="file-start")
    def file_start(self, request: Request, pk: str) -> Response:
        return self._run(FileStartInput, audit_file_start)

    @extend_schema(request=SubmitReportInput, responses=AuditDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="submit-report",
        parser_classes=[MultiPartParser, FormParser],
    )
    def submit_report(self, request: Request, pk: str) -> Response:
        return self._run(SubmitReportInput, audit_submit_report)

    @extend_schema(request=ReturnReportInput, responses=AuditDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return-report")
    def return_report(self, request: Request, pk: str) -> Response:
        def service(*, audit: Audit, by: Any, comment: str, chapters: list[dict]) -> Any:
            pairs = [(row["chapter"], row["comment"]) for row in chapters]
            return audit_return_report(audit=audit, by=by, comment=comment, chapters=pairs)

        return self._run(ReturnReportInput, service)

    @extend_schema(request=AcceptReportInput, responses=AuditDetailSerializer)
    @action(detail=True, methods=["post"], url_path="accept-report")
    def accept_report(self, request: Request, pk: str) -> Response:
        return self._run(AcceptReportInput, audit_accept_report)

    @extend_schema(request=WithdrawInput, responses=AuditDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._run(WithdrawInput, audit_withdraw)

    @extend_schema(responses=AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: str) -> Response:
        audit = self.get_object()
        events = audit_events(audit=audit, scope=request.scope)  # type: ignore[attr-defined]
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)


def register(router: Any) -> None:
    router.register("audits", AuditViewSet, basename="audit")
