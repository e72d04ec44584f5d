"""Opening an audit case and scheduling its clock. Publication of a list, acceptance of a
voluntary application and park audits all open cases through `audit_open`; every service
that completes a step calls `deadline_meet`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from cleanprod.audits import clock
from cleanprod.audits.events import record_event
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    AuditRound,
    Deadline,
    ListEntry,
    Phase,
    PhaseRecord,
)
from cleanprod.audits.services.config import deadline_rules_for, policy_for
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise, Park


def next_round_no(enterprise: Enterprise) -> int:
    """1 + the enterprise's completed rounds and open cases so far."""
    done = AuditRound.objects.filter(enterprise=enterprise).count()
    cases = (
        Audit.objects.filter(enterprise=enterprise, subject=Audit.Subject.ENTERPRISE)
        .exclude(status=Audit.Status.WITHDRAWN)
        .exclude(rounds__isnull=False)
        .count()
    )
    return done + cases + 1


@transaction.atomic
def audit_open(
    *,
    track: str,
    listed_on: date,
    by: Any,
    enterprise: Enterprise | None = None,
    park: Park | None = None,
    subject: str = Audit.Subject.ENTERPRISE,
    title: str = "",
    region: Region | None = None,
    list_entry: ListEntry | None = None,
    lead_department: str = "",
    fixed: dict[str, date] | None = None,
) -> Audit:
    """Open a case with its seven phase rows and the deadlines counted from `listed_on`
    (or fixed by the list's notice). Callers check permissions; this is their common part."""
    if region is None:
        region = enterprise.region if enterprise is not None else park.region  # type: ignore[union-attr]
    audit = Audit(
        track=track,
        subject=subject,
        enterprise=enterprise,
        park=park,
        title=title,
        region=region,
        round_no=(
            next_round_no(enterprise)
            if enterprise is not None and subject == Audit.Subject.ENTERPRISE
            else 1
        ),
        list_entry=list_entry,
        lead_department=lead_department,
        listed_on=listed_on,
    )
    audit.full_clean()
    audit.save()
    PhaseRecord.objects.bulk_create(PhaseRecord(audit=audit, phase=p) for p in Phase.values)
    deadlines_schedule(audit=audit, anchor="listed", anchor_date=listed_on, fixed=fixed)
    record_event(
        AuditEvent.Type.AUDIT_CREATED,
        by=by,
        audit=audit,
        to_status=audit.status,
        data={"track": track, "round": audit.round_no, "listed_on": listed_on.isoformat()},
    )
    return audit


def deadlines_schedule(
    *, audit: Audit, anchor: str, anchor_date: date, fixed: dict[str, date] | None = None
) -> list[Deadline]:
    """Create the deadlines counted from `anchor` (the region's rules for the audit's track),
    with any date the notice fixed taking the rule's place. Existing steps are left alone."""
    policy = policy_for(audit.region)
    fixed = dict(fixed or {})
    created = []
    existing = set(audit.deadlines.values_list("step", flat=True))
    plans: dict[str, tuple[date, str, str]] = {}
    for step, rule in deadline_rules_for(audit.region, audit.track).items():
        if rule.anchor == anchor:
            due = clock.due_date(
                anchor_date, months=rule.months, days=rule.days, working_days=rule.working_days
            )
            plans[step] = (due, Deadline.Source.RULE, rule.basis)
    if anchor == "listed":
        for step, due in fixed.items():
            plans[step] = (due, Deadline.Source.FIXED, "")
    for step, (due, source, basis) in plans.items():
        if step in existing:
            continue
        city, province = clock.alert_dates(
            due,
            city_days=policy.escalate_city_days,
            province_days=policy.escalate_province_days,
        )
        created.append(
            Deadline(
                audit=audit,
                step=step,
                due_on=due,
                source=source,
                basis=basis[:200],
                city_alert_on=city,
                province_alert_on=province,
            )
        )
    return Deadline.objects.bulk_create(created)


def deadline_meet(*, audit: Audit, step: str, on: date, by: Any) -> Deadline | None:
    """Mark `step` met (first time only) and record it; None when the audit has no such step."""
    deadline = audit.deadlines.select_for_update().filter(step=step).first()
    if deadline is None or deadline.met_on is not None:
        return deadline
    deadline.met_on = on
    deadline.save(update_fields=["met_on"])
    record_event(
        AuditEvent.Type.DEADLINE_MET,
        by=by,
        audit=audit,
        data={
            "step": step,
            "due_on": deadline.due_on.isoformat(),
            "met_on": on.isoformat(),
            "late": on > deadline.due_on,
        },
    )
    return deadline
