"""Audit test data: national rules, agencies, party accounts and open audit cases."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.test import Client

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import role_grant
from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit, Track
from cleanprod.audits.services.config import rules_seed_national
from cleanprod.audits.services.opening import audit_open
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise
from cleanprod.testing.factories import UserFactory
from cleanprod.testing.registry import credit_code_for, make_enterprise

_serial = itertools.count(1)


def seed_rules() -> None:
    rules_seed_national()


def make_agency(region: str = "370300", **data: Any) -> Agency:
    values = {
        "credit_code": credit_code_for(region[:4] + "00", 9_000_000 + next(_serial)),
        "name": f"测试咨询{next(_serial)}有限公司",
        "region": Region.objects.get(code=region),
    }
    values.update(data)
    return Agency.objects.create(**values)


def party_account(role: str, party_id: int, region: str, *, username: str = "") -> User:
    """An enterprise_user or agency_staff account acting for one enterprise or agency."""
    where = Region.objects.get(code=region)
    user = UserFactory(username=username or f"{role}_{party_id}_{next(_serial)}", region=where)
    role_grant(user=user, role=Role.objects.get(slug=role), region=where, party_id=party_id)
    return user


def enterprise_account(enterprise: Enterprise, **kw: Any) -> User:
    return party_account("enterprise_user", enterprise.pk, enterprise.region.code, **kw)


def agency_account(agency: Agency, **kw: Any) -> User:
    return party_account("agency_staff", agency.pk, agency.region.code, **kw)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_audit(
    enterprise: Enterprise | None = None,
    *,
    county: str = "370303",
    listed_on: date = date(2026, 1, 31),
    track: str = Track.MANDATORY,
    **kw: Any,
) -> Audit:
    """An open (not started) case; the national rules must be seeded (seed_rules)."""
    enterprise = enterprise or make_enterprise(county)
    return audit_open(track=track, listed_on=listed_on, by=None, enterprise=enterprise, **kw)
