"""Pages of the expert pool: scoped reads (another province answers 404), actions with
reasons, masked contacts, and the expert's own page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cleanprod.experts.models import Expert
from cleanprod.experts.tests.factories import bind_expert_account, make_expert, pdf
from cleanprod.registry.credit_codes import make_code
from cleanprod.registry.models import Industry

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def expert(province_official) -> Expert:
    return make_expert(province_official, region="370303")


def test_the_pool_list_filters_by_specialty_class_region_status_and_text(province_official, expert):
    # given
    make_expert(province_official, region="370102", name="刘洋", specialties=("33",))
    client = client_for(province_official)
    url = reverse("experts:list")
    # then
    page = client.get(url).content.decode()
    assert "马林" in page
    assert "刘洋" in page
    by_class = client.get(url, {"specialty": "2614"}).content.decode()  # a chemicals class
    assert "马林" in by_class
    assert "刘洋" not in by_class
    by_region = client.get(url, {"region": "370100"}).content.decode()
    assert "刘洋" in by_region
    assert "马林" not in by_region
    assert "马林" not in client.get(url, {"status": "suspended"}).content.decode()
    assert "刘洋" in client.get(url, {"q": "ZJ370000-0002"}).content.decode()
    assert "马林" in client.get(url, {"field": "cp_audit"}).content.decode()
    assert "马林" not in client.get(url, {"field": "energy"}).content.decode()


@pytest.mark.parametrize(
    ("role", "region", "expected"),
    [
        ("provincial_official", "370000", 200),
        ("municipal_official", "370300", 200),
        ("county_official", "370303", 200),
        ("county_official", "370305", 200),  # the provincial pool is read province-wide
        ("county_official", "440305", 404),  # another province
        ("municipal_official", "440300", 404),
        ("enterprise_user", "370303", 404),
    ],
)
def test_the_expert_page_is_scoped(signed_in, expert, role, region, expected):
    client = signed_in(role, region)
    assert client.get(reverse("experts:detail", args=[expert.pk])).status_code == expected


def test_contacts_are_masked_for_officials_who_do_not_examine(signed_in, province_official, expert):
    # the examiner sees them masked too, with the button that shows them on record
    # (test_contacts.py); other officials get no button
    examiner = client_for(province_official).get(reverse("experts:detail", args=[expert.pk]))
    assert "139****5678" in examiner.content.decode()
    assert 'id="show-contacts"' in examiner.content.decode()
    county = signed_in("county_official", "370303").get(reverse("experts:detail", args=[expert.pk]))
    page = county.content.decode()
    assert "13912345678" not in page
    assert "139****5678" in page
    assert "malin@example.cn" not in page
    assert 'id="show-contacts"' not in page


def test_status_actions_need_a_reason_and_the_permission(signed_in, province_official, expert):
    # given
    url = reverse("experts:action", args=[expert.pk, "suspend"])
    # a county official may read but not suspend
    assert signed_in("county_official", "370303").post(url, {"reason": "x"}).status_code == 403
    # an out-of-province official does not even learn the expert exists
    assert signed_in("municipal_official", "440300").post(url, {"reason": "x"}).status_code == 404
    client = client_for(province_official)
    client.post(url, {"reason": ""})
    assert Expert.objects.get(pk=expert.pk).status == "active"
    response = client.post(url, {"reason": "评审迟到"})
    assert response.status_code == 302
    assert Expert.objects.get(pk=expert.pk).status == "suspended"
    page = client.get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert "评审迟到" in page
    assert 'id="action-reinstate"' in page
    assert 'id="action-suspend"' not in page


def test_an_official_records_an_application_through_the_form(province_official, regions):
    client = client_for(province_official)
    assert client.get(reverse("experts:apply")).status_code == 200
    response = client.post(
        reverse("experts:apply"),
        {
            "name": "张伟",
            "region": regions["370300"].pk,
            "title": "高级工程师",
            "employer": "淄博市环境监测站",
            "specialties": [Industry.objects.get(code="33").pk],
            "expertise": ["environment"],
            "document_kind": "cv",
            "document": pdf(),
        },
    )
    expert = Expert.objects.get(name="张伟")
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:detail", args=[expert.pk])
    assert expert.status == "applied"
    assert expert.documents.count() == 1
    admit = reverse("experts:action", args=[expert.pk, "admit"])
    client.post(admit, {"reason": ""})
    assert Expert.objects.get(pk=expert.pk).status == "active"


def test_the_application_form_is_refused_to_a_county_official(signed_in, industries):
    assert signed_in("county_official", "370303").get(reverse("experts:apply")).status_code == 403


def test_an_expert_sees_only_self_and_declares_conflicts(province_official, expert):
    # given
    other = make_expert(province_official, name="刘洋")
    account = bind_expert_account(expert)
    client = client_for(account)
    # then
    me = client.get(reverse("experts:me"))
    assert me.status_code == 200
    assert "马林" in me.content.decode()
    assert expert.pool_no in me.content.decode()
    assert client.get(reverse("experts:detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("experts:list")).content.decode()
    assert "马林" in listing
    assert "刘洋" not in listing
    # when: a conflict is declared from the own page
    response = client.post(
        reverse("experts:conflict_declare", args=[expert.pk]),
        {
            "kind": "former_employer",
            "organisation": "淄博示范化工有限公司",
            "credit_code": "91370303MA00007770",
            "back": "me",
        },
    )
    # then: refused for the bad check character, the page says why
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:me")
    assert not expert.conflicts.exists()
    code = make_code("91370303MA0000777")
    client.post(
        reverse("experts:conflict_declare", args=[expert.pk]),
        {"kind": "former_employer", "organisation": "淄博示范化工有限公司", "credit_code": code},
    )
    conflict = expert.conflicts.get()
    assert code in client.get(reverse("experts:me")).content.decode()
    # and no conflicts can be declared for another expert
    assert (
        client.post(
            reverse("experts:conflict_declare", args=[other.pk]),
            {"kind": "other", "organisation": "x", "credit_code": code},
        ).status_code
        == 404
    )
    client.post(reverse("experts:conflict_withdraw", args=[expert.pk, conflict.pk]), {})
    assert not expert.conflicts.exists()


def test_my_page_is_404_without_a_bound_expert(signed_in, industries):
    assert signed_in("expert", "370000").get(reverse("experts:me")).status_code == 404
    assert signed_in("county_official", "370303").get(reverse("experts:me")).status_code == 403
