"""The public page shows published lists only, without signing in and without personal
data; the xlsx download is the official layout."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cleanprod.audits.models import ListAmendment
from cleanprod.audits.services.list_publishing import list_amend
from cleanprod.audits.tests.list_helpers import draft_with, publish
from cleanprod.portal.selectors import published_entries_public, published_lists_public
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(regions, industries, audit_rules, make_account):
    compiler = make_account("municipal_official", "370300", username="compiler")
    approver = make_account("municipal_official", "370300", username="approver")
    plants = [
        make_enterprise("370303", name="淄博鲁华化工有限公司", contact_name="王经理"),
        make_enterprise("370305", name="临淄齐峰纸业有限公司", contact_phone="13900001111"),
    ]
    published = publish(draft_with(plants, by=compiler), compiler=compiler, approver=approver)
    draft = draft_with([make_enterprise("370303", name="草稿企业有限公司")], by=compiler, batch=2)
    return published, draft, plants, approver


def test_only_published_lists_are_shown_without_signing_in(lists):
    # given
    published, draft, _plants, _approver = lists
    anonymous = Client()
    # when
    index = anonymous.get(reverse("portal:lists"))
    # then
    assert index.status_code == 200
    page = index.content.decode()
    assert published.title in page
    assert draft.title not in page
    assert anonymous.get(reverse("portal:list", args=[draft.pk])).status_code == 404
    assert anonymous.get(reverse("portal:list_export", args=[draft.pk])).status_code == 404
    assert list(published_lists_public()) == [published]


def test_a_published_list_shows_its_enterprises_without_personal_data(lists):
    published, _draft, plants, _approver = lists
    page = Client().get(reverse("portal:list", args=[published.pk])).content.decode()
    for plant in plants:
        assert plant.name in page
        assert plant.credit_code in page
    assert "张店区" in page
    assert "淄博市" in page
    assert "双超" in page
    assert "鲁华" in page
    assert "王经理" not in page
    assert "13900001111" not in page
    assert "淄环发〔2026〕5号" in page
    assert "草稿企业有限公司" not in page


def test_amendments_appear_and_removed_enterprises_leave_the_list(lists):
    published, _draft, plants, approver = lists
    list_amend(
        mandatory_list=published,
        kind=ListAmendment.Kind.REMOVE,
        enterprise=plants[1],
        reason="企业已依法关闭",
        doc_number="淄环发〔2026〕11号",
        effective_on=date(2026, 5, 8),
        by=approver,
    )
    rows = list(published_entries_public(published))
    assert [r["credit_code"] for r in rows] == [plants[0].credit_code]
    page = Client().get(reverse("portal:list", args=[published.pk])).content.decode()
    assert "淄环发〔2026〕11号" in page
    assert "企业已依法关闭" in page


def test_the_download_is_the_official_layout(lists):
    published, _draft, plants, _approver = lists
    response = Client().get(reverse("portal:list_export", args=[published.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == published.title
    assert [r[2] for r in rows[3:]] == [p.credit_code for p in plants]
    assert {r[6] for r in rows[3:]} == {"双超"}
