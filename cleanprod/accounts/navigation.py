"""The navigation: each entry shows only to people whose scope holds its permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cleanprod.accounts.scope import Scope


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    perm: str | None = None


@dataclass(frozen=True)
class NavGroup:
    """A drop-down menu; shown when at least one of its entries is."""

    label: Promise
    key: str
    items: tuple[NavItem, ...]


NAV: tuple[NavItem | NavGroup, ...] = (
    NavItem(_("Home"), "reporting:home"),
    NavGroup(
        _("Registries"),
        "registry",
        (
            NavItem(_("Enterprises"), "registry:enterprises", "registry.view_enterprise"),
            NavItem(_("Parks"), "registry:parks", "registry.view_park"),
            NavItem(_("Catalogues"), "registry:catalogues", "registry.view_industrycatalogue"),
            NavItem(_("Permits"), "registry:permits", "registry.view_permit"),
            NavItem(
                _("Corrections"), "registry:corrections", "registry.change_enterprisecorrection"
            ),
            NavItem(_("Expert pool"), "experts:list", "experts.view_expert"),
            NavItem(_("My expert profile"), "experts:me", "experts.add_conflict"),
            NavItem(_("Expert rating rules"), "experts:rules", "experts.view_ratingrule"),
            NavItem(_("Consulting agencies"), "agencies:register", "agencies.view_agencyfiling"),
            NavItem(_("My agency"), "agencies:mine", "agencies.add_agencystaff"),
            NavItem(_("Agency rules"), "agencies:rules", "agencies.view_agencyrule"),
        ),
    ),
    NavGroup(
        _("Audits"),
        "audits",
        (
            NavItem(_("Mandatory lists"), "audits:lists", "audits.view_mandatorylist"),
            NavItem(_("Audit cases"), "audits:cases", "audits.view_audit"),
            NavItem(_("Overdue"), "audits:overdue", "audits.view_overdue_audit"),
            NavItem(_("Voluntary audits"), "audits:voluntary", "audits.view_voluntaryapplication"),
            NavItem(_("Park audits"), "audits:park_audits", "audits.add_audit"),
            NavItem(_("Evaluation and acceptance"), "reviews:list", "reviews.view_review"),
            NavItem(_("Review statistics"), "reviews:stats", "reviews.organise_review"),
            NavItem(_("Review rules"), "reviews:config", "reviews.view_reviewpolicy"),
            NavItem(_("Audit rules"), "audits:config", "audits.view_deadlinerule"),
            NavItem(_("Working-day calendar"), "workdays:current", "audits.view_audit"),
        ),
    ),
    NavGroup(
        _("Administration"),
        "admin",
        (
            NavItem(_("Regions"), "regions:list", "regions.view_region"),
            NavItem(_("Accounts"), "accounts:list", "accounts.view_user"),
            NavItem(_("Security trail"), "trail:list", "trail.view_trailevent"),
        ),
    ),
    NavItem(_("Notices"), "accounts:notices"),
    NavItem(_("Public site"), "portal:lists"),
    NavItem(_("API"), "api-docs"),
)


def _entry(item: NavItem) -> dict[str, str]:
    return {"label": str(item.label), "url": reverse(item.url_name), "name": item.url_name}


def _shown(item: NavItem, scope: Scope) -> bool:
    return item.perm is None or scope.has_perm(item.perm)


def nav_for(scope: Scope) -> list[dict[str, Any]]:
    """Top-level entries and drop-down groups (with their visible entries) for this person."""
    out: list[dict[str, Any]] = []
    for node in NAV:
        if isinstance(node, NavGroup):
            items = [_entry(i) for i in node.items if _shown(i, scope)]
            if items:
                out.append({"label": str(node.label), "group": node.key, "children": items})
        elif _shown(node, scope):
            out.append(_entry(node))
    return out
