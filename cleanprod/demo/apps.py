"""The demo: a province with its cities and counties and one account per role, loaded by
`make demo` so a newcomer sees the whole flow without typing data. Never used in production."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "cleanprod.demo"
    label = "demo"
    verbose_name = _("Demo data")
