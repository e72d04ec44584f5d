"""The enterprise's steps on its audit case — disclosure and start filing — and the
authority's withdrawal. Each is one transition: lock the audit, look up the step, check the
permission, change, record the event, meet the deadline.

not_started ──file_start──▶ in_progress          (disclose: any working status, no change)
any working status or report_submitted ──withdraw──▶ withdrawn
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.agencies.models import Agency
from cleanprod.agencies.selectors import agency_may_serve
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent, Disclosure, Phase, Step
from cleanprod.audits.services.opening import deadline_meet
from cleanprod.core.errors import DomainError

Action = workflow.AuditAction


def audit_locked(audit: Audit) -> Audit:
    """The audit re-read under a row lock (first in the lock order: audit, phases, reports)."""
    return Audit.objects.select_for_update().select_related("region").get(pk=audit.pk)


def _required(field: str, message: str) -> DomainError:
    return DomainError("audit.invalid", message, fields={field: [message]})


def _not_in_future(field: str, day: date, today: date) -> None:
    if day > today:
        raise DomainError(
            "audit.date_in_future",
            _("The date cannot be in the future."),
            fields={field: [_("The date cannot be in the future.")]},
        )


@transaction.atomic
def audit_disclose(
    *,
    audit: Audit,
    by: Any,
    content: str,
    channel: str,
    published_on: date,
    url: str = "",
) -> Disclosure:
    """Record what the enterprise made public, where and when; the first disclosure meets the
    disclosure deadline on its publication date."""
    audit = audit_locked(audit)
    step = workflow.audit_step(audit.status, Action.DISCLOSE)
    ensure_allowed(by, step.perm, audit)
    if not content.strip():
        raise _required("content", _("Say what was disclosed."))
    if not channel.strip():
        raise _required("channel", _("Say where it was disclosed."))
    _not_in_future("published_on", published_on, timezone.localdate())
    disclosure = Disclosure(
        audit=audit,
        content=content.strip(),
        channel=channel.strip(),
        url=url.strip(),
        published_on=published_on,
        recorded_by=by,
    )
    disclosure.full_clean()
    disclosure.save()
    record_event(
        AuditEvent.Type.AUDIT_DISCLOSED,
        by=by,
        audit=audit,
        from_status=audit.status,
        to_status=audit.status,
        data={
            "disclosure": disclosure.pk,
            "channel": disclosure.channel,
            "published_on": published_on.isoformat(),
        },
    )
    deadline_meet(audit=audit, step=Step.DISCLOSE, on=published_on, by=by)
    return disclosure


def _check_engagement(
    *,
    self_audit: bool,
    agency: Agency | None,
    contract_number: str,
    contract_signed_on: date | None,
    today: date,
) -> None:
    """Self-audit, or an active agency with its contract number and signing date together."""
    if self_audit and (agency is not None or contract_number or contract_signed_on):
        raise DomainError(
            "audit.self_or_agency",
            _("A self-audit names no agency and no contract."),
            fields={"agency": [_("Leave empty for a self-audit.")]},
        )
    if self_audit:
        return
    missing = {
        "agency": agency is None,
        "contract_number": not contract_number,
        "contract_signed_on": contract_signed_on is None,
    }
    if any(missing.values()):
        message = _(
            "Choose self-audit, or give the agency, the contract number and the signing date."
        )
        raise DomainError(
            "audit.engagement_incomplete",
            message,
            fields={f: [_("This field is required.")] for f, gap in missing.items() if gap},
        )
    if agency is None or contract_signed_on is None:  # narrowed above; keeps mypy content
        return
    if agency.status != Agency.Status.ACTIVE:
        raise DomainError(
            "audit.agency_not_active",
            _("This consulting agency is not active and cannot be engaged."),
            fields={"agency": [_("Choose an active agency.")]},
        )
    _not_in_future("contract_signed_on", contract_signed_on, today)


@transaction.atomic
def audit_file_start(
    *,
    audit: Audit,
    by: Any,
    self_audit: bool,
    agency: Agency | None = None,
    contract_number: str = "",
    contract_signed_on: date | None = None,
) -> Audit:
    """File the start of the audit (启动备案): self-audit or an engaged agency under a filed
    contract; the audit is in progress from today and the start deadline is met."""
    audit = audit_locked(audit)
    step = workflow.audit_step(audit.status, Action.FILE_START)
    ensure_allowed(by, step.perm, audit)
    today = timezone.localdate()
    contract_number = contract_number.strip()
    _check_engagement(
        self_audit=self_audit,
        agency=agency,
        contract_number=contract_number,
        contract_signed_on=contract_signed_on,
        today=today,
    )
    if agency is not None and audit.enterprise is not None:
        reasons = agency_may_serve(agency, audit.enterprise, today)
        if reasons:
            raise DomainError(
                "audit.agency_not_qualified",
                " ".join(reasons),
                fields={"agency": reasons},
            )
    before = audit.status
    audit.status = step.to
    audit.self_audit = self_audit
    audit.agency = agency
    audit.contract_number = contract_number
    audit.contract_signed_on = contract_signed_on
    audit.started_on = today
    audit.current_phase = audit.current_phase or Phase.PLANNING
    audit.full_clean()
    audit.save(
        update_fields=[
            "status",
            "self_audit",
            "agency",
            "contract_number",
            "contract_signed_on",
            "started_on",
            "current_phase",
            "updated_at",
        ]
    )
    record_event(
        AuditEvent.Type.AUDIT_STARTED,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        data={
            "self_audit": self_audit,
            "agency": agency.pk if agency else None,
            "contract_number": contract_number,
            "contract_signed_on": contract_signed_on.isoformat() if contract_signed_on else None,
        },
    )
    deadline_meet(audit=audit, step=Step.START, on=today, by=by)
    return audit


@transaction.atomic
def audit_withdraw(
    *, audit: Audit, by: Any, reason: str, data: dict[str, Any] | None = None
) -> Audit:
    """Withdraw the case (wrongly listed, enterprise closed, removed by a list amendment …);
    the reason is kept; `data` adds context to the event."""
    audit = audit_locked(audit)
    step = workflow.audit_step(audit.status, Action.WITHDRAW)
    ensure_allowed(by, step.perm, audit)
    reason = reason.strip()
    if not reason:
        raise _required("reason", _("Say why the audit is withdrawn."))
    before = audit.status
    audit.status = step.to
    audit.withdrawn_reason = reason
    audit.full_clean()
    audit.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    record_event(
        AuditEvent.Type.AUDIT_WITHDRAWN,
        by=by,
        audit=audit,
        from_status=before,
        to_status=audit.status,
        comment=reason,
        data=data,
    )
    return audit
