"""The daily sweep of the legal clock. For every unmet deadline of an open audit it

1. reminds the enterprise and its agency `due_soon_days` before the due date (once);
2. the day after the due date, tells them again and alerts the county officials (level 1);
3. from `city_alert_on`, alerts the municipal officials (level 2);
4. from `province_alert_on`, alerts the provincial officials (level 3).

Each stage happens once per deadline (`reminded_at`, `overdue_level`), writes its event and
sends its notices under a key, so running the sweep twice a day, or after days of downtime,
sends every notice exactly once. The clock is generic over `Deadline` rows: evaluation and
acceptance deadlines (scheduled by the review capability through `deadlines_schedule`) are
swept the same way. `today` is always passed in; tests drive it, the task uses the local date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cleanprod.accounts.notices import notice_send
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent, AuditPolicy, Deadline, Step
from cleanprod.audits.services.config import policy_for
from cleanprod.audits.services.recipients import (
    CITY,
    COUNTY,
    PROVINCE,
    audit_parties,
    link_to,
    officials_covering,
)

DEFAULT_SOON = AuditPolicy._meta.get_field("due_soon_days").default


@dataclass
class SweepResult:
    """What one sweep did: deadlines per stage and notices sent."""

    today: date
    reminded: int = 0
    overdue: int = 0
    escalated_city: int = 0
    escalated_province: int = 0
    notices: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "reminded": self.reminded,
            "overdue": self.overdue,
            "escalated_city": self.escalated_city,
            "escalated_province": self.escalated_province,
            "notices": self.notices,
        }


def deadlines_sweep(*, today: date) -> SweepResult:
    """Remind, mark overdue and escalate as of `today`; idempotent. Each deadline is handled in
    its own transaction with its row locked (rows another sweeper holds are skipped)."""
    result = SweepResult(today=today)
    soon = AuditPolicy.objects.aggregate(m=Max("due_soon_days"))["m"] or DEFAULT_SOON
    candidates = (
        Deadline.objects.filter(met_on__isnull=True)
        .exclude(audit__status__in=Audit.CLOSED_STATUSES)
        .filter(
            Q(reminded_at__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=soon))
            | Q(due_on__lt=today, overdue_level__lt=3)
        )
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )
    policies: dict[int, AuditPolicy] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for pk in list(candidates):
            _sweep_one(pk, today, policies, result)
    return result


def _locked(pk: int) -> Deadline | None:
    qs = Deadline.objects.select_related("audit__region", "audit__enterprise")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    else:
        qs = qs.select_for_update()
    return qs.filter(pk=pk, met_on__isnull=True).first()


@transaction.atomic
def _sweep_one(pk: int, today: date, policies: dict[int, AuditPolicy], result: SweepResult) -> None:
    deadline = _locked(pk)
    if deadline is None or deadline.audit.status in Audit.CLOSED_STATUSES:
        return
    audit = deadline.audit
    if audit.region_id not in policies:
        policies[audit.region_id] = policy_for(audit.region)
    policy = policies[audit.region_id]
    changed: list[str] = []
    remind_from = deadline.due_on - timedelta(days=policy.due_soon_days)
    if deadline.reminded_at is None and remind_from <= today <= deadline.due_on:
        result.notices += _tell(deadline, "remind", _owners(deadline))
        deadline.reminded_at = timezone.now()
        changed.append("reminded_at")
        record_event(AuditEvent.Type.DEADLINE_REMINDED, audit=audit, data=_data(deadline))
        result.reminded += 1
    stages = (
        (1, today > deadline.due_on, "overdue", COUNTY),
        (2, today >= deadline.city_alert_on, "city", CITY),
        (3, today >= deadline.province_alert_on, "province", PROVINCE),
    )
    for level, reached, stage, role in stages:
        if not reached or deadline.overdue_level >= level:
            continue
        officials = list(officials_covering(role, audit.region.path))
        people = [*_owners(deadline), *officials] if level == 1 else officials
        result.notices += _tell(deadline, stage, people)
        deadline.overdue_level = level
        if level == 1:
            record_event(AuditEvent.Type.DEADLINE_OVERDUE, audit=audit, data=_data(deadline))
            result.overdue += 1
        else:
            data = {**_data(deadline), "to": stage}
            record_event(AuditEvent.Type.DEADLINE_ESCALATED, audit=audit, data=data)
            if level == 2:
                result.escalated_city += 1
            else:
                result.escalated_province += 1
        if "overdue_level" not in changed:
            changed.append("overdue_level")
    if changed:
        deadline.save(update_fields=changed)


# steps the authority owes (the review is its to organise), not the enterprise
AUTHORITY_STEPS = (Step.EVALUATION, Step.ACCEPTANCE)


def _owners(deadline: Deadline) -> list:  # type: ignore[type-arg]
    """Who must act on the step: the enterprise and its agency, or for an evaluation or
    acceptance to conclude, the county and city officials covering the audit."""
    audit = deadline.audit
    if deadline.step in AUTHORITY_STEPS:
        path = audit.region.path
        return [*officials_covering(COUNTY, path), *officials_covering(CITY, path)]
    return list(audit_parties(audit))


def _data(deadline: Deadline) -> dict[str, object]:
    return {"step": deadline.step, "due_on": deadline.due_on.isoformat()}


def _tell(deadline: Deadline, stage: str, people: list) -> int:  # type: ignore[type-arg]
    """One notice per person for this deadline and stage (keyed, so never twice)."""
    audit = deadline.audit
    values = {
        "step": Step(deadline.step).label,
        "audit": str(audit),
        "due": deadline.due_on.isoformat(),
    }
    if stage == "remind":
        subject = _("Due soon: %(step)s for %(audit)s by %(due)s") % values
        body = _("Please complete “%(step)s” for %(audit)s by %(due)s.") % values
    elif stage == "overdue":
        subject = _("Overdue: %(step)s for %(audit)s was due on %(due)s") % values
        body = _("“%(step)s” for %(audit)s was due on %(due)s and is not done.") % values
    else:
        subject = _("Escalated: %(step)s for %(audit)s overdue since %(due)s") % values
        body = _("“%(step)s” for %(audit)s has been overdue since %(due)s.") % values
    link = link_to("audits:case", audit.pk) or link_to("audits:detail", audit.pk)
    return notice_send(
        recipients=people,
        subject=subject,
        body=body,
        link=link,
        key=f"deadline:{deadline.pk}:{stage}",
    )
