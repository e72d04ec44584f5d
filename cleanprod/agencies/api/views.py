"""/api/v1/agencies/ (the scoped register, with /{id}/staff/) and /api/v1/agency-filings/
(submit with POST; approve, return and revoke as action endpoints)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cleanprod.agencies.api.serializers import (
    AgencyFilingSerializer,
    AgencySerializer,
    AgencyStaffSerializer,
    DecisionInput,
    FilingInput,
    StaffInput,
)
from cleanprod.agencies.models import Agency, AgencyFiling
from cleanprod.agencies.selectors import agency_filing_list, agency_list, agency_staff_list
from cleanprod.agencies.services import (
    FILING_SUBMIT_PERM,
    agency_filing_approve,
    agency_filing_return,
    agency_filing_revoke,
    agency_filing_submit,
    agency_staff_add,
)
from cleanprod.core.api import ScopedViewSetMixin
from cleanprod.core.scoping import get_in_scope_or_404

LIST_FILTERS = [
    OpenApiParameter("filing_status", str, enum=Agency.FilingStatus.values),
    OpenApiParameter("division", str, description=_("GB/T 4754 division in the approved scope")),
    OpenApiParameter("region", str, description=_("Division code: it and all below")),
]


class AgencyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Consulting agencies in the caller's scope (agency staff: their own agency)."""

    queryset = Agency.objects.all()
    serializer_class = AgencySerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return agency_list(
            scope=self.request.scope,  # type: ignore[attr-defined]
            today=timezone.localdate(),
            filters={k: params.get(k, "") for k in ("filing_status", "division", "region")},
        ).prefetch_related("industry_scope")

    @extend_schema(parameters=LIST_FILTERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(methods=["GET"], responses=AgencyStaffSerializer(many=True))
    @extend_schema(methods=["POST"], request=StaffInput, responses=AgencyStaffSerializer)
    @action(detail=True, methods=["get", "post"])
    def staff(self, request: Request, pk: str) -> Response:
        agency = self.get_object()
        if request.method == "POST":
            data = StaffInput(data=request.data)
            data.is_valid(raise_exception=True)
            staff = agency_staff_add(agency=agency, by=request.user, **data.validated_data)
            return Response(AgencyStaffSerializer(staff).data, status=status.HTTP_201_CREATED)
        rows = agency_staff_list(agency=agency, scope=request.scope)  # type: ignore[attr-defined]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AgencyStaffSerializer(page, many=True).data)


class AgencyFilingViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Filings in the caller's scope. POST submits one (agency staff, multipart for documents);
    the provincial official approves, returns or revokes it."""

    queryset = AgencyFiling.objects.all()
    serializer_class = AgencyFilingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return agency_filing_list(
            scope=self.request.scope,  # type: ignore[attr-defined]
            status=self.request.query_params.get("status", ""),
        )

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=AgencyFiling.Status.values)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=FilingInput, responses=AgencyFilingSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = FilingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = get_in_scope_or_404(
            Agency,
            request.scope,  # type: ignore[attr-defined]
            FILING_SUBMIT_PERM,
            pk=values.pop("agency"),
        )
        files = values.pop("documents")
        filing = agency_filing_submit(
            agency=agency,
            by=request.user,
            documents=[(f.name, f) for f in files],
            **values,
        )
        return Response(self._out(filing), status=status.HTTP_201_CREATED)

    def _out(self, filing: AgencyFiling) -> Any:
        fresh = agency_filing_list(scope=self.request.scope).get(pk=filing.pk)  # type: ignore[attr-defined]
        return AgencyFilingSerializer(fresh).data

    def _decide(self, service: Any) -> Response:
        filing = self.get_object()
        data = DecisionInput(data=self.request.data)
        data.is_valid(raise_exception=True)
        filing = service(filing=filing, by=self.request.user, **data.validated_data)
        return Response(self._out(filing))

    @extend_schema(request=DecisionInput, responses=AgencyFilingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._decide(agency_filing_approve)

    @extend_schema(request=DecisionInput, responses=AgencyFilingSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        return self._decide(agency_filing_return)

    @extend_schema(request=DecisionInput, responses=AgencyFilingSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        return self._decide(agency_filing_revoke)
