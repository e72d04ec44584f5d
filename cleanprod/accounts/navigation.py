"""The navigation: each entry shows only to people whose scope holds its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cleanprod.accounts.scope import Scope


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    perm: str | None = None


NAV: tuple[NavItem, ...] = (
    NavItem(_("Home"), "reporting:home"),
    NavItem(_("Enterprises"), "registry:enterprises", "registry.view_enterprise"),
    NavItem(_("Parks"), "registry:parks", "registry.view_park"),
    NavItem(_("Catalogues"), "registry:catalogues", "registry.view_industrycatalogue"),
    NavItem(_("Permits"), "registry:permits", "registry.view_permit"),
    NavItem(_("Corrections"), "registry:corrections", "registry.change_enterprisecorrection"),
    NavItem(_("Regions"), "regions:list", "regions.view_region"),
    NavItem(_("Accounts"), "accounts:list", "accounts.view_user"),
    NavItem(_("Security trail"), "trail:list", "trail.view_trailevent"),
    NavItem(_("API"), "api-docs"),
)


def nav_for(scope: Scope) -> list[dict[str, str]]:
    return [
        {"label": str(item.label), "url": reverse(item.url_name), "name": item.url_name}
        for item in NAV
        if item.perm is None or scope.has_perm(item.perm)
    ]
