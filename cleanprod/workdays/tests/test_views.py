"""The calendar page: any signed-in person, nobody else."""

import pytest

from cleanprod.workdays.services import workdays_load

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_sees_the_years_holidays_and_make_up_days(signed_in):
    workdays_load()
    client = signed_in("enterprise_user", "370303")
    page = client.get("/workdays/2024/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2024-02-10" in html
    assert "2024-02-18" in html
    assert 'href="/workdays/2026/"' in html
    assert 'id="unknown"' not in html


def test_an_unknown_year_says_so(signed_in):
    page = signed_in("county_official", "370303").get("/workdays/2019/")
    assert page.status_code == 200
    assert 'id="unknown"' in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    page = client.get("/workdays/2024/")
    assert page.status_code == 302
