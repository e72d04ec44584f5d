from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from cleanprod.core.api import CursorPagination, ScopedViewSetMixin
from cleanprod.registry.api.serializers import (
    CatalogueSerializer,
    EnterpriseSerializer,
    IndustrySerializer,
    ParkSerializer,
    PermitSerializer,
)
from cleanprod.registry.filters import (
    EnterpriseFilterSet,
    IndustryFilterSet,
    ParkFilterSet,
    PermitFilterSet,
)
from cleanprod.registry.models import Enterprise, Industry, IndustryCatalogue, Park, Permit


class IndustryPagination(CursorPagination):
    ordering = "path"


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    """GB/T 4754-2017: the national standard's codes, the same for every signed-in caller."""

    queryset = Industry.objects.select_related("parent")
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    pagination_class = IndustryPagination
    lookup_field = "code"


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """Published industry catalogues (public policy, readable by every signed-in caller)."""

    queryset = (
        IndustryCatalogue.objects.published()
        .select_related("region")
        .prefetch_related("entries__industry")
    )
    serializer_class = CatalogueSerializer
    lookup_field = "slug"
    pagination_class = None


class EnterpriseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Enterprises in the caller's jurisdiction (an enterprise user: its own)."""

    queryset = Enterprise.objects.all()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region", "industry", "park")


class ParkViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Park.objects.all()
    serializer_class = ParkSerializer
    filterset_class = ParkFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")


class PermitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Permit.objects.all()
    serializer_class = PermitSerializer
    filterset_class = PermitFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("enterprise").prefetch_related("allowances")
