"""Pytest fixtures shared by every app's tests (loaded from the root conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import role_grant
from cleanprod.regions.models import Region
from cleanprod.testing.factories import UserFactory
from cleanprod.testing.regions import load_test_tree
from cleanprod.testing.shared import ensure_industries, ensure_roles, load_shared


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The migrated test database, plus the roles and the industry table (testing/shared.py)."""
    with django_db_blocker.unblock():
        load_shared()


@pytest.fixture
def regions(db: None) -> dict[str, Region]:
    """The small test tree by code: 000000 → 370000 → 370300 → 370303, 370305; 370100 …"""
    ensure_roles()
    return load_test_tree()


@pytest.fixture
def make_account(regions: dict[str, Region]) -> Callable[..., User]:
    """make_account("county_official", "370303") → a user holding that role there."""

    def make(role: str, region: str, *, username: str | None = None) -> User:
        where = regions[region]
        user = UserFactory(username=username or f"{role}_{region}", region=where)
        role_grant(user=user, role=Role.objects.get(slug=role), region=where)
        return user

    return make


@pytest.fixture
def signed_in(make_account: Callable[..., User]) -> Callable[..., Client]:
    """signed_in("county_official", "370303") → a test client signed in as such a person."""

    def sign_in(role: str, region: str) -> Client:
        client = Client()
        client.force_login(make_account(role, region))
        return client

    return sign_in


@pytest.fixture
def industries(regions: dict[str, Region]) -> None:
    """GB/T 4754-2017 and the national catalogues (kept at the root region)."""
    from cleanprod.registry.services.industries import catalogues_seed

    ensure_industries()
    catalogues_seed()


@pytest.fixture
def without_industries(db: None) -> None:
    """An empty industry table, for a test of what happens before GB/T 4754 is loaded (every
    test database holds the table from the start: testing/shared.py)."""
    from cleanprod.registry.models import Industry

    for level in reversed(Industry.Level.values):  # children first: parent is protected
        Industry.objects.filter(level=level).delete()


@pytest.fixture
def audit_rules(regions: dict[str, Region]) -> None:
    """The national defaults of the legal clock, lead departments and audit policy."""
    from cleanprod.testing.audits import seed_rules

    seed_rules()
