"""The enterprise list's filters, the enterprise page, contacts shown on purpose."""

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cleanprod.testing.registry import make_enterprise
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(regions, industries, signed_in):
    make_enterprise("370303", name="张店电镀有限公司", industry="3360", key_pollutant_unit=True)
    make_enterprise("370305", name="临淄化工有限公司", industry="2614")
    make_enterprise("370305", name="临淄造纸有限公司", industry="2221", former_names="临淄纸业")
    return signed_in("municipal_official", "370300")


def _names(client, **params):
    return sorted(e["name"] for e in client.get("/api/v1/enterprises/", params).json()["results"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"industry": "C"}, ["临淄化工有限公司", "临淄造纸有限公司", "张店电镀有限公司"]),
        ({"industry": "33"}, ["张店电镀有限公司"]),
        ({"industry": "261"}, ["临淄化工有限公司"]),
        ({"region": "370305"}, ["临淄化工有限公司", "临淄造纸有限公司"]),
        ({"catalogue": "water-ten-plan"}, ["临淄造纸有限公司", "张店电镀有限公司"]),
        ({"flag": "key_pollutant_unit"}, ["张店电镀有限公司"]),
        ({"q": "纸业"}, ["临淄造纸有限公司"]),
        ({"q": "临淄"}, ["临淄化工有限公司", "临淄造纸有限公司"]),
        ({"q": "电"}, ["张店电镀有限公司"]),
    ],
)
def test_filters_and_search(city, params, expected):
    assert _names(city, **params) == expected


def test_search_by_credit_code_prefix(city, regions):
    code = make_enterprise("370303", name="代码查找有限公司").credit_code
    assert len(_names(city, q=code[:10])) == 2  # 91 + 370303 + MA: every Zhangdian code here
    assert _names(city, q=code[:17]) == ["代码查找有限公司"]
    assert _names(city, q=code.lower()) == ["代码查找有限公司"]


def test_the_page_lists_and_pages_with_a_cursor(city):
    first = city.get("/registry/enterprises/", {"sort": "name"})
    assert first.status_code == 200
    assert "临淄化工有限公司" in first.content.decode()
    fragment = city.get("/registry/enterprises/", {"q": "临淄"}, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<div id="enterprise-results">')


def test_each_row_links_its_enterprise_and_shows_labels_and_badges(city):
    # given
    from cleanprod.registry.models import Enterprise

    plating = Enterprise.objects.get(name="张店电镀有限公司")
    # when (the page speaks the site's default language, Chinese)
    page = city.get("/registry/enterprises/", {"q": "电镀"}).content.decode()
    # then
    row = page[page.index(f'data-credit-code="{plating.credit_code}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="/registry/enterprises/{plating.pk}/"' in row
    assert f"<td>{plating.region.name}</td>" in row
    assert f"{plating.industry.code} {plating.industry.name}" in row
    with translation.override("zh-hans"):
        operating, key_unit = (
            str(Enterprise.Status.OPERATING.label),
            _("Key pollutant discharge unit"),
        )
        exceedance = _("Exceedance")
    assert f"<td>{operating}</td>" in row
    assert f'<span class="badge text-bg-secondary">{key_unit}</span>' in row
    assert exceedance not in row


def test_contacts_are_masked_until_shown_and_the_showing_is_recorded(city):
    enterprise = make_enterprise(
        "370303", name="联系人有限公司", contact_name="李四", contact_phone="13912345678"
    )
    page = city.get(f"/registry/enterprises/{enterprise.pk}/").content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    shown = city.post(f"/registry/enterprises/{enterprise.pk}/contacts/").content.decode()
    assert "13912345678" in shown
    event = TrailEvent.objects.get(action=TrailEvent.Action.PERSONAL_DATA_SHOWN)
    assert event.object_id == str(enterprise.pk)


def test_provincial_officials_may_not_show_contacts(regions, industries, signed_in):
    enterprise = make_enterprise("370303")
    client = signed_in("provincial_official", "370000")
    assert client.post(f"/registry/enterprises/{enterprise.pk}/contacts/").status_code == 403


def test_exports_mask_contacts_unless_asked_and_allowed(city):
    def rows(**params):
        response = city.get("/registry/export/enterprises.xlsx", params)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        return list(book.active.iter_rows(values_only=True))[1:]

    assert all(r[14] == "138****1234" for r in rows())
    assert all(r[14] == "13800001234" for r in rows(contacts="1"))
    exports = TrailEvent.objects.filter(action=TrailEvent.Action.EXPORT)
    assert [e.details["contacts"] for e in exports.order_by("id")] == [False, True]


def test_the_enterprise_page_shows_facts_catalogues_and_history(city, regions):
    enterprise = make_enterprise("370303", name="历史有限公司", industry="3360")
    page = city.get(f"/registry/enterprises/{enterprise.pk}/").content.decode()
    assert 'id="history"' in page
    assert "水十条十大重点行业" in page
