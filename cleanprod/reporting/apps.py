"""Statistics and dashboards (read side only): for now the home page's jurisdiction figures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "cleanprod.reporting"
    label = "reporting"
    verbose_name = _("Reporting")
