"""Saving an enterprise: the same checks for every door, scope, search tokens, history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from cleanprod.core.errors import DomainError
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.enterprises import enterprise_save
from cleanprod.registry.services.facts import fact_add
from cleanprod.testing.registry import credit_code_for, make_enterprise

pytestmark = pytest.mark.django_db


def _data(**over):
    data = {
        "credit_code": credit_code_for("370303"),
        "name": "淄博测试电镀有限公司",
        "region": "370303",
        "industry": "3360",
        "status": "operating",
    }
    data.update(over)
    return data


def test_an_official_creates_an_enterprise_in_the_county(make_account, regions, industries):
    official = make_account("county_official", "370303")
    enterprise = enterprise_save(data=_data(), by=official)
    assert enterprise.industry_path == "C/33/336/3360/"
    assert " 电镀 " in enterprise.search_tokens
    assert enterprise.history.count() == 1


def test_a_bad_credit_code_is_refused_with_the_reason(make_account, regions, industries):
    official = make_account("county_official", "370303")
    with pytest.raises(DomainError) as refused, translation.override("en"):
        enterprise_save(data=_data(credit_code="91370303MA00000011"), by=official)
    assert "check character" in refused.value.fields["credit_code"][0]
    assert not Enterprise.objects.exists()


def test_a_county_official_cannot_create_in_another_county(make_account, regions, industries):
    official = make_account("county_official", "370303")
    with pytest.raises(PermissionDenied):
        enterprise_save(data=_data(region="370305"), by=official)


def test_a_region_that_is_not_a_county_is_refused(make_account, regions, industries):
    official = make_account("municipal_official", "370300")
    with pytest.raises(DomainError) as refused:
        enterprise_save(data=_data(region="370300"), by=official)
    assert "region" in refused.value.fields


def test_a_change_is_kept_in_the_history(make_account, regions, industries):
    official = make_account("county_official", "370303")
    enterprise = make_enterprise("370303", name="旧名称有限公司")
    data = _data(
        credit_code=enterprise.credit_code, name="新名称有限公司", former_names="旧名称有限公司"
    )
    enterprise_save(data=data, by=official, enterprise=enterprise)
    names = list(enterprise.history.order_by("history_id").values_list("name", flat=True))
    assert names == ["旧名称有限公司", "新名称有限公司"]
    assert " 旧名 " in Enterprise.objects.get(pk=enterprise.pk).search_tokens


def test_facts_refresh_the_screening_flags(regions, industries):
    import datetime
    from decimal import Decimal

    enterprise = make_enterprise("370303")
    fact_add(
        fact="energy_use",
        enterprise=enterprise,
        by=None,
        year=2025,
        total_tce=Decimal(5000),
        unit_consumption=Decimal("7.4"),
        quota=Decimal("6.5"),
    )
    fact_add(
        fact="exceedance",
        enterprise=enterprise,
        by=None,
        kind="cap",
        pollutant="SO2",
        occurred_on=datetime.date(2025, 12, 31),
        source="inspection",
    )
    enterprise.refresh_from_db()
    assert (enterprise.over_energy_quota, enterprise.exceeds_cap) == (True, True)
    assert (enterprise.exceeds_standard, enterprise.uses_toxic) == (False, False)
