"""Review rules per region: a province's policy and sheet versions apply to its reviews from
then on; errors name the line; national rows stay read-only; other provinces get 404."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.reviews.models import ReviewPolicy, SheetTemplate, Stage
from cleanprod.reviews.services.config import policy_for, template_for
from cleanprod.reviews.services.config_edit import review_policy_save, sheet_version_add
from cleanprod.testing.audits import client_for
from cleanprod.testing.reviews import apply

pytestmark = pytest.mark.django_db

ITEMS = "1 | 审核过程规范性 | 40\n2 | 方案与绩效 | 60"


@pytest.fixture
def province(world, make_account):
    return {"official": make_account("provincial_official", "370000"), **world}


def test_a_province_policy_applies_below_it_and_panels_stay_odd(province):
    shandong = Region.objects.get(code="370000")
    with pytest.raises(DomainError) as even:
        review_policy_save(region=shandong, by=province["official"], data={"panel_size": 4})
    assert even.value.code == "review_config.panel_size"
    review_policy_save(
        region=shandong, by=province["official"], data={"panel_size": 5, "pool_level": "city"}
    )
    assert policy_for(Region.objects.get(code="370303")).panel_size == 5
    with pytest.raises(PermissionDenied):
        review_policy_save(region=shandong, by=province["city"], data={"panel_size": 3})


def test_a_new_sheet_version_names_bad_lines_and_is_used_by_new_applications(province):
    zibo = Region.objects.get(code="370300")
    with pytest.raises(DomainError) as bad:
        sheet_version_add(
            region=zibo,
            stage=Stage.EVALUATION,
            by=province["official"],
            title="淄博评估表",
            items_text="1 | 过程 | 40\n2 | 缺少分值",
            vetoes_text="",
            pass_mark=Decimal(60),
        )
    assert "2" in bad.value.message
    assert not SheetTemplate.objects.filter(region=zibo).exists()
    with pytest.raises(DomainError):
        sheet_version_add(
            region=zibo,
            stage=Stage.EVALUATION,
            by=province["official"],
            title="淄博评估表",
            items_text=ITEMS,
            vetoes_text="",
            pass_mark=Decimal(120),
        )
    sheet = sheet_version_add(
        region=zibo,
        stage=Stage.EVALUATION,
        by=province["official"],
        title="淄博评估表",
        items_text=ITEMS,
        vetoes_text="V1 | 数据造假",
        pass_mark=Decimal(60),
    )
    assert sheet.version == 1
    assert sheet.total_points == 100
    assert template_for(Region.objects.get(code="370303"), Stage.EVALUATION) == sheet
    review = apply(province["audit"], by=province["ent_user"])
    assert review.template == sheet
    second = sheet_version_add(
        region=zibo,
        stage=Stage.EVALUATION,
        by=province["official"],
        title="淄博评估表",
        items_text=ITEMS,
        vetoes_text="",
        pass_mark=Decimal(65),
    )
    assert second.version == 2
    review.refresh_from_db()
    assert review.template == sheet  # a running review keeps its version


def test_the_rules_page_is_scoped(province, make_account):
    url = reverse("reviews:config")
    page = client_for(province["official"]).get(url + "?region=370000")
    assert page.status_code == 200
    assert b'id="save-policy"' in page.content
    county = client_for(province["county"]).get(url + "?region=370303")
    assert county.status_code == 200
    assert b'id="save-policy"' not in county.content
    other = (
        make_account("provincial_official", "440000")
        if Region.objects.filter(code="440000").exists()
        else province["jinan"]
    )
    assert client_for(other).get(url + "?region=370300").status_code == 404
    client_for(province["official"]).post(
        url,
        {
            "what": "policy",
            "region": "370000",
            "evaluation_organiser": "city",
            "acceptance_organiser": "province",
            "panel_size": 3,
            "leader_rule": "first_drawn",
            "pool_level": "province",
            "exclude_previous_panel": "on",
            "documents_lead_working_days": 5,
            "rectify_days": 30,
        },
    )
    assert ReviewPolicy.objects.get(region__code="370000").acceptance_organiser == "province"


def test_the_policy_form_sets_the_fields_every_panel_must_cover(province):
    url = reverse("reviews:config")
    client = client_for(province["official"])
    page = client.get(url + "?region=370000").content.decode()
    # one labelled checkbox per field of expertise (not the squeezed widget of the default
    # rendering)
    assert page.count('name="panel_fields"') == 5
    assert page.count('class="form-check-label" for="id_panel_fields_') == 5
    data = {
        "what": "policy",
        "region": "370000",
        "evaluation_organiser": "city",
        "acceptance_organiser": "city",
        "panel_size": 3,
        "leader_rule": "first_drawn",
        "pool_level": "province",
        "documents_lead_working_days": 3,
        "rectify_days": 30,
        "panel_fields": ["cp_audit", "energy"],
    }
    client.post(url, data)
    assert ReviewPolicy.objects.get(region__code="370000").panel_fields == ["cp_audit", "energy"]
    # a single seat cannot cover two fields: refused at the field, nothing changed
    refused = client.post(url, {**data, "panel_size": 1, "panel_fields": ["cp_audit", "process"]})
    assert "无法覆盖 2 个必需领域" in refused.content.decode()
    assert ReviewPolicy.objects.get(region__code="370000").panel_fields == ["cp_audit", "energy"]
