"""`record_event()`: the only writer of AuditEvent. Call it inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from cleanprod.audits.models import Audit, AuditEvent, MandatoryList, VoluntaryApplication


def record_event(
    type: str,
    *,
    by: Any = None,
    audit: Audit | None = None,
    mandatory_list: MandatoryList | None = None,
    application: VoluntaryApplication | None = None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one domain event; the region is the audit's, else the list's or the applicant's."""
    if audit is not None:
        path = audit.region.path
    elif mandatory_list is not None:
        path = mandatory_list.region.path
    elif application is not None:
        path = application.enterprise.region.path
    else:
        raise ValueError("an event needs an audit, a list or an application")
    event = AuditEvent(
        type=type,
        audit=audit,
        mandatory_list=mandatory_list,
        application=application,
        actor=by if getattr(by, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data or {},
        region_path=path,
    )
    event.save(force_insert=True)
    return event
