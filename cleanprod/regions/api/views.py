from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from cleanprod.core.api import CursorPagination, ScopedViewSetMixin
from cleanprod.regions.api.serializers import RegionSerializer
from cleanprod.regions.filters import RegionFilterSet
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import region_by_code


class RegionPagination(CursorPagination):
    ordering = "path"


class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Administrative regions inside the caller's jurisdiction, looked up by division code."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    pagination_class = RegionPagination
    lookup_field = "code"
    lookup_value_regex = r"\d{6}"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("parent", "superseded_by")

    def get_object(self) -> Region:
        return region_by_code(scope=self.request.scope, code=self.kwargs["code"])  # type: ignore[attr-defined]
