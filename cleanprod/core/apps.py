"""Shared kernel: the domain error, the scope door's query half, API conventions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cleanprod.core"
    label = "core"
    verbose_name = _("Core")
