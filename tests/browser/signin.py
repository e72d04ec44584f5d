"""Signing in through the real login page, for every browser journey.

``switch_to`` is how a journey hands over from one person to the next: it drops the
browser's cookies, signs in and checks that the page now belongs to that person (the
navigation bar names them). A journey that continued as the wrong person would otherwise
fail much later, on a missing button, with no hint why.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from cleanprod.testing.factories import PASSWORD

LOGIN = "/accounts/login/"


def submit_login(page: Page, username: str, password: str) -> None:
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#sign-in").click()


def sign_in(page: Page, live_server: Any, username: str) -> None:
    """Sign in as ``username`` and land on the home page as them."""
    page.goto(live_server.url + LOGIN)
    submit_login(page, username, PASSWORD)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("[data-user]")).to_have_attribute("data-user", username)


def switch_to(page: Page, live_server: Any, username: str) -> None:
    """Sign out whoever is signed in (by dropping the cookies) and sign in as ``username``."""
    page.context.clear_cookies()
    assert not page.context.cookies(), "the browser still holds cookies after clearing them"
    sign_in(page, live_server, username)
