"""One error shape for every 4xx under /api/: {"code", "message", "fields"}."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}


def test_an_unknown_api_address_answers_404_in_the_shape(signed_in):
    response = signed_in("county_official", "370303").get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert set(response.json()) == SHAPE
    assert response.json()["code"] == "not_found"


def test_in_scope_without_permission_answers_403_in_the_shape(signed_in):
    response = signed_in("audit_admin", "370000").get("/api/v1/regions/370000/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_missing_csrf_token_answers_403_in_the_shape(make_account):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_account("county_official", "370303"))
    response = client.post("/api/v1/regions/", {})
    assert response.status_code == 403
    assert set(response.json()) == SHAPE


def test_messages_follow_the_request_language(client, regions):
    zh = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["message"]
    en = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert zh != en
    with translation.override("en"):
        assert en == "Authentication credentials were not provided."
