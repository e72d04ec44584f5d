"""Journeys through the real UI in headless Chromium: sign-in, jurisdiction, language switch,
sign-out, role-dependent navigation, the ECharts chart, the security trail and the lockout.

Assertions use ids and data- attributes and check *that* text is Chinese (CJK characters)
rather than exact words, so translation edits do not break them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cleanprod.testing.factories import PASSWORD
from tests.browser.signin import LOGIN, sign_in, submit_login

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")
BAR_COLOUR = "#1f5f4a"  # cleanprod/static/cleanprod/charts.js
# True once chart number i has bars whose widths did not change since the previous poll.
CHART_SETTLED = f"""i => {{
  const chart = document.querySelectorAll('[data-chart]')[i];
  const bars = [...chart.querySelectorAll('svg path[fill="{BAR_COLOUR}"]')];
  const sig = bars.map(b => Math.round(b.getBBox().width)).join(',');
  window.__chartSig = window.__chartSig || {{}};
  const settled = bars.length > 0 && window.__chartSig[i] === sig;
  window.__chartSig[i] = sig;
  return settled;
}}"""


def url_path(live_server: Any, path: str) -> re.Pattern[str]:
    """Matches the live server URL for ``path``, with or without a query string."""
    return re.compile("^" + re.escape(live_server.url + path) + r"(\?.*)?$")


def charts_settled(page: Page) -> None:
    """Wait until every ECharts chart on the page has finished its entry animation."""
    for i in range(page.locator("[data-chart]").count()):
        page.wait_for_function(CHART_SETTLED, arg=i, polling=250)


def nav_labels(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("#mainnav [data-nav]").all_inner_texts()]


def nav_link(page: Page, name: str) -> Any:
    """The navigation entry `name`, its drop-down opened first when it sits in one."""
    link = page.locator(f'#mainnav [data-nav="{name}"]')
    toggle = link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]/a")
    if toggle.count():
        toggle.click()
    return link


def test_county_official_signs_in_switches_language_and_signs_out(
    page: Page, live_server: Any, make_account: Callable[..., Any], page_watch: Any, screenshot
) -> None:
    user = make_account("county_official", "370303")
    html = page.locator("html")

    # The sign-in page, in Simplified Chinese, with its assets served.
    page.goto(LOGIN)
    expect(html).to_have_attribute("lang", "zh-hans")
    heading = page.locator("h1").inner_text()
    assert CJK.search(heading), f"sign-in heading is not Chinese: {heading!r}"
    assert CJK.search(page.locator("#sign-in").inner_text())
    page_watch.assert_assets_loaded(
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "cleanprod/app.css",
    )
    # The assets are not only fetched but in effect.
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display") == "flex"
    screenshot(page, "login")

    # Sign in: the home page with my jurisdiction only.
    submit_login(page, user.username, PASSWORD)
    expect(page).to_have_url(live_server.url + "/")
    expect(html).to_have_attribute("lang", "zh-hans")
    jurisdiction = page.locator("#jurisdiction")
    expect(jurisdiction).to_contain_text("张店区")
    expect(jurisdiction).to_contain_text("370303")
    expect(jurisdiction.locator('[data-region="370303"]')).to_be_visible()
    expect(jurisdiction).not_to_contain_text("临淄区")
    expect(page.locator(f'[data-user="{user.username}"]')).to_be_visible()
    labels = nav_labels(page)
    assert labels, "no navigation links for a signed-in official"
    assert any(CJK.search(t) for t in labels), f"navigation is not Chinese: {labels}"
    # A county official has no security-trail link.
    expect(page.locator('[data-nav="trail:list"]')).to_have_count(0)
    charts_settled(page)
    screenshot(page, "home-county-zh")

    # English, then back to Chinese; the page and jurisdiction stay.
    with page.expect_navigation():
        page.locator('#language-form [data-language="en"]').click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/")
    expect(jurisdiction).to_contain_text("张店区")
    expect(page.locator('#language-form [data-language="zh-hans"]')).to_be_visible()
    charts_settled(page)
    screenshot(page, "home-county-en")
    with page.expect_navigation():
        page.locator('#language-form [data-language="zh-hans"]').click()
    expect(html).to_have_attribute("lang", "zh-hans")

    # Sign out: back on the sign-in page, and the home page is closed again.
    with page.expect_navigation():
        page.locator("#sign-out").click()
    expect(page).to_have_url(url_path(live_server, LOGIN))
    expect(page.locator("#sign-in")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(url_path(live_server, LOGIN))
    expect(page.locator("#sign-in")).to_be_visible()
    expect(page.locator("#sign-out")).to_have_count(0)


def test_municipal_official_sees_accounts_chart(
    page: Page, live_server: Any, make_account: Callable[..., Any], page_watch: Any, screenshot
) -> None:
    user = make_account("municipal_official", "370300")
    make_account("county_official", "370303")  # someone below, so the chart has two bars
    sign_in(page, live_server, user.username)

    # ECharts draws the accounts-by-role chart as SVG.
    chart = page.locator("[data-chart]")
    expect(chart).to_have_count(1)
    expect(chart.locator("svg")).to_be_visible()
    # One bar per role, drawn out to its value once ECharts' entry animation has settled.
    charts_settled(page)
    bars = chart.locator(f'svg path[fill="{BAR_COLOUR}"]')
    expect(bars).to_have_count(2)
    assert all(b.bounding_box()["width"] > 100 for b in bars.all())
    page_watch.assert_assets_loaded("vendor/echarts/echarts.min.js", "cleanprod/charts.js")
    assert page.evaluate("typeof window.echarts") == "object"
    expect(page.locator("#jurisdiction")).to_contain_text("淄博市")
    expect(page.locator('[data-nav="trail:list"]')).to_have_count(0)
    screenshot(page, "home-municipal")

    # The accounts list, from the navigation.
    accounts_link = nav_link(page, "accounts:list")
    expect(accounts_link).to_be_visible()
    with page.expect_navigation():
        accounts_link.click()
    expect(page).to_have_url(url_path(live_server, "/accounts/"))
    table = page.locator("table#accounts")
    expect(table).to_contain_text(user.username)
    expect(table).to_contain_text("county_official_370303")
    screenshot(page, "accounts")


def open_trail(page: Page, live_server: Any, make_account: Callable[..., Any]) -> Any:
    """Sign in as the province's audit administrator and open the trail from the nav."""
    user = make_account("audit_admin", "370000")
    sign_in(page, live_server, user.username)
    trail_link = nav_link(page, "trail:list")
    expect(trail_link).to_be_visible()
    with page.expect_navigation():
        trail_link.click()
    expect(page).to_have_url(url_path(live_server, "/trail/"))
    expect(page.locator("table#trail-events")).to_be_visible()
    return user


