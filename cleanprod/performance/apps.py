"""Cleaner production options (清洁生产方案): generation and cost class, feasibility,
implementation and, later, their verified benefits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "cleanprod.performance"
    label = "performance"
    verbose_name = _("Options and performance")
