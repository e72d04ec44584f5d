"""The signed-in home page."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from cleanprod.core.views import ScopedViewMixin
from cleanprod.reporting.selectors import home_figures


class HomeView(ScopedViewMixin, TemplateView):
    template_name = "reporting/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        figures = home_figures(scope=self.request.scope)  # type: ignore[attr-defined]
        chart = {
            "labels": [label for label, _n in figures.accounts_by_role],
            "values": [n for _label, n in figures.accounts_by_role],
        }
        return super().get_context_data(figures=figures, accounts_chart=chart, **kwargs)
