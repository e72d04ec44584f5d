"""The audit administrator's view of the security trail: filter, page, export."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from cleanprod.core.views import ScopedViewMixin
from cleanprod.trail.excel import trail_workbook
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.selectors import EXPORT, VIEW, trail_list, trail_page, trail_rows
from cleanprod.trail.services import trail_record


class TrailListView(ScopedViewMixin, TemplateView):
    template_name = "trail/trail_list.html"
    required_perm = VIEW
    page_size = 100

    def get_template_names(self) -> list[str]:
        # htmx filter and paging requests swap only the results
        return ["trail/_events.html"] if self.request.htmx else [self.template_name]  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        filterset, events = trail_list(scope=request.scope, filters=request.GET)  # type: ignore[attr-defined]
        before = request.GET.get("before", "")
        rows, next_before = trail_page(
            events, before=int(before) if before.isdigit() else None, size=self.page_size
        )
        query = request.GET.copy()
        query.pop("before", None)
        return super().get_context_data(
            filter=filterset,
            events=rows,
            next_before=next_before,
            query=query.urlencode(),
            can_export=request.scope.has_perm(EXPORT),  # type: ignore[attr-defined]
            **kwargs,
        )


class TrailExportView(ScopedViewMixin, View):
    """The filtered trail as xlsx; the export itself is recorded in the trail."""

    required_perm = EXPORT

    def get(self, request: HttpRequest) -> FileResponse:
        _filterset, events = trail_list(scope=request.scope, filters=request.GET, perm=EXPORT)  # type: ignore[attr-defined]
        with transaction.atomic():
            trail_record(
                TrailEvent.Action.EXPORT,
                by=request.user,
                details={"what": "trail", "filters": request.GET.dict()},
            )
        out = trail_workbook(trail_rows(events))
        name = f"trail-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
        return FileResponse(out, as_attachment=True, filename=name)
