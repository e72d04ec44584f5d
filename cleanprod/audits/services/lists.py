"""The mandatory list's workflow up to approval: compile (screen, add, drop, restore, fix
dates), submit, return, approve (four eyes). Publication and amendments are in
services/list_publishing.py. Each step looks itself up in `workflow.LIST_TRANSITIONS`, checks
the person's permission on the list and records an AuditEvent in the same transaction.

draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──amend──▶ published
  ▲                   │                      │
  └──────return───────┴──────────return──────┘
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import can, ensure_allowed
from cleanprod.accounts.scope import scope_for
from cleanprod.audits.events import record_event
from cleanprod.audits.models import (
    AuditEvent,
    ListDeadline,
    ListEntry,
    MandatoryList,
    Step,
    Trigger,
)
from cleanprod.audits.services.screening import Candidate, lead_department, screening_candidates
from cleanprod.audits.workflow import ListAction, list_step
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise


def lock_list(mandatory_list: MandatoryList) -> MandatoryList:
    """The list's row, locked for the rest of the transaction (lists are locked first)."""
    return (
        MandatoryList.objects.select_for_update().select_related("region").get(pk=mandatory_list.pk)
    )


def step_to(mandatory_list: MandatoryList, action: str, by: Any) -> str | None:
    """The status `action` leads to; 409 when the status does not allow it, 403 without the
    permission on this list."""
    step = list_step(mandatory_list.status, action)
    ensure_allowed(by, step.perm, mandatory_list)
    return step.to


def required_text(value: str, field: str, message: str) -> str:
    """The trimmed text, or a DomainError naming the field."""
    value = (value or "").strip()
    if not value:
        raise DomainError(
            f"list.{field}_required", message, fields={field: [_("This value is required.")]}
        )
    return value


def clean_triggers(values: Iterable[str]) -> list[str]:
    """At least one known Trigger value, without repeats, in the table's order."""
    chosen = list(dict.fromkeys(values or []))
    unknown = [v for v in chosen if v not in Trigger.values]
    if unknown or not chosen:
        raise DomainError(
            "list.triggers_invalid",
            _("Choose at least one legal reason.")
            if not chosen
            else _("Unknown reasons: %(values)s.") % {"values": ", ".join(unknown)},
            fields={"triggers": [_("Choose at least one legal reason.")]},
        )
    return sorted(chosen, key=Trigger.values.index)


def taken_elsewhere(mandatory_list: MandatoryList, enterprise: Enterprise) -> MandatoryList | None:
    """Another list of the same year the enterprise is on, if any."""
    entry = (
        ListEntry.objects.filter(
            enterprise=enterprise,
            mandatory_list__year=mandatory_list.year,
            included=True,
            removed=False,
        )
        .exclude(mandatory_list=mandatory_list)
        .select_related("mandatory_list")
        .first()
    )
    return entry.mandatory_list if entry else None


def check_listable(mandatory_list: MandatoryList, enterprise: Enterprise, by: Any) -> None:
    """The enterprise lies in the list's region, the person may see it, and it is on no other
    list of the same year."""
    if not enterprise.region.path.startswith(mandatory_list.region.path) or not can(
        by, "registry.view_enterprise", enterprise
    ):
        raise DomainError(
            "list.enterprise_outside",
            _("%(name)s is not in %(region)s or not in your jurisdiction.")
            % {"name": enterprise.name, "region": mandatory_list.region.name},
            fields={"enterprise": [_("Not in the list's region.")]},
        )
    other = taken_elsewhere(mandatory_list, enterprise)
    if other is not None:
        raise DomainError(
            "list.on_other_list",
            _("%(name)s is already on “%(list)s” for the same year.")
            % {"name": enterprise.name, "list": other.title},
            fields={"enterprise": [_("Already on another list of this year.")]},
        )


# --- compiling -----------------------------------------------------------------------------


@transaction.atomic
def list_create(
    *, region: Region, year: int, title: str, by: Any, batch: int = 1, note: str = ""
) -> MandatoryList:
    """A new draft list; one list per region, year and batch."""
    ensure_allowed(by, "audits.add_mandatorylist", region)
    title = required_text(title, "title", _("Give the list a title."))
    if MandatoryList.objects.filter(region=region, year=year, batch=batch).exists():
        raise DomainError(
            "list.exists",
            _("%(region)s already has a list for %(year)s, batch %(batch)s.")
            % {"region": region.name, "year": year, "batch": batch},
            fields={"batch": [_("Choose another batch number.")]},
            status=409,
        )
    mandatory_list = MandatoryList(
        region=region, year=year, batch=batch, title=title, note=note, created_by=by
    )
    mandatory_list.full_clean()
    mandatory_list.save()
    record_event(
        AuditEvent.Type.LIST_CREATED,
        by=by,
        mandatory_list=mandatory_list,
        to_status=mandatory_list.status,
        data={"year": year, "batch": batch, "region": region.code},
    )
    return mandatory_list