def test_audit_admin_finds_own_sign_in_in_trail(
    page: Page, live_server: Any, make_account: Callable[..., Any], screenshot
) -> None:
    user = open_trail(page, live_server, make_account)
    own_login = page.locator('table#trail-events tr[data-action="auth.login"]').filter(
        has_text=user.username
    )

    # The unfiltered trail lists the province's events, my own sign-in among them.
    expect(page.locator("table#trail-events tbody tr[data-action]").first).to_be_visible()
    expect(own_login).to_have_count(1)
    screenshot(page, "trail")

    # Submitting the empty filter form keeps them all.
    with page.expect_navigation():
        page.locator("#trail-filter button[type=submit]").click()
    expect(page).to_have_url(url_path(live_server, "/trail/"))
    expect(own_login).to_have_count(1)


def test_five_wrong_passwords_lock_the_account(
    page: Page, live_server: Any, make_account: Callable[..., Any], page_watch: Any, screenshot
) -> None:
    user = make_account("county_official", "370303")
    # django-axes answers the locked-out page with HTTP 429 (AXES_HTTP_RESPONSE_CODE).
    page_watch.allow_document_status(LOGIN, 429)
    error = page.locator("#login-error")
    locked = page.locator("#locked-out")

    page.goto(LOGIN)
    for attempt in range(1, 5):
        submit_login(page, user.username, f"wrong-password-{attempt}")
        expect(error, f"attempt {attempt}").to_be_visible()
        expect(locked).to_have_count(0)
        expect(page.locator("#id_username")).to_have_value(user.username)
    screenshot(page, "login-error")

    # The fifth failure locks the account at once.
    submit_login(page, user.username, "wrong-password-5")
    expect(locked).to_be_visible()
    screenshot(page, "locked-out")

    # Even the right password is refused now.
    page.goto(LOGIN)
    submit_login(page, user.username, PASSWORD)
    expect(locked).to_be_visible()
    expect(page.locator("#sign-out")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(url_path(live_server, LOGIN))
