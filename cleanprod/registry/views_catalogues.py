"""Industry catalogues: everyone reads the published ones; a provincial authority keeps its own
catalogues as versioned drafts (add or remove codes, publish, start a new version)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import allowed_on
from cleanprod.core.views import ScopedViewMixin
from cleanprod.regions.models import Region
from cleanprod.registry.models import CatalogueEntry, IndustryCatalogue
from cleanprod.registry.services.industries import (
    catalogue_create,
    catalogue_entry_add,
    catalogue_entry_remove,
    catalogue_new_version,
    catalogue_publish,
)

CHANGE = "registry.change_industrycatalogue"


def catalogues_visible(scope: Any) -> Any:
    """Published catalogues for everyone; every version of those the person keeps."""
    mine = IndustryCatalogue.objects.in_scope(scope, CHANGE).values("pk")
    return IndustryCatalogue.objects.filter(
        Q(status=IndustryCatalogue.Status.PUBLISHED) | Q(pk__in=mine)
    ).select_related("region")


class CatalogueListView(ScopedViewMixin, TemplateView):
    template_name = "registry/catalogue_list.html"
    required_perm = "registry.view_industrycatalogue"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        tops = [g.path for g in scope.grants("registry.add_industrycatalogue")]
        return super().get_context_data(
            catalogues=catalogues_visible(scope).order_by("region__path", "slug", "-version"),
            create_regions=Region.objects.filter(path__in=tops).order_by("path"),
            **kwargs,
        )


class CatalogueDetailView(ScopedViewMixin, TemplateView):
    template_name = "registry/catalogue_detail.html"
    required_perm = "registry.view_industrycatalogue"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        catalogue = get_object_or_404(catalogues_visible(scope), pk=self.kwargs["pk"])
        return super().get_context_data(
            catalogue=catalogue,
            entries=catalogue.entries.select_related("industry").order_by("tag", "industry__path"),
            can_change=allowed_on(scope, CHANGE, catalogue),
            **kwargs,
        )


class CatalogueActionView(ScopedViewMixin, View):
    """POST actions: create, new version, publish, add a code, remove a code."""

    required_perm = CHANGE

    def post(
        self, request: HttpRequest, pk: int | None = None, action: str = "create"
    ) -> HttpResponse:
        scope = request.scope  # type: ignore[attr-defined]
        target = None
        if pk is not None:
            target = catalogues_visible(scope).filter(pk=pk).first()
            if target is None:
                raise Http404
        try:
            target = self._act(request, action, target) or target
        except DomainError as refused:
            messages.error(request, refused.message)
        if target is None:
            return HttpResponseRedirect(reverse("registry:catalogues"))
        return HttpResponseRedirect(reverse("registry:catalogue", args=[target.pk]))

    def _act(
        self, request: HttpRequest, action: str, catalogue: IndustryCatalogue | None
    ) -> IndustryCatalogue | None:
        by, data = request.user, request.POST
        if action == "create":
            region = get_object_or_404(Region.objects.current(), code=data.get("region", ""))
            created = catalogue_create(
                slug=data.get("slug", "").strip(),
                name=data.get("name", "").strip(),
                region=region,
                by=by,
            )
            messages.success(request, _("Draft catalogue created."))
            return created
        if catalogue is None:
            raise Http404
        if action == "new-version":
            return catalogue_new_version(catalogue=catalogue, by=by)
        if action == "publish":
            catalogue_publish(catalogue=catalogue, by=by)
            messages.success(request, _("Published; the previous version is retired."))
        elif action == "add":
            catalogue_entry_add(
                catalogue=catalogue, code=data.get("code", ""), tag=data.get("tag", ""), by=by
            )
        elif action == "remove":
            entry = get_object_or_404(CatalogueEntry, pk=data.get("entry"), catalogue=catalogue)
            catalogue_entry_remove(entry=entry, by=by)
        else:
            raise Http404
        return None
