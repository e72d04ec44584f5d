"""Sign-in: lockout after five failures, every attempt in the trail, session limits."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cleanprod.testing.factories import PASSWORD
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


def _attempt(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_and_each_attempt_is_in_the_trail(
    make_account, client
):
    # given
    user = make_account("county_official", "370303")
    # when: five failures
    responses = [_attempt(client, user.username, "Wrong-Passw0rd") for _ in range(5)]
    # then: the fifth locks; even the right password is refused now
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    assert _attempt(client, user.username, PASSWORD).status_code == 429
    failed = TrailEvent.objects.filter(
        action=TrailEvent.Action.LOGIN_FAILED, actor_username=user.username
    )
    assert failed.count() == 6
    assert failed.filter(result="denied", details__reason="locked_out").count() == 1
    assert (
        TrailEvent.objects.filter(
            action=TrailEvent.Action.LOCKED_OUT, actor_username=user.username
        ).count()
        == 1
    )
    assert all(e.source_ip == "127.0.0.1" and e.region_path == user.region.path for e in failed)


def test_the_lock_lifts_after_thirty_minutes(make_account, client):
    user = make_account("county_official", "370303")
    for _ in range(5):
        _attempt(client, user.username, "Wrong-Passw0rd")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert _attempt(client, user.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_is_recorded(make_account, client):
    user = make_account("county_official", "370303")
    assert _attempt(client, user.username, PASSWORD).status_code == 302
    event = TrailEvent.objects.get(action=TrailEvent.Action.LOGIN)
    assert (event.actor, event.result, event.roles) == (user, "success", "county_official")


def test_thirty_idle_minutes_end_the_session(make_account, client):
    user = make_account("county_official", "370303")
    _attempt(client, user.username, PASSWORD)
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29)):
        assert client.get("/").status_code == 200  # activity renews the idle clock
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29 + 31)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_eight_hours_end_the_session_even_with_activity(make_account, client):
    user = make_account("county_official", "370303")
    _attempt(client, user.username, PASSWORD)
    start = timezone.now()
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5)):
        response = client.get("/")
    assert response.status_code == 302
    assert TrailEvent.objects.filter(action=TrailEvent.Action.SESSION_EXPIRED).count() == 1


def test_administrators_time_out_after_fifteen_idle_minutes(make_account, client):
    user = make_account("audit_admin", "370000")
    _attempt(client, user.username, PASSWORD)
    assert client.get("/trail/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert client.get("/trail/").status_code == 302


def test_sign_out_is_recorded_and_ends_the_session(make_account, client):
    user = make_account("county_official", "370303")
    _attempt(client, user.username, PASSWORD)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert TrailEvent.objects.filter(action=TrailEvent.Action.LOGOUT, actor=user).exists()
