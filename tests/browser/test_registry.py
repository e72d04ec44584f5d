"""The registry in the browser: Excel upload → preview → confirm, and the enterprise page in
Chinese with contacts shown on purpose."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cleanprod.core.excel import write_rows
from cleanprod.registry.excel import ENTERPRISES
from cleanprod.registry.models import Enterprise
from cleanprod.testing.registry import credit_code_for, make_enterprise
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")


def _workbook(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("wb") as out:
        write_rows(ENTERPRISES, rows, out)
    return path


def _rows() -> list[dict[str, Any]]:
    return [
        {
            "credit_code": credit_code_for("370303", 9001 + i),
            "name": f"浏览器导入{i}有限公司",
            "region": "370303",
            "industry": "3360",
            "status": "operating",
        }
        for i in range(3)
    ]


def test_upload_preview_confirm(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    page_watch: Any,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    official = make_account("municipal_official", "370300")
    sign_in(page, live_server, official.username)
    page.goto("/registry/enterprises/")
    page.locator("#import-link").click()
    expect(page.locator("h1")).to_contain_text(CJK)

    # A file with one bad credit code: refused, the row and column named in Chinese.
    rows = _rows()
    rows[1]["credit_code"] = rows[1]["credit_code"][:17] + "I"
    page_watch.allow_document_status("/registry/import/enterprises/", 400)
    page.locator("#id_file").set_input_files(str(_workbook(tmp_path / "bad.xlsx", rows)))
    page.locator("#upload").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("3")
    expect(errors).to_contain_text(str(ENTERPRISES.columns[0].header))
    screenshot(page, "import-errors-zh")
    assert not Enterprise.objects.exists()

    # The corrected file: a preview, then the confirmation writes all rows.
    page.locator("#id_file").set_input_files(str(_workbook(tmp_path / "good.xlsx", _rows())))
    page.locator("#upload").click()
    expect(page.locator("#import-preview")).to_be_visible()
    screenshot(page, "import-preview-zh")
    page.locator("#confirm-import").click()
    expect(page).to_have_url(re.compile(r"/registry/enterprises/$"))
    expect(page.locator("#enterprises")).to_contain_text("浏览器导入2有限公司")
    assert Enterprise.objects.count() == 3


def test_enterprise_page_in_chinese_with_contacts_shown_on_purpose(
    page: Page,
    live_server: Any,
    make_account: Callable[..., Any],
    industries: None,
    screenshot: Any,
) -> None:
    enterprise = make_enterprise(
        "370303",
        name="页面测试电镀有限公司",
        industry="3360",
        contact_name="王五",
        contact_phone="13912345678",
    )
    official = make_account("county_official", "370303")
    sign_in(page, live_server, official.username)
    page.goto("/registry/enterprises/")
    page.locator("#id_q").fill("电镀")
    # htmx swaps the results in place: wait for them before following a link
    with page.expect_response(lambda r: "/registry/enterprises/?q=" in r.url):
        page.locator("#search").click()
    expect(page.locator("#enterprises tbody tr")).to_have_count(1)
    page.locator("#enterprises").get_by_text("页面测试电镀有限公司").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    facts = page.locator("#enterprise-facts")
    labels = facts.locator("dt").all_inner_texts()
    assert all(CJK.search(label) for label in labels), labels
    expect(facts).to_contain_text("139****5678")
    expect(page.locator("#history")).to_be_visible()
    page.locator("#show-contacts").click()
    expect(page.locator("#contacts")).to_contain_text("13912345678")
    screenshot(page, "enterprise-page-zh")
    assert enterprise.name in page.content()
