"""`trail_record()`: the only writer of TrailEvent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from cleanprod.trail import context
from cleanprod.trail.models import TrailEvent


def _actor_facts(actor: Any) -> tuple[Any, str, str, str]:
    """(user or None, user name, roles, region path) for whoever acted."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", "", ""
    roles = ",".join(sorted(actor.role_slugs())) if hasattr(actor, "role_slugs") else ""
    path = actor.region.path if getattr(actor, "region", None) is not None else ""
    return actor, actor.get_username(), roles, path


def deployment_path() -> str:
    """The trail path of events no region claims (anonymous attempts): the deployment root."""
    code = settings.CLEANPROD_DEPLOYMENT_REGION
    return f"{code}/" if code == "000000" else f"000000/{code}/"


def trail_record(
    action: str,
    *,
    by: Any = None,
    result: str = TrailEvent.Result.SUCCESS,
    obj: models.Model | None = None,
    username: str = "",
    region_path: str = "",
    details: dict[str, Any] | None = None,
) -> TrailEvent:
    """Append one event; call inside the transaction of the change it records."""
    user, actor_name, roles, actor_path = _actor_facts(by)
    ctx = context.current()
    event = TrailEvent(
        actor=user,
        actor_username=(username or actor_name)[:150],
        roles=roles[:200],
        source_ip=ctx.source_ip if ctx else None,
        action=action,
        result=result,
        region_path=region_path or actor_path or deployment_path(),
        request_id=ctx.request_id if ctx else "",
        details=details or {},
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
    event.save(force_insert=True)
    return event
