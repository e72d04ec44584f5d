"""Mandatory audit lists (screening, approval, publication), the legal clock, and the audit
case itself through its seven phases to report submission."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "cleanprod.audits"
    label = "audits"
    verbose_name = _("Cleaner production audits")
