"""Publishing a list and amending it afterwards: publication opens every listed enterprise's
audit case (deadlines from the publication date, or the list's fixed dates) and notifies the
enterprises; a published list changes only through recorded amendments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.models import User
from cleanprod.accounts.notices import notice_send
from cleanprod.audits.events import record_event
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    ListAmendment,
    ListEntry,
    MandatoryList,
    Track,
    Trigger,
)
from cleanprod.audits.services.cases import audit_withdraw
from cleanprod.audits.services.lists import (
    check_listable,
    clean_triggers,
    lock_list,
    required_text,
    step_to,
)
from cleanprod.audits.services.opening import audit_open
from cleanprod.audits.services.screening import lead_department
from cleanprod.audits.workflow import ListAction
from cleanprod.core.errors import DomainError
from cleanprod.registry.models import Enterprise


@transaction.atomic
def list_publish(
    *,
    mandatory_list: MandatoryList,
    by: Any,
    doc_number: str,
    issuing_authorities: str,
    published_on: date | None,
) -> MandatoryList:
    """Publish an approved list: it is frozen from now on; every included enterprise gets its
    audit case (deadlines from `published_on`, or the list's fixed dates) and a notice."""
    mandatory_list = lock_list(mandatory_list)
    to = step_to(mandatory_list, ListAction.PUBLISH, by)
    doc_number = required_text(doc_number, "doc_number", _("Give the document number (文号)."))
    issuing_authorities = required_text(
        issuing_authorities, "issuing_authorities", _("Name the issuing authorities.")
    )
    if published_on is None:
        raise DomainError(
            "list.published_on_required",
            _("Give the publication date."),
            fields={"published_on": [_("This value is required.")]},
        )
    from_status = mandatory_list.status
    mandatory_list.status = to
    mandatory_list.doc_number, mandatory_list.issuing_authorities = doc_number, issuing_authorities
    mandatory_list.published_on, mandatory_list.published_at = published_on, timezone.now()
    mandatory_list.full_clean()
    mandatory_list.save(
        update_fields=[
            "status",
            "doc_number",
            "issuing_authorities",
            "published_on",
            "published_at",
            "updated_at",
        ]
    )
    audits = list_open_audits(mandatory_list=mandatory_list, by=by)
    notices = listed_notify(
        mandatory_list=mandatory_list, enterprise_ids=[a.enterprise_id for a in audits]
    )
    record_event(
        AuditEvent.Type.LIST_PUBLISHED,
        by=by,
        mandatory_list=mandatory_list,
        from_status=from_status,
        to_status=mandatory_list.status,
        data={
            "doc_number": doc_number,
            "published_on": published_on.isoformat(),
            "audits": len(audits),
            "notices": notices,
        },
    )
    return mandatory_list


def fixed_dates(mandatory_list: MandatoryList, *, after: date | None = None) -> dict[str, date]:
    """The list's fixed dates by step (those after `after` only, when given)."""
    return {
        d.step: d.due_on
        for d in mandatory_list.fixed_deadlines.all()
        if after is None or d.due_on > after
    }


def list_open_audits(*, mandatory_list: MandatoryList, by: Any) -> list[Audit]:
    """Open the audit case of every included entry of a list being published or imported
    (part of their transaction; they check the permission)."""
    fixed = fixed_dates(mandatory_list)
    listed_on = mandatory_list.published_on
    if listed_on is None:
        raise ValueError("a list opens its audits only once it has a publication date")
    return [
        audit_open(
            track=Track.MANDATORY,
            listed_on=listed_on,
            by=by,
            enterprise=entry.enterprise,
            list_entry=entry,
            lead_department=entry.lead_department,
            fixed=fixed,
        )
        for entry in mandatory_list.entries.filter(included=True, removed=False).select_related(
            "enterprise__region"
        )
    ]


def listed_notify(
    *, mandatory_list: MandatoryList, enterprise_ids: Iterable[int | None], key: str = ""
) -> int:
    """A notice to every enterprise user of the listed enterprises, sent once per key (by
    default one per list); returns how many were sent."""
    ids = [pk for pk in enterprise_ids if pk is not None]
    users = User.objects.filter(
        assignments__role__slug="enterprise_user", assignments__party_id__in=ids
    ).distinct()
    body = _(
        "“%(title)s” (%(doc)s) was published on %(date)s. Disclose the required information "
        "and start the audit within the deadlines shown on your audit page."
    ) % {
        "title": mandatory_list.title,
        "doc": mandatory_list.doc_number,
        "date": mandatory_list.published_on.isoformat() if mandatory_list.published_on else "",
    }
    return notice_send(
        recipients=users,
        subject=_("Your enterprise is on the mandatory cleaner production audit list"),
        body=body,
        link=reverse("portal:list", args=[mandatory_list.pk]),
        key=key or f"list-published-{mandatory_list.pk}",
    )


# --- amending ------------------------------------------------------------------------------


@transaction.atomic
def list_amend(
    *,
    mandatory_list: MandatoryList,
    kind: str,
    enterprise: Enterprise,
    reason: str,
    effective_on: date | None,
    by: Any,
    doc_number: str = "",
    triggers: Iterable[str] = (),
    reason_text: str = "",
) -> ListAmendment:
    """Correct a published list, on the record: add an enterprise (its audit opens, counted
    from `effective_on`; the list's fixed dates apply where they fall after it) or remove one
    (its open audit is withdrawn with the reason)."""
    mandatory_list = lock_list(mandatory_list)
    step_to(mandatory_list, ListAction.AMEND, by)
    reason = required_text(reason, "reason", _("Say why the list is amended."))
    if effective_on is None:
        raise DomainError(
            "list.effective_on_required",
            _("Give the date the amendment takes effect."),
            fields={"effective_on": [_("This value is required.")]},
        )
    if kind == ListAmendment.Kind.ADD:
        entry = _amend_add(mandatory_list, enterprise, triggers, reason_text, effective_on, by)
    elif kind == ListAmendment.Kind.REMOVE:
        entry = _amend_remove(mandatory_list, enterprise, reason, by)
    else:
        raise DomainError(
            "list.amendment_kind",
            _("An amendment adds or removes an enterprise."),
            fields={"kind": [_("Choose add or remove.")]},
        )
    amendment = ListAmendment(
        mandatory_list=mandatory_list,
        entry=entry,
        kind=kind,
        reason=reason,
        doc_number=doc_number.strip(),
        effective_on=effective_on,
        by=by,
    )
    amendment.full_clean()
    amendment.save()
    record_event(
        AuditEvent.Type.LIST_AMENDED,
        by=by,
        mandatory_list=mandatory_list,
        comment=reason,
        data={
            "kind": kind,
            "enterprise": enterprise.pk,
            "credit_code": enterprise.credit_code,
            "doc_number": amendment.doc_number,
            "effective_on": effective_on.isoformat(),
        },
    )
    return amendment


def _amend_add(
    mandatory_list: MandatoryList,
    enterprise: Enterprise,
    triggers: Iterable[str],
    reason_text: str,
    effective_on: date,
    by: Any,
) -> ListEntry:
    chosen = clean_triggers(triggers)
    entry = mandatory_list.entries.select_for_update().filter(enterprise=enterprise).first()
    if entry is not None and (entry.removed or entry.included):
        message = (
            _("%(name)s was removed by an earlier amendment and cannot be added again.")
            if entry.removed
            else _("%(name)s is already on the list.")
        )
        raise DomainError(
            "list.entry_exists",
            message % {"name": enterprise.name},
            fields={"enterprise": [_("Already on the list.")]},
        )
    check_listable(mandatory_list, enterprise, by)
    text = reason_text.strip() or ", ".join(str(Trigger(t).label) for t in chosen)
    lead = lead_department(enterprise.region, chosen)
    if entry is None:
        entry = ListEntry(mandatory_list=mandatory_list, enterprise=enterprise)
    entry.triggers, entry.lead_department, entry.reason_text = chosen, lead, text
    entry.origin, entry.included = ListEntry.Origin.AMENDMENT, True
    entry.full_clean()
    entry.save()
    audit_open(
        track=Track.MANDATORY,
        listed_on=effective_on,
        by=by,
        enterprise=enterprise,
        list_entry=entry,
        lead_department=lead,
        fixed=fixed_dates(mandatory_list, after=effective_on),
    )
    listed_notify(
        mandatory_list=mandatory_list,
        enterprise_ids=[enterprise.pk],
        key=f"list-amended-{mandatory_list.pk}-{enterprise.pk}",
    )
    return entry


def _amend_remove(
    mandatory_list: MandatoryList, enterprise: Enterprise, reason: str, by: Any
) -> ListEntry:
    entry = (
        mandatory_list.entries.select_for_update()
        .filter(enterprise=enterprise, included=True, removed=False)
        .first()
    )
    if entry is None:
        raise DomainError(
            "list.entry_missing",
            _("%(name)s is not on the list.") % {"name": enterprise.name},
            fields={"enterprise": [_("Not on the list.")]},
        )
    audit = Audit.objects.filter(list_entry=entry).first()
    if audit is not None and audit.status not in Audit.CLOSED_STATUSES:
        audit_withdraw(
            audit=audit, by=by, reason=reason, data={"list": mandatory_list.pk, "amendment": True}
        )
    entry.removed = True
    entry.save(update_fields=["removed"])
    return entry
