"""Pytest fixtures shared by every app's tests (loaded from the root conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import role_grant, roles_sync
from cleanprod.regions.models import Region
from cleanprod.testing.factories import UserFactory
from cleanprod.testing.regions import load_test_tree


@pytest.fixture
def regions(db: None) -> dict[str, Region]:
    """The small test tree by code: 000000 → 370000 → 370300 → 370303, 370305; 370100 …"""
    roles_sync()
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
    from cleanprod.testing.registry import load_industries

    load_industries()


@pytest.fixture
def audit_rules(regions: dict[str, Region]) -> None:
    """The national defaults of the legal clock, lead departments and audit policy."""
    from cleanprod.testing.audits import seed_rules

    seed_rules()
