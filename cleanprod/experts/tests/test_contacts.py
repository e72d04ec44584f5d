"""An expert's phone and email are personal data: masked to examiners in pages and the API,
shown in full when an examiner asks (recorded in the trail), always in full to the expert."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cleanprod.experts.tests.factories import bind_expert_account, make_expert
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _shown() -> list[TrailEvent]:
    return list(TrailEvent.objects.filter(action=TrailEvent.Action.PERSONAL_DATA_SHOWN))


def test_the_examiner_sees_masked_contacts_until_asking_and_the_asking_is_recorded(
    province_official,
):
    expert = make_expert(province_official)
    client = _client(province_official)
    page = client.get(f"/experts/{expert.pk}/").content.decode()
    assert "13912345678" not in page
    assert "malin@example.cn" not in page
    assert 'id="show-contacts"' in page
    assert not _shown()
    # when the examiner asks
    shown = client.post(f"/experts/{expert.pk}/contacts/").content.decode()
    # then the contacts are shown and the trail names who saw whose
    assert "13912345678" in shown
    assert "malin@example.cn" in shown
    (event,) = _shown()
    assert (event.actor, event.details["pool_no"]) == (province_official, expert.pool_no)
    assert event.details["fields"] == ["phone", "email"]


def test_the_api_masks_contacts_and_shows_them_through_a_recorded_action(province_official):
    expert = make_expert(province_official)
    client = APIClient()
    client.force_authenticate(province_official)
    detail = client.get(f"/api/v1/experts/{expert.pk}/").json()
    assert detail["phone"] != "13912345678"
    assert detail["email"] != "malin@example.cn"
    assert not _shown()
    shown = client.post(f"/api/v1/experts/{expert.pk}/contacts/").json()
    assert shown == {"phone": "13912345678", "email": "malin@example.cn"}
    assert len(_shown()) == 1


def test_people_who_do_not_examine_the_pool_cannot_ask(province_official, make_account):
    expert = make_expert(province_official)
    county = make_account("county_official", "370303")
    assert _client(county).post(f"/experts/{expert.pk}/contacts/").status_code in (403, 404)
    other = make_expert(province_official, name="刘洋")
    own = _client(bind_expert_account(other))
    assert own.post(f"/experts/{expert.pk}/contacts/").status_code in (403, 404)
    assert not _shown()


def test_the_expert_sees_their_own_contacts_without_a_record(province_official):
    expert = make_expert(province_official)
    page = _client(bind_expert_account(expert)).get("/experts/me/").content.decode()
    assert "13912345678" in page
    assert 'id="show-contacts"' not in page
    assert not _shown()
