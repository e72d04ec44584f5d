"""The organiser's statistics page (issue 5, point 6): per expert and per agency, for a year or
all years, with xlsx exports of either table. `urlpatterns` is included by reviews/urls.py."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.core.excel import Column, ColumnSpec, export_response
from cleanprod.core.views import ScopedViewMixin
from cleanprod.experts.models import Expert
from cleanprod.reviews.selectors.scorecards import Grade
from cleanprod.reviews.selectors.statistics import ORGANISE, agency_statistics, expert_statistics
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

FIRST_YEAR = 2015

EXPERT_SPEC = ColumnSpec(
    title=_("Experts"),
    columns=[
        Column("pool_no", _("Pool number"), "code"),
        Column("name", _("Name")),
        Column("title", _("Professional title"), width=16),
        Column("employer", _("Employer"), width=30),
        Column("status", _("Status"), "choice", choices=Expert.Status.choices),
        Column("invited", _("Invitations"), "int"),
        Column("reviews_sat", _("Reviews sat"), "int"),
        Column("declined", _("Invitations declined"), "int"),
        Column("mean_total_given", _("Mean total given"), "decimal"),
        Column("mean_rating", _("Mean rating received"), "decimal"),
    ],
)
AGENCY_SPEC = ColumnSpec(
    title=_("Agency scorecards"),
    columns=[
        Column("agency", _("Agency"), width=30),
        Column("credit_code", _("Unified social credit code"), "code", width=22),
        Column("year", _("Year"), "int"),
        Column("grade", _("Grade"), "choice", choices=Grade.choices),
        Column("audits_served", _("Audits served"), "int"),
        Column("enterprises_served", _("Enterprises served"), "int"),
        Column("evaluations_concluded", _("Evaluations concluded"), "int"),
        Column("evaluation_first_pass_rate", _("First-pass rate at evaluation (%)"), "decimal"),
        Column("acceptances_concluded", _("Acceptances concluded"), "int"),
        Column("acceptance_first_pass_rate", _("First-pass rate at acceptance (%)"), "decimal"),
        Column("rework_rounds", _("Rework rounds"), "int"),
        Column("mean_score", _("Mean panel score"), "decimal"),
        Column("failures", _("Failed reviews"), "int"),
    ],
)


def chosen_year(request: HttpRequest) -> int | None:
    """?year=2026 (default: this year); ?year=all: every year. Anything else is a 404."""
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    if not raw:
        return timezone.localdate().year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= timezone.localdate().year + 1:
        raise Http404
    return int(raw)


def year_choices() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


class StatsView(ScopedViewMixin, TemplateView):
    """Per-expert and per-agency statistics of the reviews the person organises."""

    required_perm = ORGANISE
    template_name = "reviews/stats/stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope, year = self.request.scope, chosen_year(self.request)  # type: ignore[attr-defined]
        return super().get_context_data(
            year=year,
            years=year_choices(),
            experts=expert_statistics(scope=scope, year=year),
            agencies=agency_statistics(scope=scope, year=year),
            **kwargs,
        )


class StatsExportView(ScopedViewMixin, View):
    """One table of the page (?what=experts or agencies), same scope and year; recorded."""

    required_perm = ORGANISE

    def get(self, request: HttpRequest) -> FileResponse:
        scope, year = request.scope, chosen_year(request)  # type: ignore[attr-defined]
        what = request.GET.get("what", "experts")
        if what not in ("experts", "agencies"):
            raise Http404
        with transaction.atomic():
            trail_record(
                TrailEvent.Action.EXPORT,
                by=request.user,
                details={"what": f"reviews.stats.{what}", "year": year or "all"},
            )
        suffix = year or "all"
        if what == "experts":
            rows = (s.as_export() for s in expert_statistics(scope=scope, year=year))
            return export_response(EXPERT_SPEC, rows, f"experts-{suffix}.xlsx")
        cards = (c.as_export() for c in agency_statistics(scope=scope, year=year))
        return export_response(AGENCY_SPEC, cards, f"agencies-{suffix}.xlsx")


urlpatterns = [
    path("stats/", StatsView.as_view(), name="stats"),
    path("stats/export/", StatsExportView.as_view(), name="stats_export"),
]
