"""The notices inbox: sending is idempotent by (recipient, key); a person sees and marks only
their own notices."""

import pytest

from cleanprod.accounts.models import Notice
from cleanprod.accounts.notices import (
    notice_mark_read,
    notice_send,
    notices_mark_all_read,
    unread_count,
)
from cleanprod.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_account):
    return make_account("county_official", "370303"), make_account("county_official", "370305")


def test_sending_the_same_key_twice_sends_once(people):
    alice, bob = people
    first = notice_send(recipients=[alice, bob], subject="逾期", body="b", link="/x/", key="k:1")
    again = notice_send(recipients=[alice, bob], subject="逾期", body="b", link="/x/", key="k:1")
    assert (first, again) == (2, 0)
    assert Notice.objects.count() == 2
    assert notice_send(recipients=[alice], subject="另一件", key="k:2") == 1


def test_inactive_accounts_get_nothing(people):
    alice, bob = people
    bob.is_active = False
    bob.save()
    assert notice_send(recipients=[alice, bob, alice], subject="s", key="k") == 1


def test_only_the_recipient_marks_a_notice_read(people):
    alice, bob = people
    notice_send(recipients=[alice], subject="s", key="k")
    notice = Notice.objects.get()
    with pytest.raises(DomainError):
        notice_mark_read(notice=notice, by=bob)
    assert unread_count(user=alice) == 1
    notice_mark_read(notice=notice, by=alice)
    assert unread_count(user=alice) == 0


def test_the_inbox_lists_my_notices_with_the_unread_count(people, client):
    alice, bob = people
    notice_send(recipients=[alice], subject="张店逾期提醒", key="a")
    notice_send(recipients=[alice], subject="第二条", key="b")
    notice_send(recipients=[bob], subject="临淄的通知", key="c")
    client.force_login(alice)
    page = client.get("/accounts/notices/").content.decode()
    assert "张店逾期提醒" in page
    assert "临淄的通知" not in page
    assert 'id="unread-count" title' in page
    assert ">2</span>" in page


def test_opening_a_notice_marks_it_read_and_follows_its_link(people, client):
    alice, bob = people
    notice_send(recipients=[alice], subject="s", link="/audits/overdue/", key="a")
    notice_send(recipients=[bob], subject="s", key="b")
    mine, theirs = Notice.objects.get(recipient=alice), Notice.objects.get(recipient=bob)
    client.force_login(alice)
    response = client.post(f"/accounts/notices/{mine.pk}/read/", {"follow": "1"})
    assert response["Location"] == "/audits/overdue/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(f"/accounts/notices/{theirs.pk}/read/").status_code == 404


def test_htmx_marks_read_and_returns_the_row(people, client):
    alice, _bob = people
    notice_send(recipients=[alice], subject="s", key="a")
    notice = Notice.objects.get()
    client.force_login(alice)
    response = client.post(f"/accounts/notices/{notice.pk}/read/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert f'id="notice-{notice.pk}"' in body
    assert 'hx-swap-oob="true">0<' in body


def test_an_offsite_link_is_not_followed(people, client):
    alice, _bob = people
    notice_send(recipients=[alice], subject="s", link="https://example.com/", key="a")
    client.force_login(alice)
    response = client.post(f"/accounts/notices/{Notice.objects.get().pk}/read/", {"follow": "1"})
    assert response["Location"] == "/accounts/notices/"


def test_mark_all_read(people, client):
    alice, bob = people
    notice_send(recipients=[alice, bob], subject="s", key="a")
    notice_send(recipients=[alice], subject="t", key="b")
    assert notices_mark_all_read(by=alice) == 2
    assert unread_count(user=alice) == 0
    assert unread_count(user=bob) == 1
    client.force_login(bob)
    assert client.post("/accounts/notices/read-all/").status_code == 302
    assert unread_count(user=bob) == 0


def test_signing_in_is_required(client, regions):
    assert client.get("/accounts/notices/").status_code == 302
