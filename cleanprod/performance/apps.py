"""Cleaner production options (清洁生产方案): generation and cost class, feasibility,
implementation and, later, their verified benefits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "cleanprod.performance"
    label = "performance"
    verbose_name = _("Options and performance")

    def ready(self) -> None:
        # registers the option deliverables of phases 4–6 with audits' phase checks
        # registers the option conditions of evaluation and acceptance with reviews
        from cleanprod.performance import (
            checks,  # noqa: F401
            review_checks,  # noqa: F401
        )
