"""Who is told: the people acting for an enterprise or an agency, and the officials of a
given role whose region covers a place. Used by the clock, voluntary applications and park
audits to address notices (`accounts.notices.notice_send`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from cleanprod.accounts.models import User
from cleanprod.audits.models import Audit
from cleanprod.regions.selectors import paths_upward

ENTERPRISE_USER, AGENCY_STAFF = "enterprise_user", "agency_staff"
COUNTY, CITY, PROVINCE = "county_official", "municipal_official", "provincial_official"


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def party_users(role: str, party_ids: Iterable[int | None]) -> QuerySet[User]:
    """Active users holding `role` for one of the parties (enterprise or agency ids)."""
    ids = [pk for pk in party_ids if pk is not None]
    return (
        _active()
        .filter(assignments__role__slug=role, assignments__party_id__in=ids)
        .distinct()
        .order_by("pk")
    )


def officials_covering(role: str, path: str) -> QuerySet[User]:
    """Active users with an assignment of `role` whose region covers `path`: the same region,
    or a region above it granted with its descendants."""
    reach = Q(assignments__region__path=path) | Q(
        assignments__region__path__in=paths_upward(path),
        assignments__include_descendants=True,
    )
    return _active().filter(Q(assignments__role__slug=role) & reach).distinct().order_by("pk")


def audit_parties(audit: Audit) -> list[User]:
    """The enterprise's users (for a park or cluster audit without an organising enterprise:
    the members' users) and the agency's staff."""
    if audit.enterprise_id is not None:
        enterprises = [audit.enterprise_id]
    else:
        enterprises = list(audit.members.values_list("enterprise_id", flat=True))
    people = list(party_users(ENTERPRISE_USER, enterprises))
    if audit.agency_id is not None:
        people += list(party_users(AGENCY_STAFF, [audit.agency_id]))
    return people


def link_to(url_name: str, *args: object) -> str:
    """The page's address, or "" while the page does not exist (built by another capability)."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return ""
