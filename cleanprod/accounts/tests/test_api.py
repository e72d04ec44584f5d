"""/api/v1/me/ and the accounts list; session and token authentication."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_me_describes_the_caller_with_roles_and_permissions(signed_in):
    body = signed_in("county_official", "370303").get("/api/v1/me/").json()
    assert body["username"] == "county_official_370303"
    assert body["region"] == "370303"
    assert body["roles"][0]["role"] == "county_official"
    assert "regions.view_region" in body["permissions"]


def test_token_authentication_uses_the_same_scope(make_account, client):
    user = make_account("county_official", "370303")
    token = Token.objects.create(user=user)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/v1/me/", **auth).json()["username"] == user.username
    assert client.get("/api/v1/regions/370303/", **auth).status_code == 200
    assert client.get("/api/v1/regions/370305/", **auth).status_code == 404


def test_the_accounts_list_holds_only_accounts_in_scope(signed_in, make_account):
    make_account("county_official", "370305")
    make_account("county_official", "440305")
    body = signed_in("municipal_official", "370300").get("/api/v1/users/").json()
    regions = {u["region"] for u in body["results"]}
    assert regions == {"370300", "370305"}


def test_an_unsupported_method_answers_in_the_one_error_shape(signed_in):
    response = signed_in("county_official", "370303").post("/api/v1/regions/", {})
    assert response.status_code == 405
    assert set(response.json()) == {"code", "message", "fields"}
    assert response.json()["code"] == "method_not_allowed"
