"""Pages speak Simplified Chinese unless the person switches to English."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_default_to_chinese_whatever_the_browser_asks(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert b'<html lang="zh-hans">' in response.content


def test_the_switch_sets_english_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert b'<html lang="en">' in client.get("/accounts/login/").content
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert b'<html lang="zh-hans">' in client.get("/accounts/login/").content
