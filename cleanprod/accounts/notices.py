"""The notices inbox (站内通知): services that send and mark notices, and the reads of one
person's inbox. Sending is idempotent: a `key` names the occasion ("deadline:12:overdue"), and
the unique (recipient, key) means the same person never gets the same notice twice, however
often the sender runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.models import Notice, User
from cleanprod.core.errors import DomainError


@transaction.atomic
def notice_send(
    *, recipients: Iterable[User], subject: str, body: str = "", link: str = "", key: str
) -> int:
    """Send one notice to each recipient that has not had `key` yet; returns how many were new.
    Inactive accounts are skipped."""
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not people:
        return 0
    had = set(
        Notice.objects.filter(recipient_id__in=people, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [
        Notice(
            recipient_id=pk,
            subject=str(subject)[:200],
            body=str(body),
            link=link[:200],
            key=key[:120],
        )
        for pk in people
        if pk not in had
    ]
    # a concurrent sender may have written the same (recipient, key): the constraint wins
    Notice.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


@transaction.atomic
def notice_mark_read(*, notice: Notice, by: Any) -> Notice:
    """Mark one of the person's own notices read (the first reading counts)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.recipient_id != getattr(by, "pk", None):
        raise DomainError("notice.not_found", _("No such notice."), status=404)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def notices_mark_all_read(*, by: Any) -> int:
    """Mark every unread notice of the person read; returns how many."""
    return Notice.objects.filter(recipient=by).unread().update(read_at=timezone.now())


def notices_for(*, user: Any, unread_only: bool = False, limit: int = 200) -> list[Notice]:
    """The person's newest notices."""
    qs = Notice.objects.filter(recipient=user)
    if unread_only:
        qs = qs.unread()
    return list(qs[:limit])


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user).unread().count()
