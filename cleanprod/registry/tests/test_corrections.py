"""An enterprise corrects its own record; nothing changes until an official confirms."""

import pytest
from django.core.exceptions import PermissionDenied

from cleanprod.accounts.models import RoleAssignment
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.registry.models import Enterprise, EnterpriseCorrection
from cleanprod.registry.services.corrections import (
    correction_confirm,
    correction_propose,
    correction_reject,
)
from cleanprod.testing.registry import make_enterprise
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(regions, industries, make_account):
    enterprise = make_enterprise("370303", address="旧地址1号")
    staff = make_account("enterprise_user", "370303")
    RoleAssignment.objects.filter(user=staff).update(party_id=enterprise.pk)
    official = make_account("county_official", "370303")
    return enterprise, staff, official


def test_a_confirmed_correction_changes_the_record_and_its_history(setting):
    # given
    enterprise, staff, official = setting
    # when
    correction = correction_propose(
        enterprise=enterprise,
        by=staff,
        changes={"address": "新地址2号", "contact_phone": "13911112222"},
    )
    enterprise.refresh_from_db()
    assert enterprise.address == "旧地址1号"  # nothing changes before confirmation
    correction_confirm(correction=correction, by=official)
    # then
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.contact_phone) == ("新地址2号", "13911112222")
    latest = enterprise.history.latest()
    assert latest.history_user == official
    assert latest.history_change_reason == f"correction {correction.pk}"
    assert TrailEvent.objects.filter(action=TrailEvent.Action.CORRECTION_DECIDED).exists()


def test_fields_outside_the_rule_are_refused(setting):
    enterprise, staff, _official = setting
    with pytest.raises(DomainError) as refused:
        correction_propose(enterprise=enterprise, by=staff, changes={"name": "改名有限公司"})
    assert refused.value.code == "registry.not_editable"


def test_values_are_checked_by_the_same_rules(setting):
    enterprise, staff, _official = setting
    with pytest.raises(DomainError) as refused:
        correction_propose(enterprise=enterprise, by=staff, changes={"longitude": "200"})
    assert "longitude" in refused.value.fields


def test_one_pending_correction_at_a_time_and_decided_ones_are_final(setting):
    enterprise, staff, official = setting
    first = correction_propose(enterprise=enterprise, by=staff, changes={"address": "甲"})
    with pytest.raises(DomainError):
        correction_propose(enterprise=enterprise, by=staff, changes={"address": "乙"})
    correction_reject(correction=first, by=official, note="地址与营业执照不符")
    with pytest.raises(TransitionNotAllowed):
        correction_confirm(correction=first, by=official)
    assert Enterprise.objects.get(pk=enterprise.pk).address == "旧地址1号"
    assert EnterpriseCorrection.objects.get(pk=first.pk).note == "地址与营业执照不符"


def test_only_the_enterprise_proposes_and_only_officials_of_its_region_decide(
    setting, make_account
):
    enterprise, staff, _official = setting
    other_county = make_account("county_official", "370305")
    with pytest.raises(PermissionDenied):
        correction_propose(enterprise=enterprise, by=other_county, changes={"address": "丙"})
    correction = correction_propose(enterprise=enterprise, by=staff, changes={"address": "丁"})
    with pytest.raises(PermissionDenied):
        correction_confirm(correction=correction, by=other_county)
    with pytest.raises(PermissionDenied):
        correction_confirm(correction=correction, by=staff)


def test_the_pages_carry_the_whole_round_trip(setting, client):
    enterprise, staff, official = setting
    client.force_login(staff)
    page = client.get(f"/registry/enterprises/{enterprise.pk}/").content.decode()
    assert 'id="propose-correction"' in page
    client.post(
        f"/registry/enterprises/{enterprise.pk}/corrections/",
        {"address": "网页地址3号", "reason": "搬迁"},
    )
    correction = EnterpriseCorrection.objects.get()
    client.force_login(official)
    listing = client.get("/registry/corrections/").content.decode()
    assert enterprise.name in listing
    client.post(f"/registry/corrections/{correction.pk}/confirm/")
    assert Enterprise.objects.get(pk=enterprise.pk).address == "网页地址3号"
