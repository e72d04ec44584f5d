"""The query half of the scope door.

A *scope* (built by `cleanprod.accounts.scope.scope_for`) says, per permission codename, which
region paths a person covers. Scoped models declare how they reach a region path
(`scope_region = "region__path"`), and every protected read goes through `in_scope()`.
This module knows nothing about users or roles, so tests can pass a hand-made scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

M = TypeVar("M", bound=models.Model)


class Grant(Protocol):
    path: str
    descendants: bool
    party: str
    party_id: int | None


class ScopeLike(Protocol):
    def grants(self, perm: str) -> Iterable[Grant]: ...

    def covered(self) -> Iterable[Grant]: ...

    def allows(self, perm: str, path: str) -> bool: ...


def resolve_perm(model: type[models.Model], perm: str) -> str:
    """`"view"` is shorthand for the model's own view codename, e.g. `regions.view_region`."""
    if "." in perm:
        return perm
    return f"{model._meta.app_label}.{perm}_{model._meta.model_name}"


def _grant_q(model: type[models.Model], field: str, grant: Grant) -> Q | None:
    if grant.party:
        # A person acting for a party (an enterprise, an agency, an expert) reaches the rows
        # of that party only; reference data (scope_reference) by region as everyone else.
        party_field = getattr(model, "scope_parties", {}).get(grant.party)
        if party_field:
            return None if grant.party_id is None else Q(**{party_field: grant.party_id})
        if not getattr(model, "scope_reference", False):
            return None
    if grant.descendants:
        return Q(**{f"{field}__startswith": grant.path})
    return Q(**{field: grant.path})


def region_q(model: type[models.Model], grants: Iterable[Grant]) -> Q | None:
    """The filter "row within any of `grants`"; None when there are none."""
    field = model.scope_region  # type: ignore[attr-defined]
    q: Q | None = None
    for grant in grants:
        part = _grant_q(model, field, grant)
        if part is not None:
            q = part if q is None else q | part
    return q


class ScopedQuerySet(models.QuerySet[M]):
    """Query vocabulary shared by every model that is reached through a region."""

    def in_scope(self, scope: ScopeLike, perm: str = "view") -> ScopedQuerySet[M]:
        q = region_q(self.model, scope.grants(resolve_perm(self.model, perm)))
        return self.none() if q is None else self.filter(q)

    def covered_by(self, scope: ScopeLike) -> ScopedQuerySet[M]:
        """Rows the person reaches by any role, whatever the permission (404 vs 403)."""
        q = region_q(self.model, scope.covered())
        return self.none() if q is None else self.filter(q)


def get_in_scope_or_404(model: type[M], scope: ScopeLike, perm: str = "view", **lookup: Any) -> M:
    """Out of scope answers 404 (existence is not revealed); in scope without `perm`, 403."""
    obj = model.objects.covered_by(scope).filter(**lookup).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    if not allowed_on(scope, resolve_perm(model, perm), obj):
        raise PermissionDenied
    return obj


def allowed_on(scope: ScopeLike, perm: str, obj: models.Model) -> bool:
    """Whether `perm` reaches this very row (by region, or by party for party roles)."""
    manager = type(obj).objects  # type: ignore[attr-defined]
    return bool(manager.in_scope(scope, perm).filter(pk=obj.pk).exists())
