"""Reads about people, always from a scope."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from cleanprod.accounts.models import RoleAssignment, User
from cleanprod.accounts.scope import Scope


def user_list(
    *, scope: Scope, q: str = "", role: str = "", after: int | None = None, limit: int = 50
) -> QuerySet[User]:
    """Accounts in the person's scope, newest first, keyset-paged by id."""
    users = (
        User.objects.in_scope(scope, "accounts.view_user")
        .select_related("region")
        .prefetch_related(
            Prefetch("assignments", RoleAssignment.objects.select_related("role", "region"))
        )
        .order_by("-id")
    )
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role:
        users = users.filter(assignments__role__slug=role).distinct()
    if after:
        users = users.filter(id__lt=after)
    return users[:limit]
