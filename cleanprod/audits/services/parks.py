"""Park and cluster audits (园区、企业集群整体审核, regulation.md §8.2): one audit case covers an
industrial park with its member enterprises, or a named cluster of chosen enterprises. It runs
the same path as an enterprise audit; when it closes, each member is deemed audited
(`rounds.audit_close` writes their rounds)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent, AuditMember, Department, Track
from cleanprod.audits.services.opening import audit_open
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise, Park

OPEN_PERM = "audits.add_audit"


def _refuse(code: str, message: str, field: str) -> DomainError:
    return DomainError(code, message, fields={field: [message]})


def _members(
    *, subject: str, park: Park | None, enterprises: Sequence[Enterprise] | None
) -> list[Enterprise]:
    """A cluster's chosen enterprises; a park's operating members, or the chosen ones among
    all its members."""
    if subject == Audit.Subject.CLUSTER or park is None:
        return list(dict.fromkeys(enterprises or []))
    members = list(park.members.operating().select_related("region").order_by("pk"))
    if not enterprises:
        return members
    of_park = set(park.members.values_list("pk", flat=True))
    outside = [e for e in enterprises if e.pk not in of_park]
    if outside:
        raise _refuse(
            "park_audit.not_in_park",
            _("Not members of the park: %(names)s.")
            % {"names": "、".join(e.name for e in outside)},
            "enterprises",
        )
    return list(dict.fromkeys(enterprises))


@transaction.atomic
def park_audit_open(
    *,
    by: Any,
    subject: str,
    listed_on: date,
    park: Park | None = None,
    title: str = "",
    region: Region | None = None,
    enterprises: Sequence[Enterprise] | None = None,
    track: str = Track.MANDATORY,
    lead_department: str = Department.ECO_ENV,
    organiser: Enterprise | None = None,
) -> Audit:
    """Open a park audit (the park's operating members, or the chosen ones among them) or a
    cluster audit (a title, a region and the chosen enterprises, all inside the region).
    Officials of the region with audits.add_audit. A member may belong to one open park or
    cluster audit at a time. The organiser, a member, runs the audit for all: its users file
    the start and the report as for their own audit."""
    if subject == Audit.Subject.PARK:
        if park is None:
            raise _refuse("park_audit.park_required", _("Choose the park."), "park")
        park = Park.objects.select_for_update().select_related("region").get(pk=park.pk)
        region, title = park.region, title.strip() or park.name
    elif subject == Audit.Subject.CLUSTER:
        title = title.strip()
        if not title:
            raise _refuse("park_audit.title_required", _("Name the cluster."), "title")
        if region is None:
            raise _refuse("park_audit.region_required", _("Choose the region."), "region")
    else:
        raise _refuse("park_audit.subject", _("Choose a park or a cluster."), "subject")
    ensure_allowed(by, OPEN_PERM, region)
    members = _members(subject=subject, park=park, enterprises=enterprises)
    if not members:
        raise _refuse(
            "park_audit.no_members",
            _("A park or cluster audit needs member enterprises."),
            "enterprises",
        )
    outside = [e for e in members if not e.region.path.startswith(region.path)]
    if outside:
        raise _refuse(
            "park_audit.outside_region",
            _("Outside %(region)s: %(names)s.")
            % {"region": region.name, "names": "、".join(e.name for e in outside)},
            "enterprises",
        )
    if organiser is not None and organiser.pk not in {e.pk for e in members}:
        raise _refuse(
            "park_audit.organiser_not_member",
            _("The organising enterprise must be one of the members."),
            "organiser",
        )
    busy = (
        AuditMember.objects.filter(enterprise__in=members)
        .exclude(audit__status__in=Audit.CLOSED_STATUSES)
        .select_related("enterprise")
    )
    if busy:
        raise _refuse(
            "park_audit.member_busy",
            _("Already in an open park or cluster audit: %(names)s.")
            % {"names": "、".join(m.enterprise.name for m in busy)},
            "enterprises",
        )
    audit = audit_open(
        track=track,
        listed_on=listed_on,
        by=by,
        park=park if subject == Audit.Subject.PARK else None,
        enterprise=organiser,
        subject=subject,
        title=title,
        region=region,
        lead_department=lead_department,
    )
    AuditMember.objects.bulk_create(AuditMember(audit=audit, enterprise=e) for e in members)
    record_event(
        AuditEvent.Type.AUDIT_DATA_CHANGED,
        by=by,
        audit=audit,
        data={"members": [e.pk for e in members]},
    )
    return audit
