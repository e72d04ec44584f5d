"""The scope of a request comes from a per-process cache keyed by the person's scope stamp:
a role granted, revoked or changed counts from the very next request; a request that finds
the scope cached reads no role assignments; the session is written at most once a minute."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cleanprod.accounts.models import Role, RoleAssignment, User
from cleanprod.accounts.services import role_grant, role_revoke
from cleanprod.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

OTHER_COUNTY = "/regions/370305/"  # 临淄区, beside 张店区


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sql(client: Client, path: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, [q["sql"] for q in queries.captured_queries]


def test_a_role_granted_or_revoked_counts_from_the_next_request(regions):
    # an account of the city office holding, for now, a county role in 张店区 only
    user = UserFactory(region=regions["370300"])
    role_grant(user=user, role=Role.objects.get(slug="county_official"), region=regions["370303"])
    client = _client(user)
    assert client.get(OTHER_COUNTY).status_code == 404
    # when the city role is granted, the next request sees the other county
    city = role_grant(
        user=user, role=Role.objects.get(slug="municipal_official"), region=regions["370300"]
    )
    assert client.get(OTHER_COUNTY).status_code == 200
    # and when it is revoked again, the next request no longer does
    role_revoke(assignment=city)
    assert client.get(OTHER_COUNTY).status_code == 404


def test_a_permission_taken_from_a_role_counts_from_the_next_request(make_account):
    user = make_account("county_official", "370303")
    client = _client(user)
    assert client.get("/regions/370303/").status_code == 200
    role = Role.objects.get(slug="county_official")
    role.permissions.remove(role.permissions.get(codename="view_region"))
    assert client.get("/regions/370303/").status_code == 403


def test_a_cached_scope_reads_no_role_assignments_and_an_idle_minute_writes_no_session(
    make_account,
):
    user = make_account("county_official", "370303")
    client = _client(user)
    client.get("/")  # the first request computes the scope and touches the session
    status, sql = _sql(client, "/")
    assert status == 200
    assert not [q for q in sql if f'"accounts_roleassignment"."user_id" = {user.pk}' in q], sql
    assert not [q for q in sql if q.startswith("UPDATE") and "django_session" in q], sql
    # a minute later the session is touched again (its idle expiry pushed on), once
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        status, sql = _sql(client, "/")
    assert [q for q in sql if q.startswith("UPDATE") and "django_session" in q]


def test_two_people_never_share_a_cached_scope(regions):
    # stamps are random per account, so even an id reused after a rollback cannot meet an
    # old entry; two accounts created alike still get different stamps
    a, b = UserFactory(region=regions["370303"]), UserFactory(region=regions["370303"])
    assert a.scope_stamp != b.scope_stamp
    before = User.objects.get(pk=a.pk).scope_stamp
    RoleAssignment.objects.create(
        user=a, role=Role.objects.get(slug="county_official"), region=regions["370303"]
    )
    assert User.objects.get(pk=a.pk).scope_stamp != before
