"""Reads of the legal clock: the overdue board and the due-soon list of a jurisdiction.

An unmet deadline of an open audit reaches the boards in turn: a county-level viewer sees it
from the day after `due_on`, a city-level viewer from `city_alert_on`, a province-level viewer
from `province_alert_on`. The viewer's level is the level of the region of each grant that
carries `audits.view_overdue_audit`, so a person with several assignments sees each region
at its own level."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Q, QuerySet

from cleanprod.audits.models import Audit, AuditPolicy, Deadline, Step
from cleanprod.audits.services.config import policy_for
from cleanprod.regions.models import Region

PERM = "audits.view_overdue_audit"
COUNTY, CITY, PROVINCE = "county", "city", "province"
BOARD_LEVELS = (COUNTY, CITY, PROVINCE)
LEVEL_OF_REGION = {
    Region.Level.COUNTY: COUNTY,
    Region.Level.PREFECTURE: CITY,
    Region.Level.PROVINCE: PROVINCE,
    Region.Level.NATION: PROVINCE,
}
LIMIT = 2000


def _reached(level: str, today: date) -> Q:
    """Deadlines that are on the `level` board as of `today`."""
    if level == COUNTY:
        return Q(due_on__lt=today)
    if level == CITY:
        return Q(city_alert_on__lte=today)
    return Q(province_alert_on__lte=today)


@dataclass(frozen=True)
class BoardRow:
    deadline: Deadline
    today: date

    @property
    def audit(self) -> Audit:
        return self.deadline.audit

    @property
    def subject(self) -> str:
        audit = self.audit
        if audit.enterprise_id is not None:
            return audit.enterprise.name
        return audit.title or (audit.park.name if audit.park_id else "")

    @property
    def days_overdue(self) -> int:
        return (self.today - self.deadline.due_on).days

    @property
    def days_left(self) -> int:
        return (self.deadline.due_on - self.today).days

    @property
    def stage(self) -> str:
        """Which board the deadline has reached: county, city, province (or "" not yet)."""
        d = self.deadline
        if self.today >= d.province_alert_on:
            return PROVINCE
        if self.today >= d.city_alert_on:
            return CITY
        return COUNTY if self.today > d.due_on else ""

    def as_export(self) -> dict[str, Any]:
        d, audit = self.deadline, self.audit
        return {
            "subject": self.subject,
            "credit_code": audit.enterprise.credit_code if audit.enterprise_id else "",
            "region": audit.region.name,
            "track": audit.track,
            "step": d.step,
            "due_on": d.due_on,
            "days_overdue": max(self.days_overdue, 0),
            "stage": self.stage,
            "alerts": d.overdue_level,
        }


def viewer_reach(scope: Any) -> list[tuple[str, bool, str]]:
    """(region path, with descendants, board level) for each grant of the board permission."""
    grants = [g for g in scope.grants(PERM) if not g.party]
    levels = dict(
        Region.objects.filter(path__in={g.path for g in grants}).values_list("path", "level")
    )
    return [
        (g.path, g.descendants, LEVEL_OF_REGION[levels[g.path]]) for g in grants if g.path in levels
    ]


def _open_unmet() -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(met_on__isnull=True)
        .exclude(audit__status__in=Audit.CLOSED_STATUSES)
        .select_related("audit__region", "audit__enterprise", "audit__park")
    )


def _filtered(qs: QuerySet[Deadline], step: str, county: str) -> QuerySet[Deadline]:
    if step in Step.values:
        qs = qs.filter(step=step)
    if county:
        qs = qs.filter(audit__region__code=county)
    return qs


def overdue_board(
    *, scope: Any, today: date, level: str | None = None, step: str = "", county: str = ""
) -> list[BoardRow]:
    """Unmet deadlines past due in the person's jurisdiction, as far as each of their grants'
    level reaches; `level` narrows to what has reached that board (county, city, province)."""
    reach: Q | None = None
    for path, descendants, viewer_level in viewer_reach(scope):
        where = (
            Q(audit__region__path__startswith=path) if descendants else Q(audit__region__path=path)
        )
        part = where & _reached(viewer_level, today)
        reach = part if reach is None else reach | part
    if reach is None:
        return []
    qs = _open_unmet().filter(reach)
    if level in BOARD_LEVELS:
        qs = qs.filter(_reached(level, today))
    qs = _filtered(qs, step, county).order_by("due_on", "pk")
    return [BoardRow(d, today) for d in qs[:LIMIT]]


def due_soon_board(*, scope: Any, today: date, step: str = "", county: str = "") -> list[BoardRow]:
    """Unmet deadlines not yet due whose reminder window (the region's `due_soon_days`) has
    opened, in the person's jurisdiction."""
    window = AuditPolicy.objects.aggregate(m=Max("due_soon_days"))["m"]
    window = window or AuditPolicy._meta.get_field("due_soon_days").default
    qs = (
        _open_unmet()
        .in_scope(scope, PERM)
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=window))
    )
    qs = _filtered(qs, step, county).order_by("due_on", "pk")
    policies: dict[int, AuditPolicy] = {}
    rows = []
    for d in qs[:LIMIT]:
        region = d.audit.region
        if region.pk not in policies:
            policies[region.pk] = policy_for(region)
        if d.due_on - timedelta(days=policies[region.pk].due_soon_days) <= today:
            rows.append(BoardRow(d, today))
    return rows


def board_counties(*, scope: Any) -> Iterable[Region]:
    """The counties a viewer may filter the board by."""
    return Region.objects.in_scope(scope, PERM).current().filter(level=Region.Level.COUNTY)
