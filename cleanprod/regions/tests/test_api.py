"""The regions API: scoped list, lookup by code, filters, one error shape."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_municipal_official_lists_only_the_city_and_below(signed_in):
    client = signed_in("municipal_official", "370300")
    body = client.get("/api/v1/regions/").json()
    assert {r["code"] for r in body["results"]} == {"370300", "370303", "370305"}


def test_filters_by_level_and_parent(signed_in):
    client = signed_in("provincial_official", "370000")
    counties = client.get("/api/v1/regions/", {"level": "county", "parent": "370300"}).json()
    assert [r["code"] for r in counties["results"]] == ["370303", "370305"]


def test_out_of_scope_is_404_in_the_one_error_shape(signed_in):
    client = signed_in("county_official", "370303")
    response = client.get("/api/v1/regions/370305/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": response.json()["message"],
        "fields": {},
    }


def test_list_queries_do_not_grow_with_the_page(signed_in, django_assert_num_queries):
    # given: the session, the user, the page; the scope is cached for the person's stamp
    # and the session was touched less than a minute ago (accounts.middleware)
    client = signed_in("national_official", "000000")
    client.get("/api/v1/regions/", {"page_size": 2})
    # then: the same count for 2 rows and for 9
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/regions/", {"page_size": 2}).json()["results"]) == 2
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/regions/", {"page_size": 200}).json()["results"]) == 10
