"""Parallel attempts on one person never break the rules: row locks on PostgreSQL,
IMMEDIATE transactions on SQLite."""

import threading

import pytest
from django.db import connection

from cleanprod.accounts.models import Role, RoleAssignment
from cleanprod.accounts.services import role_grant
from cleanprod.core.errors import DomainError
from cleanprod.testing.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions"),
]


def test_parallel_admin_grants_give_exactly_one_administrator_role(regions):
    # given: one person, and the three admin roles granted to them at the same moment, 10 times
    user = UserFactory(username="contested", region=regions["370000"])
    roles = [Role.objects.get(slug=s) for s in ("system_admin", "security_admin", "audit_admin")]
    attempts = [roles[i % 3] for i in range(30)]
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []

    def grant(role: Role) -> None:
        try:
            barrier.wait()
            role_grant(user=user, role=role, region=regions["370000"])
            outcomes.append(role.slug)
        except DomainError as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()  # each thread has its own connection; leave none behind

    # when
    threads = [threading.Thread(target=grant, args=(r,)) for r in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: one role won; its repeats are harmless; every other attempt was refused clearly
    held = list(RoleAssignment.objects.filter(user=user).values_list("role__slug", flat=True))
    assert len(held) == 1
    winner = held[0]
    assert outcomes.count("accounts.admin_role_exclusive") == 20
    assert outcomes.count(winner) == 10
