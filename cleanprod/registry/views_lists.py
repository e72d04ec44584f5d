"""The park and permit lists (the enterprise list is in views.py)."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from cleanprod.core.paging import keyset_page
from cleanprod.core.views import ScopedViewMixin
from cleanprod.registry.selectors import park_queryset, permit_queryset


class _RegistryListView(ScopedViewMixin, TemplateView):
    kind = ""
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        scope = request.scope  # type: ignore[attr-defined]
        filterset, qs = self.queryset(scope, request.GET)
        page = keyset_page(
            qs, ordering=("-id",), cursor=request.GET.get("cursor"), size=self.page_size
        )
        query = request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            filter=filterset,
            page=page,
            query=query.urlencode(),
            kind=self.kind,
            can_import=scope.has_perm("registry.import_registry"),
            can_export=scope.has_perm("registry.export_registry"),
            **kwargs,
        )

    def queryset(self, scope: Any, filters: Any) -> Any:
        raise NotImplementedError


class ParkListView(_RegistryListView):
    template_name = "registry/park_list.html"
    required_perm = "registry.view_park"
    kind = "parks"

    def queryset(self, scope: Any, filters: Any) -> tuple[Any, Any]:
        return park_queryset(scope=scope, filters=filters)


class PermitListView(_RegistryListView):
    template_name = "registry/permit_list.html"
    required_perm = "registry.view_permit"
    kind = "permits"

    def queryset(self, scope: Any, filters: Any) -> tuple[Any, Any]:
        return permit_queryset(scope=scope, filters=filters)
