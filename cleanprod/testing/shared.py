"""Reference data every test database holds from the start, loaded once per test run.

Roles (with their permissions) and the GB/T 4754-2017 industry table are the same in every
test and cost thousands of inserts, so ``django_db_setup`` loads them once after migrating;
each ``db`` test rolls back to them. A transactional test (``transactional_db``,
``live_server``) flushes the database when it ends, so the fixtures that need this data call
``ensure_*`` first, which reloads it only when it is missing.
"""

from __future__ import annotations

from django.db import transaction

from cleanprod.accounts.models import Role
from cleanprod.accounts.roles import ROLES
from cleanprod.accounts.services import roles_sync
from cleanprod.registry.models import Industry
from cleanprod.registry.services.industries import industries_load


def ensure_roles() -> None:
    """Every role of ``roles.py`` with its permissions (one query when they are in place)."""
    if Role.objects.filter(slug__in=list(ROLES)).count() != len(ROLES):
        roles_sync()


def ensure_industries() -> None:
    """The whole GB/T 4754-2017 table (one query when it is in place)."""
    if not Industry.objects.exists():
        industries_load()


@transaction.atomic
def load_shared() -> None:
    """Once per test run. Both loaders are idempotent and bring a kept database (--reuse-db)
    up to date: roles changed in roles.py, names changed in the industry file."""
    roles_sync()
    industries_load()
