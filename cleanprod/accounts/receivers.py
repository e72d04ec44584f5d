"""Sign-in, sign-out and lockout land in the security trail; changes to what makes up a
person's scope renew their `scope_stamp` (see `accounts.scope`)."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cleanprod.accounts.backends import ALREADY_LOCKED
from cleanprod.accounts.models import Role, RoleAssignment, User, new_scope_stamp
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

AUTH_AT = "cleanprod_auth_at"


def _known_path(username: str) -> str:
    user = User.objects.select_related("region").filter(username=username).first()
    return user.region.path if user is not None and user.region is not None else ""


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_AT] = int(time.time())
    trail_record(TrailEvent.Action.LOGIN, by=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, ALREADY_LOCKED, False))
    trail_record(
        TrailEvent.Action.LOGIN_FAILED,
        username=username,
        result=TrailEvent.Result.DENIED if locked else TrailEvent.Result.FAILURE,
        region_path=_known_path(username),
        details={"reason": "locked_out" if locked else "bad_credentials"},
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    if getattr(request, ALREADY_LOCKED, False):
        return  # axes repeats the signal for each refused attempt; the lock is recorded once
    trail_record(
        TrailEvent.Action.LOCKED_OUT,
        username=str(username or "")[:150],
        result=TrailEvent.Result.DENIED,
        region_path=_known_path(str(username or "")),
        details={"ip_address": kwargs.get("ip_address") or ""},
    )


@receiver(user_logged_out)
def on_logged_out(
    sender: Any, request: Any = None, user: User | None = None, **kwargs: Any
) -> None:
    if user is not None:
        trail_record(TrailEvent.Action.LOGOUT, by=user, obj=user)


@receiver(post_save, sender=RoleAssignment, dispatch_uid="accounts.stamp_on_assignment_save")
@receiver(post_delete, sender=RoleAssignment, dispatch_uid="accounts.stamp_on_assignment_delete")
def on_assignment_changed(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    User.objects.filter(pk=instance.user_id).update(scope_stamp=new_scope_stamp())


@receiver(post_save, sender=Role, dispatch_uid="accounts.stamp_on_role_save")
def on_role_saved(sender: Any, instance: Role, created: bool, **kwargs: Any) -> None:
    if not created:
        _renew_holders(instance.pk)


@receiver(m2m_changed, sender=Role.permissions.through, dispatch_uid="accounts.stamp_on_perms")
def on_role_permissions_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if reverse and pk_set is None:  # permission.role_set.clear(): which roles is not told
        User.objects.update(scope_stamp=new_scope_stamp())
    elif reverse:  # permission.role_set changed: instance is the permission, pk_set the roles
        for role_id in pk_set:
            _renew_holders(role_id)
    else:
        _renew_holders(instance.pk)


def _renew_holders(role_id: int) -> None:
    """Everyone who holds the role gets a new stamp (one UPDATE)."""
    User.objects.filter(assignments__role_id=role_id).update(scope_stamp=new_scope_stamp())
