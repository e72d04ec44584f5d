"""The security trail: an append-only record of every sign-in attempt and every change."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrailConfig(AppConfig):
    name = "cleanprod.trail"
    label = "trail"
    verbose_name = _("Security trail")
