"""The administrative-division tree (GB/T 2260) that every record and every role is scoped by."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "cleanprod.regions"
    label = "regions"
    verbose_name = _("Administrative regions")