@dataclass(frozen=True)
class ScreenResult:
    mandatory_list: MandatoryList
    candidates: int
    added: int


@transaction.atomic
def list_screen(
    *, mandatory_list: MandatoryList, by: Any, today: date | None = None
) -> ScreenResult:
    """Put the screening candidates that are not on the draft yet onto it (origin screening);
    entries already there, included or dropped, are left as they are."""
    mandatory_list = lock_list(mandatory_list)
    step_to(mandatory_list, ListAction.SCREEN, by)
    candidates = screening_candidates(
        region=mandatory_list.region,
        year=mandatory_list.year,
        scope=scope_for(by),
        today=today,
        exclude_list=mandatory_list,
    )
    present = set(mandatory_list.entries.values_list("enterprise_id", flat=True))
    new = [c for c in candidates if c.enterprise.pk not in present]
    ListEntry.objects.bulk_create(_entry(mandatory_list, c) for c in new)
    record_event(
        AuditEvent.Type.LIST_SCREENED,
        by=by,
        mandatory_list=mandatory_list,
        data={
            "candidates": len(candidates),
            "added": len(new),
            "already_on_list": len(candidates) - len(new),
        },
    )
    return ScreenResult(mandatory_list, len(candidates), len(new))


def _entry(mandatory_list: MandatoryList, candidate: Candidate) -> ListEntry:
    return ListEntry(
        mandatory_list=mandatory_list,
        enterprise=candidate.enterprise,
        triggers=candidate.triggers,
        lead_department=candidate.lead_department,
        reason_text=candidate.reason_text,
        origin=ListEntry.Origin.SCREENING,
    )


@transaction.atomic
def list_entry_add(
    *,
    mandatory_list: MandatoryList,
    enterprise: Enterprise,
    triggers: Iterable[str],
    reason: str,
    by: Any,
    reason_text: str = "",
) -> ListEntry:
    """Add an enterprise by hand, with the legal reasons chosen and a written reason."""
    mandatory_list = lock_list(mandatory_list)
    step_to(mandatory_list, ListAction.EDIT, by)
    reason = required_text(reason, "reason", _("Say why the enterprise is added."))
    chosen = clean_triggers(triggers)
    existing = mandatory_list.entries.filter(enterprise=enterprise).first()
    if existing is not None:
        message = (
            _("%(name)s is already on the list.")
            if existing.included
            else _("%(name)s was dropped from the list; restore it instead.")
        )
        raise DomainError(
            "list.entry_exists",
            message % {"name": enterprise.name},
            fields={"enterprise": [_("Already on the list.")]},
        )
    check_listable(mandatory_list, enterprise, by)
    entry = ListEntry(
        mandatory_list=mandatory_list,
        enterprise=enterprise,
        triggers=chosen,
        lead_department=lead_department(enterprise.region, chosen),
        reason_text=reason_text.strip() or ", ".join(str(Trigger(t).label) for t in chosen),
        origin=ListEntry.Origin.MANUAL,
        decision_reason=reason,
    )
    entry.full_clean()
    entry.save()
    record_event(
        AuditEvent.Type.LIST_ENTRY_ADDED,
        by=by,
        mandatory_list=mandatory_list,
        comment=reason,
        data={
            "enterprise": enterprise.pk,
            "credit_code": enterprise.credit_code,
            "triggers": chosen,
        },
    )
    return entry


def _entry_decision(entry: ListEntry, *, include: bool, reason: str, by: Any) -> ListEntry:
    mandatory_list = lock_list(entry.mandatory_list)
    step_to(mandatory_list, ListAction.EDIT, by)
    entry = ListEntry.objects.select_for_update().select_related("enterprise").get(pk=entry.pk)
    if entry.included == include:
        message = (
            _("%(name)s is already on the list.") if include else _("%(name)s was already dropped.")
        )
        raise TransitionNotAllowed(
            "list.entry_unchanged", message % {"name": entry.enterprise.name}
        )
    if include:
        check_listable(mandatory_list, entry.enterprise, by)
    entry.included, entry.decision_reason = include, reason
    entry.full_clean()
    entry.save(update_fields=["included", "decision_reason"])
    record_event(
        AuditEvent.Type.LIST_ENTRY_RESTORED if include else AuditEvent.Type.LIST_ENTRY_DROPPED,
        by=by,
        mandatory_list=mandatory_list,
        comment=reason,
        data={"enterprise": entry.enterprise_id, "credit_code": entry.enterprise.credit_code},
    )
    return entry


