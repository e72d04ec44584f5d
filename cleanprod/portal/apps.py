"""The public site: what the law says must be public (published lists, later results,
penalties and the library), read through public selectors only, without signing in."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cleanprod.portal"
    label = "portal"
    verbose_name = _("Public portal")
