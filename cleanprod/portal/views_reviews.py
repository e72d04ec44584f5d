"""Public pages of review results: published evaluations and acceptances with their panels and
draw records, the opinion PDF, and the ranking of agencies. No sign-in; read only through
reviews.selectors.public, which filters on publication and never takes a user."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.core.excel import Column, ColumnSpec, export_response
from cleanprod.reviews.models import Outcome, Review, Stage
from cleanprod.reviews.selectors.public import (
    RANKING_NOTE,
    agency_ranking_public,
    draw_record_public,
    opinion_file_public,
    public_filters,
    published_review_public,
    published_reviews_public,
    region_choices_public,
    review_row_public,
    review_rows_public,
)

FIRST_YEAR = 2015
PAGE_ROWS = 500

RESULT_SPEC = ColumnSpec(
    title=_("Review results"),
    columns=[
        Column("enterprise", _("Enterprise name"), width=30),
        Column("credit_code", _("Unified social credit code"), "code", width=22),
        Column("stage", _("Stage"), "choice", choices=Stage.choices),
        Column("attempt", _("Attempt"), "int"),
        Column("organiser", _("Organised by")),
        Column("meeting_on", _("Meeting date"), "date"),
        Column("outcome", _("Conclusion"), "choice", choices=Outcome.choices, width=20),
        Column("mean_score", _("Panel score"), "decimal"),
        Column("panel", _("Panel members"), width=50),
        Column("concluded_on", _("Concluded on"), "date"),
    ],
)


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def _published(pk: int) -> Review:
    found = published_review_public(pk)
    if found is None:
        raise Http404
    return found


class PublicReviewListView(TemplateView):
    """Published evaluation and acceptance results, filtered by year, stage, outcome, region."""

    template_name = "portal/reviews.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filters = public_filters(self.request.GET)
        reviews = published_reviews_public(filters)[:PAGE_ROWS]
        return super().get_context_data(
            rows=[review_row_public(r) for r in reviews],
            filters=filters,
            years=_years(),
            stages=Stage.choices,
            outcomes=Outcome.choices,
            regions=region_choices_public(),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class PublicReviewExportView(View):
    """The published results as filtered, as xlsx."""

    def get(self, request: HttpRequest) -> FileResponse:
        rows = review_rows_public(public_filters(request.GET))
        return export_response(RESULT_SPEC, rows, "review-results.xlsx")


class PublicReviewDetailView(TemplateView):
    """One published result: the conclusion, the panel, the draw record and how to verify it."""

    template_name = "portal/review_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        review = _published(self.kwargs["pk"])
        return super().get_context_data(
            review=review,
            row=review_row_public(review),
            draw=draw_record_public(review),
            opinion_file=opinion_file_public(review),
            **kwargs,
        )


class PublicOpinionView(View):
    """The newest opinion PDF of a published result."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        found = opinion_file_public(_published(pk))
        if found is None:
            raise Http404
        return FileResponse(
            found.file.open("rb"),
            as_attachment=True,
            filename=f"opinion-{pk}-v{found.version}.pdf",
            content_type="application/pdf",
        )


class PublicAgencyRankingView(TemplateView):
    """Consulting agencies ranked by their scorecard for a year."""

    template_name = "portal/agencies.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        raw = self.request.GET.get("year", "")
        years = _years()
        year = int(raw) if raw.isdigit() and int(raw) in years else years[0]
        region = self.request.GET.get("region", "")
        region = region if region.isdigit() else ""
        return super().get_context_data(
            year=year,
            years=years,
            region=region,
            regions=region_choices_public(),
            cards=agency_ranking_public(year=year, region=region),
            note=RANKING_NOTE,
            **kwargs,
        )