@transaction.atomic
def list_entry_drop(*, entry: ListEntry, reason: str, by: Any) -> ListEntry:
    """Drop a candidate from the draft; it stays visible as excluded, with the reason."""
    reason = required_text(reason, "reason", _("Say why the enterprise is dropped."))
    return _entry_decision(entry, include=False, reason=reason, by=by)


@transaction.atomic
def list_entry_restore(*, entry: ListEntry, reason: str, by: Any) -> ListEntry:
    """Put a dropped candidate back on the draft, with the reason."""
    reason = required_text(reason, "reason", _("Say why the enterprise is restored."))
    return _entry_decision(entry, include=True, reason=reason, by=by)


@transaction.atomic
def list_deadlines_set(
    *, mandatory_list: MandatoryList, dates: Mapping[str, date | None], by: Any
) -> list[ListDeadline]:
    """Fix calendar dates per step for the whole list (empty: back to the region's rules);
    only on a draft, so the approved text is the published one."""
    mandatory_list = lock_list(mandatory_list)
    step_to(mandatory_list, ListAction.EDIT, by)
    unknown = [s for s in dates if s not in Step.values]
    if unknown:
        raise DomainError(
            "list.unknown_step",
            _("Unknown steps: %(steps)s.") % {"steps": ", ".join(unknown)},
            fields={s: [_("Unknown step.")] for s in unknown},
        )
    for step, due_on in dates.items():
        if due_on is None:
            mandatory_list.fixed_deadlines.filter(step=step).delete()
        else:
            ListDeadline.objects.update_or_create(
                mandatory_list=mandatory_list, step=step, defaults={"due_on": due_on}
            )
    fixed = list(mandatory_list.fixed_deadlines.all())
    record_event(
        AuditEvent.Type.LIST_DEADLINES_SET,
        by=by,
        mandatory_list=mandatory_list,
        data={d.step: d.due_on.isoformat() for d in fixed},
    )
    return fixed


# --- deciding ----------------------------------------------------------------------------


@transaction.atomic
def list_submit(*, mandatory_list: MandatoryList, by: Any, comment: str = "") -> MandatoryList:
    """Send the draft for approval; a list without any enterprise on it is refused."""
    mandatory_list = lock_list(mandatory_list)
    to = step_to(mandatory_list, ListAction.SUBMIT, by)
    if not mandatory_list.entries.filter(included=True).exists():
        raise DomainError("list.empty", _("The list has no enterprise on it."))
    from_status = mandatory_list.status
    mandatory_list.status = to
    mandatory_list.submitted_by, mandatory_list.submitted_at = by, timezone.now()
    mandatory_list.approved_by, mandatory_list.approved_at = None, None
    mandatory_list.full_clean()
    mandatory_list.save(
        update_fields=[
            "status",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "updated_at",
        ]
    )
    record_event(
        AuditEvent.Type.LIST_SUBMITTED,
        by=by,
        mandatory_list=mandatory_list,
        from_status=from_status,
        to_status=mandatory_list.status,
        comment=comment,
    )
    return mandatory_list


@transaction.atomic
def list_return(*, mandatory_list: MandatoryList, comment: str, by: Any) -> MandatoryList:
    """Send a submitted or approved list back to draft, saying why."""
    comment = required_text(comment, "comment", _("Say why the list is returned."))
    mandatory_list = lock_list(mandatory_list)
    to = step_to(mandatory_list, ListAction.RETURN, by)
    from_status = mandatory_list.status
    mandatory_list.status = to
    mandatory_list.approved_by, mandatory_list.approved_at = None, None
    mandatory_list.full_clean()
    mandatory_list.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record_event(
        AuditEvent.Type.LIST_RETURNED,
        by=by,
        mandatory_list=mandatory_list,
        from_status=from_status,
        to_status=mandatory_list.status,
        comment=comment,
    )
    return mandatory_list


@transaction.atomic
def list_approve(*, mandatory_list: MandatoryList, by: Any, comment: str = "") -> MandatoryList:
    """Approve a submitted list; the person who submitted it may not approve it (four eyes)."""
    mandatory_list = lock_list(mandatory_list)
    to = step_to(mandatory_list, ListAction.APPROVE, by)
    if mandatory_list.submitted_by_id == getattr(by, "pk", None):
        raise DomainError(
            "list.four_eyes",
            _("You submitted this list, so another official must approve it (four eyes)."),
        )
    from_status = mandatory_list.status
    mandatory_list.status = to
    mandatory_list.approved_by, mandatory_list.approved_at = by, timezone.now()
    mandatory_list.full_clean()
    mandatory_list.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record_event(
        AuditEvent.Type.LIST_APPROVED,
        by=by,
        mandatory_list=mandatory_list,
        from_status=from_status,
        to_status=mandatory_list.status,
        comment=comment,
    )
    return mandatory_list
