"""The home page shows the person's jurisdiction and real figures from inside it."""

import pytest
from django.utils import translation

from cleanprod.accounts.scope import scope_for
from cleanprod.reporting.selectors import home_figures

pytestmark = pytest.mark.django_db


def test_a_county_official_sees_only_the_county(make_account, signed_in):
    # given: accounts in two counties of one city
    make_account("enterprise_user", "370303", username="ent_zd")
    make_account("enterprise_user", "370305", username="ent_lz")
    # when
    response = signed_in("county_official", "370303").get("/")
    # then
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [(c.level, c.count) for c in figures.region_counts] == [("county", 1)]
    assert figures.accounts_total == 2  # the official and ent_zd
    assert "张店区" in response.content.decode()
    assert "临淄区" not in response.content.decode()


def test_a_municipal_official_counts_the_city_and_its_counties(make_account):
    official = make_account("municipal_official", "370300")
    make_account("county_official", "370303")
    make_account("county_official", "370305")
    make_account("county_official", "370102")  # Jinan: outside
    with translation.override("en"):
        figures = home_figures(scope=scope_for(official))
    assert [(c.level, c.count) for c in figures.region_counts] == [("prefecture", 1), ("county", 2)]
    assert figures.accounts_total == 3
    assert dict(figures.accounts_by_role) == {"Municipal official": 1, "County official": 2}


def test_a_role_without_account_reading_sees_no_account_figures(make_account):
    figures = home_figures(scope=scope_for(make_account("expert", "370000")))
    assert figures.accounts_total is None
    assert figures.jurisdiction[0].region_code == "370000"


def test_the_home_page_runs_a_bounded_number_of_queries(signed_in, django_assert_max_num_queries):
    client = signed_in("provincial_official", "370000")
    with django_assert_max_num_queries(14):
        client.get("/")
