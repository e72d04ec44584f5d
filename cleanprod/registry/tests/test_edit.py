"""Officials add and edit single enterprises with the same rules as imports."""

import pytest

from cleanprod.registry.models import Enterprise
from cleanprod.testing.registry import credit_code_for, make_enterprise

pytestmark = pytest.mark.django_db


def _form(**over):
    data = {
        "credit_code": credit_code_for("370303", 777),
        "name": "网页新建有限公司",
        "region": "370303",
        "industry": "3360",
        "status": "operating",
        "key_pollutant_unit": "on",
        "other_industries": "2612;2614",
    }
    data.update(over)
    return data


def test_an_official_adds_an_enterprise_through_the_page(regions, industries, signed_in):
    client = signed_in("county_official", "370303")
    assert client.get("/registry/enterprises/new/").status_code == 200
    response = client.post("/registry/enterprises/new/", _form())
    enterprise = Enterprise.objects.get()
    assert response["Location"] == f"/registry/enterprises/{enterprise.pk}/"
    assert enterprise.key_pollutant_unit
    assert enterprise.other_industries.count() == 2


def test_errors_come_back_on_the_form_and_nothing_is_saved(regions, industries, signed_in):
    client = signed_in("county_official", "370303")
    client.cookies["django_language"] = "en"
    response = client.post("/registry/enterprises/new/", _form(credit_code="123", industry="X"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "18 characters" in body
    assert "GB/T 4754-2017" in body
    assert 'value="网页新建有限公司"' in body  # what was typed stays
    assert not Enterprise.objects.exists()


def test_editing_is_scoped(regions, industries, signed_in):
    enterprise = make_enterprise("370305", name="临淄编辑有限公司")
    other = signed_in("county_official", "370303")
    assert other.get(f"/registry/enterprises/{enterprise.pk}/edit/").status_code == 404
    own = signed_in("county_official", "370305")
    page = own.get(f"/registry/enterprises/{enterprise.pk}/edit/").content.decode()
    assert "临淄编辑有限公司" in page
    data = _form(credit_code=enterprise.credit_code, region="370305", name="临淄改名有限公司")
    own.post(f"/registry/enterprises/{enterprise.pk}/edit/", data)
    assert Enterprise.objects.get(pk=enterprise.pk).name == "临淄改名有限公司"
    provincial = signed_in("provincial_official", "370000")
    assert provincial.get(f"/registry/enterprises/{enterprise.pk}/edit/").status_code == 200
