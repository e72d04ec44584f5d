"""Pages of the legal clock: the overdue board of a jurisdiction (with a due-soon tab and an
xlsx export). This module also gathers the routes of the other clock-side pages (regional
configuration, park and cluster audits), so `audits/urls.py` needs one line for all of them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import FileResponse, HttpRequest, QueryDict
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.audits.models import Step, Track
from cleanprod.audits.selectors.clock import (
    BOARD_LEVELS,
    CITY,
    COUNTY,
    PERM,
    PROVINCE,
    BoardRow,
    board_counties,
    due_soon_board,
    overdue_board,
)
from cleanprod.audits.views import config_pages, parks
from cleanprod.core.excel import Column, ColumnSpec, export_response
from cleanprod.core.views import ScopedViewMixin
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

STAGES = ((COUNTY, _("County")), (CITY, _("City")), (PROVINCE, _("Province")))

BOARD_SPEC = ColumnSpec(
    title=_("Overdue audit deadlines"),
    columns=[
        Column("subject", _("Enterprise, park or cluster"), width=30),
        Column("credit_code", _("Unified social credit code"), "code", width=22),
        Column("region", _("Region")),
        Column("track", _("Track"), "choice", choices=Track.choices),
        Column("step", _("Step"), "choice", choices=Step.choices, width=20),
        Column("due_on", _("Due on"), "date"),
        Column("days_overdue", _("Days overdue"), "int"),
        Column("stage", _("Reached"), "choice", choices=STAGES),
        Column("alerts", _("Alerts sent"), "int"),
    ],
)


def _board(request: HttpRequest, params: QueryDict) -> tuple[str, list[BoardRow]]:
    scope = request.scope  # type: ignore[attr-defined]
    today = timezone.localdate()
    step, county = params.get("step", ""), params.get("county", "")
    if params.get("tab") == "soon":
        return "soon", due_soon_board(scope=scope, today=today, step=step, county=county)
    level = params.get("level") or None
    return "overdue", overdue_board(scope=scope, today=today, level=level, step=step, county=county)


class OverdueBoardView(ScopedViewMixin, TemplateView):
    """Unmet deadlines past due (or due soon) in the person's jurisdiction."""

    required_perm = PERM

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["audits/clock/_board_rows.html"]
        return ["audits/clock/board.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tab, rows = _board(self.request, self.request.GET)
        return super().get_context_data(
            tab=tab,
            rows=rows,
            steps=Step.choices,
            levels=[(v, label) for v, label in STAGES if v in BOARD_LEVELS],
            counties=board_counties(scope=self.request.scope),  # type: ignore[attr-defined]
            chosen=self.request.GET,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class OverdueExportView(ScopedViewMixin, View):
    """The board as shown (same filters, same scope) as xlsx; the export is recorded."""

    required_perm = PERM

    def get(self, request: HttpRequest) -> FileResponse:
        tab, rows = _board(request, request.GET)
        with transaction.atomic():
            trail_record(
                TrailEvent.Action.EXPORT,
                by=request.user,
                details={"what": f"audits.{tab}", "filters": request.GET.dict()},
            )
        return export_response(BOARD_SPEC, (r.as_export() for r in rows), f"{tab}.xlsx")


urlpatterns = [
    path("overdue/", OverdueBoardView.as_view(), name="overdue"),
    path("overdue/export/", OverdueExportView.as_view(), name="overdue_export"),
    *config_pages.urlpatterns,
    *parks.urlpatterns,
]
