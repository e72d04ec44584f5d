"""Public pages: no sign-in; published information only, read through portal.selectors."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.views import View
from django.views.generic import TemplateView

from cleanprod.audits.excel import official_response
from cleanprod.audits.models import MandatoryList
from cleanprod.portal.selectors import (
    public_subtitle,
    published_amendments_public,
    published_entries_public,
    published_list_public,
    published_lists_public,
)


def _published(pk: int) -> MandatoryList:
    found = published_list_public(pk)
    if found is None:
        raise Http404
    return found


class PublicListIndexView(TemplateView):
    """The published mandatory audit lists."""

    template_name = "portal/lists.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(lists=published_lists_public()[:500], **kwargs)


class PublicListDetailView(TemplateView):
    """One published list: its enterprises and its amendments."""

    template_name = "portal/list_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        mandatory_list = _published(self.kwargs["pk"])
        return super().get_context_data(
            mandatory_list=mandatory_list,
            subtitle=public_subtitle(mandatory_list),
            rows=list(published_entries_public(mandatory_list)),
            amendments=published_amendments_public(mandatory_list),
            **kwargs,
        )


class PublicListExportView(View):
    """A published list as xlsx in the official layout."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        mandatory_list = _published(pk)
        return official_response(
            title=mandatory_list.title,
            subtitle=public_subtitle(mandatory_list),
            rows=published_entries_public(mandatory_list),
            filename=f"list-{mandatory_list.year}-{mandatory_list.batch}-{mandatory_list.pk}.xlsx",
        )
