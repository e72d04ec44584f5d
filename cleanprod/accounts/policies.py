"""Permission questions, one vocabulary: `can()` answers, `ensure_allowed()` raises. Both check
the codename *and* the region of the object."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from cleanprod.accounts.scope import Scope, scope_for
from cleanprod.core.scoping import allowed_on


def _scope(who: Any) -> Scope:
    return who if isinstance(who, Scope) else scope_for(who)


def can(who: Any, perm: str, obj: models.Model | None = None) -> bool:
    scope = _scope(who)
    if obj is None:
        return scope.has_perm(perm)
    return allowed_on(scope, perm, obj)


def ensure_allowed(who: Any, perm: str, obj: models.Model | None = None) -> None:
    if not can(who, perm, obj):
        raise PermissionDenied(perm)
