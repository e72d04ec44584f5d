"""Browse the region tree inside one's jurisdiction."""

from __future__ import annotations

from typing import Any

from django.views.generic import DetailView, TemplateView

from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import (
    region_by_code,
    region_children,
    region_list,
    region_roots,
)


class RegionListView(ScopedViewMixin, TemplateView):
    template_name = "regions/region_list.html"
    required_perm = "regions.view_region"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        q = self.request.GET.get("q", "").strip()
        level = self.request.GET.get("level", "")
        results = list(region_list(scope=scope, q=q, level=level)[:200]) if q or level else []
        return super().get_context_data(
            roots=region_roots(scope=scope),
            results=results,
            q=q,
            level=level,
            levels=Region.Level.choices,
            **kwargs,
        )


class RegionDetailView(ScopedObjectMixin, DetailView):
    model = Region
    template_name = "regions/region_detail.html"
    context_object_name = "region"

    def get_object(self, queryset: Any = None) -> Region:
        return region_by_code(scope=self.request.scope, code=self.kwargs["code"])  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        region: Region = self.object
        return super().get_context_data(
            ancestors=region.ancestors(),
            children=region_children(scope=self.request.scope, region=region),  # type: ignore[attr-defined]
            **kwargs,
        )
