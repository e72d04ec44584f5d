"""The calendar page: a year's public holidays and make-up working days (any signed-in user)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.views.generic import TemplateView

from cleanprod.core.views import ScopedViewMixin
from cleanprod.workdays.calendar import known_years
from cleanprod.workdays.models import Day


class YearView(ScopedViewMixin, TemplateView):
    """Read-only: the calendar is national reference data, the same for everyone."""

    template_name = "workdays/year.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("year", None)
        year = int(self.kwargs["year"])
        if not 1949 <= year <= 2200:
            raise Http404
        days = list(Day.objects.filter(date__year=year))
        return super().get_context_data(
            year=year,
            years=known_years(),
            holidays=[d for d in days if d.kind == Day.Kind.HOLIDAY],
            workdays=[d for d in days if d.kind == Day.Kind.WORKDAY],
            sources=sorted({d.source for d in days if d.source}),
            **kwargs,
        )


class CurrentYearView(YearView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.utils import timezone

        self.kwargs["year"] = timezone.localdate().year
        return super().get_context_data(**kwargs)
