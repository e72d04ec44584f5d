"""Scope is a value: per permission codename, the region paths a person covers, plus the
parties (enterprise, agency, expert) they act for. Querysets filter by a scope, never by a
user, so tests can pass a hand-made one.

Computing a scope takes two queries. Requests read it through `request_scope`, which keeps
scopes per process under (user id, `User.scope_stamp`): the stamp is a random value that
`accounts.receivers` renews in the database whenever a role assignment of the person or the
permissions of a role they hold change, and the user row is read fresh on every request, so a
granted or revoked role counts from the next request on, in every process. Anywhere else
`scope_for` computes the scope afresh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Prefetch

from cleanprod.accounts.models import RoleAssignment, User


@dataclass(frozen=True)
class Grant:
    """Where a role reaches: a region path (and below), or — for enterprise, agency and
    expert roles — only the rows of the party the person acts for."""

    path: str
    descendants: bool = True
    party: str = ""
    party_id: int | None = None

    def covers(self, path: str) -> bool:
        """Region-wide reach only; party grants never cover a whole region."""
        if self.party:
            return False
        return path.startswith(self.path) if self.descendants else path == self.path


@dataclass(frozen=True)
class Scope:
    user_id: int | None = None
    by_perm: Mapping[str, tuple[Grant, ...]] = field(default_factory=dict)
    all_grants: tuple[Grant, ...] = ()
    roles: frozenset[str] = frozenset()
    parties: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    regions: tuple[tuple[str, str, str], ...] = ()  # (role, region code, region name)

    def grants(self, perm: str) -> tuple[Grant, ...]:
        return self.by_perm.get(perm, ())

    def covered(self) -> tuple[Grant, ...]:
        return self.all_grants

    def allows(self, perm: str, path: str) -> bool:
        return any(g.covers(path) for g in self.grants(perm))

    def has_perm(self, perm: str) -> bool:
        return bool(self.grants(perm))

    @property
    def is_admin(self) -> bool:
        from cleanprod.accounts.roles import ADMIN_ROLES

        return bool(self.roles & ADMIN_ROLES)


EMPTY = Scope()


def scope_for(user: Any) -> Scope:
    """The scope of `user` from their role assignments (two queries)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    kept = getattr(user, "_request_scope", None)
    if kept is not None:
        return kept
    assignments = list(
        RoleAssignment.objects.filter(user=user)
        .select_related("role", "region")
        .prefetch_related(
            Prefetch("role__permissions", Permission.objects.select_related("content_type"))
        )
    )
    by_perm: dict[str, list[Grant]] = defaultdict(list)
    parties: dict[str, list[int]] = defaultdict(list)
    all_grants: list[Grant] = []
    for a in assignments:
        grant = Grant(
            path=a.region.path,
            descendants=a.include_descendants,
            party=a.role.party,
            party_id=a.party_id,
        )
        all_grants.append(grant)
        for p in a.role.permissions.all():
            by_perm[f"{p.content_type.app_label}.{p.codename}"].append(grant)
        if a.role.party and a.party_id is not None:
            parties[a.role.party].append(a.party_id)
    return Scope(
        user_id=user.pk,
        by_perm={k: tuple(v) for k, v in by_perm.items()},
        all_grants=tuple(all_grants),
        roles=frozenset(a.role.slug for a in assignments),
        parties={k: tuple(v) for k, v in parties.items()},
        regions=tuple((a.role.slug, a.region.code, a.region.name) for a in assignments),
    )


SCOPES_CACHED = 4096  # people whose scope a process keeps (about 2 KB each)


@lru_cache(maxsize=SCOPES_CACHED)
def _scope_of(user_id: int, stamp: str) -> Scope:
    return scope_for(User(pk=user_id, is_active=True))


def request_scope(user: Any) -> Scope:
    """The scope of the person a request is authenticated as, from the process's cache.
    `user` must be the row read for this request (its stamp is then current); it also keeps
    the scope, so every `scope_for(request.user)` of the request is free."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    scope = _scope_of(user.pk, user.scope_stamp)
    user._request_scope = scope
    return scope
