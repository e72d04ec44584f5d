"""/api/v1/lists/: mandatory lists, scoped; transitions are action endpoints, each with an
input serializer calling one service and returning the list."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cleanprod.audits.models import (
    ListAmendment,
    ListDeadline,
    ListEntry,
    MandatoryList,
    Step,
    Trigger,
)
from cleanprod.audits.selectors.lists import (
    enterprise_for_list_or_refuse,
    list_entries,
    list_queryset,
)
from cleanprod.audits.services.list_publishing import list_amend, list_publish
from cleanprod.audits.services.lists import (
    list_approve,
    list_create,
    list_deadlines_set,
    list_entry_add,
    list_entry_drop,
    list_entry_restore,
    list_return,
    list_screen,
    list_submit,
)
from cleanprod.core.api import ScopedViewSetMixin
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region

# --- output ------------------------------------------------------------------------------


class ListEntrySerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    credit_code = serializers.CharField(source="enterprise.credit_code", read_only=True)
    county = serializers.CharField(source="enterprise.region.code", read_only=True)
    triggers = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ListEntry
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "credit_code",
            "county",
            "triggers",
            "lead_department",
            "reason_text",
            "origin",
            "included",
            "decision_reason",
            "removed",
        ]


class ListDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListDeadline
        fields = ["step", "due_on"]


class ListAmendmentSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="entry.enterprise_id", read_only=True)

    class Meta:
        model = ListAmendment
        fields = ["id", "kind", "enterprise", "reason", "doc_number", "effective_on", "at"]


class MandatoryListSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    # declared, so the schema is the same on SQLite and PostgreSQL (small-integer ranges differ)
    year = serializers.IntegerField(read_only=True)
    batch = serializers.IntegerField(read_only=True)
    listed = serializers.IntegerField(read_only=True, default=None)
    fixed_deadlines = ListDeadlineSerializer(many=True, read_only=True)

    class Meta:
        model = MandatoryList
        fields = [
            "id",
            "region",
            "year",
            "batch",
            "title",
            "status",
            "origin",
            "issuing_authorities",
            "doc_number",
            "published_on",
            "published_at",
            "submitted_at",
            "approved_at",
            "note",
            "listed",
            "fixed_deadlines",
        ]
        read_only_fields = fields


class MandatoryListDetailSerializer(MandatoryListSerializer):
    entries = serializers.SerializerMethodField()
    amendments = ListAmendmentSerializer(many=True, read_only=True)

    class Meta(MandatoryListSerializer.Meta):
        fields = [*MandatoryListSerializer.Meta.fields, "entries", "amendments"]
        read_only_fields = fields

    def get_entries(self, obj: MandatoryList) -> list[dict[str, Any]]:
        return ListEntrySerializer(list_entries(mandatory_list=obj), many=True).data  # type: ignore[return-value]


# --- input -------------------------------------------------------------------------------


class ListCreateInput(serializers.Serializer):
    region = serializers.CharField(max_length=6, help_text="Division code of the list's region.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    batch = serializers.IntegerField(min_value=1, max_value=99, default=1)
    title = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EnterpriseInput(serializers.Serializer):
    credit_code = serializers.CharField(max_length=30)


class AddEntryInput(EnterpriseInput):
    triggers = serializers.ListField(child=serializers.ChoiceField(Trigger.choices))
    reason = serializers.CharField()
    reason_text = serializers.CharField(required=False, allow_blank=True, default="")


class EntryDecisionInput(serializers.Serializer):
    entry = serializers.IntegerField()
    reason = serializers.CharField()


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnInput(serializers.Serializer):
    comment = serializers.CharField()


class DeadlinesInput(serializers.Serializer):
    dates = serializers.DictField(
        child=serializers.DateField(allow_null=True),
        help_text="step → date (null: back to the region's rule); steps: " + ", ".join(Step.values),
    )


class PublishInput(serializers.Serializer):
    doc_number = serializers.CharField(max_length=80)
    issuing_authorities = serializers.CharField(max_length=200)
    published_on = serializers.DateField()


class AmendInput(EnterpriseInput):
    kind = serializers.ChoiceField(ListAmendment.Kind.choices)
    reason = serializers.CharField()
    doc_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    effective_on = serializers.DateField()
    triggers = serializers.ListField(
        child=serializers.ChoiceField(Trigger.choices), required=False, default=list
    )


# --- views -------------------------------------------------------------------------------


class MandatoryListViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Mandatory audit lists of the caller's jurisdiction; filters `year`, `status`, `region`."""

    queryset = MandatoryList.objects.all()
    serializer_class = MandatoryListSerializer

    def get_queryset(self) -> Any:
        return list_queryset(
            scope=self.request.scope,  # type: ignore[attr-defined]
            filters=self.request.query_params,
        ).prefetch_related("fixed_deadlines")

    def get_serializer_class(self) -> Any:
        return MandatoryListDetailSerializer if self.action != "list" else MandatoryListSerializer

    def _done(self, mandatory_list: MandatoryList, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            MandatoryList.objects.filter(pk=mandatory_list.pk)
            .annotate(
                listed=Count("entries", filter=Q(entries__included=True, entries__removed=False))
            )
            .select_related("region")
            .get()
        )
        return Response(MandatoryListDetailSerializer(fresh).data, status=code)

    def _input(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _enterprise(self, mandatory_list: MandatoryList, code: str) -> Any:
        return enterprise_for_list_or_refuse(
            mandatory_list=mandatory_list,
            scope=self.request.scope,  # type: ignore[attr-defined]
            credit_code=code,
        )

    @extend_schema(request=ListCreateInput, responses={201: MandatoryListDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(ListCreateInput)
        code = data.pop("region")
        scope = request.scope  # type: ignore[attr-defined]
        region = Region.objects.current().in_scope(scope, "view").filter(code=code).first()
        if region is None:
            raise DomainError(
                "list.region_unknown",
                _("No region %(code)s in your jurisdiction.") % {"code": code},
                fields={"region": [_("Unknown region.")]},
            )
        return self._done(
            list_create(region=region, by=request.user, **data), status.HTTP_201_CREATED
        )

    @extend_schema(responses=ListEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def entries(self, request: Request, pk: str) -> Response:
        mandatory_list = self.get_object()
        return Response(
            ListEntrySerializer(list_entries(mandatory_list=mandatory_list), many=True).data
        )

    @extend_schema(request=None, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"])
    def screen(self, request: Request, pk: str) -> Response:
        result = list_screen(mandatory_list=self.get_object(), by=request.user)
        return self._done(result.mandatory_list)

    @extend_schema(request=AddEntryInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"], url_path="add-entry")
    def add_entry(self, request: Request, pk: str) -> Response:
        mandatory_list = self.get_object()
        data = self._input(AddEntryInput)
        enterprise = self._enterprise(mandatory_list, data.pop("credit_code"))
        list_entry_add(
            mandatory_list=mandatory_list, enterprise=enterprise, by=request.user, **data
        )
        return self._done(mandatory_list)

    def _entry(self, mandatory_list: MandatoryList, pk: int) -> ListEntry:
        entry = mandatory_list.entries.filter(pk=pk).first()
        if entry is None:
            raise Http404
        return entry

    @extend_schema(request=EntryDecisionInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"], url_path="drop-entry")
    def drop_entry(self, request: Request, pk: str) -> Response:
        mandatory_list = self.get_object()
        data = self._input(EntryDecisionInput)
        entry = self._entry(mandatory_list, data["entry"])
        list_entry_drop(entry=entry, reason=data["reason"], by=request.user)
        return self._done(mandatory_list)

    @extend_schema(request=EntryDecisionInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"], url_path="restore-entry")
    def restore_entry(self, request: Request, pk: str) -> Response:
        mandatory_list = self.get_object()
        data = self._input(EntryDecisionInput)
        entry = self._entry(mandatory_list, data["entry"])
        list_entry_restore(entry=entry, reason=data["reason"], by=request.user)
        return self._done(mandatory_list)

    @extend_schema(request=DeadlinesInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"], url_path="set-deadlines")
    def set_deadlines(self, request: Request, pk: str) -> Response:
        mandatory_list = self.get_object()
        data = self._input(DeadlinesInput)
        list_deadlines_set(mandatory_list=mandatory_list, dates=data["dates"], by=request.user)
        return self._done(mandatory_list)

    @extend_schema(request=CommentInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        data = self._input(CommentInput)
        return self._done(list_submit(mandatory_list=self.get_object(), by=request.user, **data))

    @extend_schema(request=ReturnInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        data = self._input(ReturnInput)
        return self._done(list_return(mandatory_list=self.get_object(), by=request.user, **data))

    @extend_schema(request=CommentInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = self._input(CommentInput)
        return self._done(list_approve(mandatory_list=self.get_object(), by=request.user, **data))

    @extend_schema(request=PublishInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        data = self._input(PublishInput)
        return self._done(list_publish(mandatory_list=self.get_object(), by=request.user, **data))

    @extend_schema(request=AmendInput, responses=MandatoryListDetailSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str) -> Response:
        mandatory_list = self.get_object()
        data = self._input(AmendInput)
        enterprise = self._enterprise(mandatory_list, data.pop("credit_code"))
        list_amend(mandatory_list=mandatory_list, enterprise=enterprise, by=request.user, **data)
        return self._done(mandatory_list)


def register(router: Any) -> None:
    router.register("lists", MandatoryListViewSet, basename="mandatorylist")
