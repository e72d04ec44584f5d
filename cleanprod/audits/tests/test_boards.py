"""The overdue board: an unmet deadline reaches the county board the day after it is due, the
city board `escalate_city_days` later and the province board `escalate_province_days` later;
officials see only their jurisdiction. Tests drive `today`, not the wall clock."""

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from cleanprod.accounts.models import Role
from cleanprod.accounts.scope import scope_for
from cleanprod.accounts.services import role_grant
from cleanprod.audits.models import Audit, Step
from cleanprod.audits.selectors.clock import due_soon_board, overdue_board
from cleanprod.audits.services.opening import deadline_meet
from cleanprod.testing.audits import make_audit
from cleanprod.testing.factories import UserFactory
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

LISTED = date(2026, 1, 31)  # start due 2026-03-31; city from 04-15, province from 04-30


@pytest.fixture
def audit(regions, industries, audit_rules):
    """Listed 2026-01-31 in Zhangdian; disclosure done, the start unmet."""
    audit = make_audit(make_enterprise("370303", name="张店化工有限公司"), listed_on=LISTED)
    deadline_meet(audit=audit, step=Step.DISCLOSE, on=date(2026, 2, 10), by=None)
    return audit


@pytest.fixture
def viewers(make_account):
    return {
        "county": scope_for(make_account("county_official", "370303")),
        "other_county": scope_for(make_account("county_official", "370305")),
        "city": scope_for(make_account("municipal_official", "370300")),
        "other_city": scope_for(make_account("municipal_official", "370100")),
        "province": scope_for(make_account("provincial_official", "370000")),
        "other_province": scope_for(make_account("provincial_official", "440000")),
    }


def _on_board(scope, today, **kw):
    return [
        (row.audit.pk, row.deadline.step) for row in overdue_board(scope=scope, today=today, **kw)
    ]


@pytest.mark.parametrize(
    ("today", "county", "city", "province"),
    [
        (date(2026, 3, 31), False, False, False),  # due today: not overdue yet
        (date(2026, 4, 1), True, False, False),  # the day after: county board
        (date(2026, 4, 14), True, False, False),
        (date(2026, 4, 15), True, True, False),  # due + 15 days: city board
        (date(2026, 4, 29), True, True, False),
        (date(2026, 4, 30), True, True, True),  # due + 30 days: province board
    ],
)
def test_an_overdue_start_reaches_the_county_city_and_province_boards_in_turn(
    audit, viewers, today, county, city, province
):
    expected = [(audit.pk, Step.START)]
    assert (_on_board(viewers["county"], today) == expected) is county
    assert (_on_board(viewers["city"], today) == expected) is city
    assert (_on_board(viewers["province"], today) == expected) is province


def test_other_jurisdictions_never_see_it(audit, viewers):
    late = date(2026, 6, 1)
    for who in ("other_county", "other_city", "other_province"):
        assert _on_board(viewers[who], late) == []


def test_a_met_deadline_never_shows(audit, viewers):
    deadline_meet(audit=audit, step=Step.START, on=date(2026, 4, 20), by=None)
    for who in ("county", "city", "province"):
        assert _on_board(viewers[who], date(2026, 6, 1)) == []


def test_a_withdrawn_audit_leaves_the_board(audit, viewers):
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.WITHDRAWN)
    assert _on_board(viewers["county"], date(2026, 6, 1)) == []


def test_days_overdue_and_stage(audit, viewers):
    [row] = overdue_board(scope=viewers["county"], today=date(2026, 4, 16))
    assert row.days_overdue == 16
    assert row.stage == "city"


def test_the_level_filter_narrows_to_what_reached_that_board(audit, viewers):
    today = date(2026, 4, 20)
    assert _on_board(viewers["county"], today, level="city") == [(audit.pk, Step.START)]
    assert _on_board(viewers["county"], today, level="province") == []


def test_step_and_county_filters(audit, viewers, regions):
    today = date(2026, 5, 1)
    other = make_audit(make_enterprise("370305"), listed_on=LISTED)
    both = _on_board(viewers["city"], today, step=Step.START)
    assert {pk for pk, _step in both} == {audit.pk, other.pk}
    assert _on_board(viewers["city"], today, step=Step.START, county="370305") == [
        (other.pk, Step.START)
    ]
    assert {step for _pk, step in _on_board(viewers["city"], today, county="370305")} == {
        Step.DISCLOSE,
        Step.START,
    }


def test_a_person_with_two_grants_sees_each_region_at_its_own_level(audit, regions):
    # given someone who is a county official in Lixia (Jinan) and a city official in Zibo
    user = UserFactory(region=regions["370000"])
    role_grant(user=user, role=Role.objects.get(slug="county_official"), region=regions["370102"])
    role_grant(
        user=user, role=Role.objects.get(slug="municipal_official"), region=regions["370300"]
    )
    scope = scope_for(user)
    # then the Zibo case shows at the city level only
    assert _on_board(scope, date(2026, 4, 10)) == []
    assert _on_board(scope, date(2026, 4, 15)) == [(audit.pk, Step.START)]


def test_due_soon_lists_deadlines_within_the_reminder_window(audit, viewers):
    soon = due_soon_board(scope=viewers["county"], today=date(2026, 3, 20))
    assert [(r.audit.pk, r.deadline.step, r.days_left) for r in soon] == [
        (audit.pk, Step.START, 11)
    ]
    assert due_soon_board(scope=viewers["county"], today=date(2026, 3, 10)) == []
    assert due_soon_board(scope=viewers["other_county"], today=date(2026, 3, 20)) == []


# --- the page --------------------------------------------------------------------------------


@time_machine.travel(date(2026, 4, 16), tick=False)
def test_the_page_lists_the_overdue_case_with_filters(audit, signed_in):
    client = signed_in("municipal_official", "370300")
    page = client.get("/audits/overdue/")
    assert page.status_code == 200
    assert "张店化工有限公司" in page.content.decode()
    assert f'href="{reverse("audits:case", args=[audit.pk])}"' in page.content.decode()
    filtered = client.get("/audits/overdue/", {"step": Step.REPORT})
    assert "张店化工有限公司" not in filtered.content.decode()
    soon = client.get("/audits/overdue/", {"tab": "soon"})
    assert soon.status_code == 200


@time_machine.travel(date(2026, 4, 16), tick=False)
def test_htmx_gets_only_the_rows(audit, signed_in):
    client = signed_in("county_official", "370303")
    rows = client.get("/audits/overdue/", headers={"HX-Request": "true"})
    body = rows.content.decode()
    assert body.lstrip().startswith("<table")
    assert "张店化工有限公司" in body


@time_machine.travel(date(2026, 4, 16), tick=False)
def test_the_export_holds_what_the_board_shows(audit, signed_in):
    client = signed_in("county_official", "370303")
    response = client.get("/audits/overdue/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "张店化工有限公司"
    assert rows[1][6] == 16


@pytest.mark.parametrize(
    ("role", "where", "expected"),
    [
        ("county_official", "370303", 200),
        ("municipal_official", "370300", 200),
        ("provincial_official", "370000", 200),
        ("energy_official", "370000", 200),
        ("enterprise_user", "370303", 403),
        ("agency_staff", "370300", 403),
        ("system_admin", "370000", 403),
    ],
)
def test_who_may_open_the_board(regions, signed_in, role, where, expected):
    client = signed_in(role, where)
    assert client.get("/audits/overdue/").status_code == expected
    assert client.get("/audits/overdue/export/").status_code == expected
