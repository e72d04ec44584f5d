"""Home-page figures, computed from the database inside the person's scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from cleanprod.accounts.models import RoleAssignment, User
from cleanprod.accounts.roles import ROLES
from cleanprod.accounts.scope import Scope
from cleanprod.regions.models import Region
from cleanprod.regions.selectors import LevelCount, region_counts


@dataclass(frozen=True)
class Jurisdiction:
    role: str
    region_code: str
    region_name: str


@dataclass(frozen=True)
class HomeFigures:
    jurisdiction: list[Jurisdiction]
    region_counts: list[LevelCount]
    accounts_total: int | None = None
    accounts_active: int | None = None
    accounts_by_role: list[tuple[str, int]] = field(default_factory=list)


def home_figures(*, scope: Scope) -> HomeFigures:
    names = dict(
        Region.objects.filter(
            code__in=[c for _r, c, _n in scope.regions], valid_to__isnull=True
        ).values_list("code", "name")
    )
    jurisdiction = [
        Jurisdiction(str(ROLES[role].label) if role in ROLES else role, code, names.get(code, name))
        for role, code, name in scope.regions
    ]
    if not scope.has_perm("accounts.view_user"):
        return HomeFigures(jurisdiction, region_counts(scope=scope))
    users = User.objects.in_scope(scope, "accounts.view_user")
    totals = users.aggregate(total=Count("id"), active=Count("id", filter=Q(is_active=True)))
    per_role = dict(
        RoleAssignment.objects.filter(user__in=users.values("id"))
        .values_list("role__slug")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    by_role = [
        (str(spec.label), per_role[slug]) for slug, spec in ROLES.items() if per_role.get(slug)
    ]
    return HomeFigures(
        jurisdiction, region_counts(scope=scope), totals["total"], totals["active"], by_role
    )
