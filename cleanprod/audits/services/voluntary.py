"""Voluntary audits (自愿性清洁生产审核, regulation.md §1.2): an enterprise applies; the
municipal authority examines the application and accepts it (which opens an audit case on the
voluntary track, counted from the day of acceptance) or declines it with reasons.

submitted ──accept──▶ accepted (audit opened)
    └──────decline──▶ declined
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.notices import notice_send
from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent, Department, Track, VoluntaryApplication
from cleanprod.audits.services.opening import audit_open
from cleanprod.audits.services.recipients import (
    CITY,
    ENTERPRISE_USER,
    link_to,
    officials_covering,
    party_users,
)
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.registry.models import Enterprise

APPLY_PERM = "audits.add_voluntaryapplication"
DECIDE_PERM = "audits.decide_voluntaryapplication"
Status = VoluntaryApplication.Status


@transaction.atomic
def voluntary_apply(
    *,
    enterprise: Enterprise,
    year: int,
    motivation: str,
    by: Any,
    planned_scope: str = "",
    self_audit: bool = False,
) -> VoluntaryApplication:
    """An enterprise user declares a voluntary audit for its own enterprise; one application
    may wait at a time, and none while the enterprise has an open audit."""
    enterprise = (
        Enterprise.objects.select_for_update().select_related("region").get(pk=enterprise.pk)
    )
    ensure_allowed(by, APPLY_PERM, enterprise)
    if not motivation.strip():
        raise DomainError(
            "voluntary.motivation_required",
            _("Say why the enterprise wants to audit."),
            fields={"motivation": [_("This value is required.")]},
        )
    if enterprise.voluntary_applications.filter(status=Status.SUBMITTED).exists():
        raise DomainError(
            "voluntary.pending",
            _("An application of this enterprise is already waiting for a decision."),
            status=409,
        )
    if Audit.objects.filter(enterprise=enterprise).open().exists():
        raise DomainError(
            "voluntary.audit_open",
            _("The enterprise has an audit under way; finish it first."),
            status=409,
        )
    application = VoluntaryApplication(
        enterprise=enterprise,
        year=year,
        motivation=motivation.strip(),
        planned_scope=planned_scope.strip(),
        self_audit=self_audit,
        submitted_by=by,
    )
    application.full_clean()
    application.save()
    record_event(AuditEvent.Type.VOLUNTARY_APPLIED, by=by, application=application)
    notice_send(
        recipients=officials_covering(CITY, enterprise.region.path),
        subject=_("Voluntary audit application: %(name)s") % {"name": enterprise.name},
        body=_("%(name)s applies for a voluntary audit in %(year)s.")
        % {"name": enterprise.name, "year": year},
        link=link_to("audits:voluntary_detail", application.pk),
        key=f"voluntary:{application.pk}:applied",
    )
    return application


def _decide(application: VoluntaryApplication, by: Any) -> VoluntaryApplication:
    application = (
        VoluntaryApplication.objects.select_for_update()
        .select_related("enterprise__region")
        .get(pk=application.pk)
    )
    if application.status != Status.SUBMITTED:
        raise TransitionNotAllowed("voluntary.decided", _("This application was already decided."))
    ensure_allowed(by, DECIDE_PERM, application)
    return application


def _tell_enterprise(application: VoluntaryApplication, subject: str, body: str) -> None:
    notice_send(
        recipients=party_users(ENTERPRISE_USER, [application.enterprise_id]),
        subject=subject,
        body=body,
        link=link_to("audits:voluntary_detail", application.pk),
        key=f"voluntary:{application.pk}:{application.status}",
    )


@transaction.atomic
def voluntary_accept(
    *, application: VoluntaryApplication, by: Any, on: date | None = None, comment: str = ""
) -> VoluntaryApplication:
    """The municipal official covering the enterprise accepts: a voluntary audit case opens,
    its clock counted from `on` (today by default)."""
    application = _decide(application, by)
    on = on or timezone.localdate()
    audit = audit_open(
        track=Track.VOLUNTARY,
        listed_on=on,
        by=by,
        enterprise=application.enterprise,
        lead_department=Department.ECO_ENV,
    )
    if application.self_audit:
        audit.self_audit = True
        audit.save(update_fields=["self_audit"])
    application.status, application.audit = Status.ACCEPTED, audit
    application.decided_by, application.decided_at = by, timezone.now()
    application.decision_reason = comment.strip()
    application.full_clean()
    application.save(
        update_fields=["status", "audit", "decided_by", "decided_at", "decision_reason"]
    )
    record_event(
        AuditEvent.Type.VOLUNTARY_ACCEPTED,
        by=by,
        application=application,
        audit=audit,
        from_status=Status.SUBMITTED,
        to_status=Status.ACCEPTED,
        comment=application.decision_reason,
    )
    name = application.enterprise.name
    _tell_enterprise(
        application,
        _("Voluntary audit accepted: %(name)s") % {"name": name},
        _("The application was accepted on %(on)s; the audit clock starts that day.")
        % {"on": on.isoformat()},
    )
    return application


@transaction.atomic
def voluntary_decline(
    *, application: VoluntaryApplication, by: Any, reasons: str
) -> VoluntaryApplication:
    """Decline with written reasons; the enterprise may apply again."""
    if not reasons.strip():
        raise DomainError(
            "voluntary.reasons_required",
            _("Give the reasons for declining."),
            fields={"reasons": [_("This value is required.")]},
        )
    application = _decide(application, by)
    application.status = Status.DECLINED
    application.decided_by, application.decided_at = by, timezone.now()
    application.decision_reason = reasons.strip()
    application.full_clean()
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    record_event(
        AuditEvent.Type.VOLUNTARY_DECLINED,
        by=by,
        application=application,
        from_status=Status.SUBMITTED,
        to_status=Status.DECLINED,
        comment=application.decision_reason,
    )
    _tell_enterprise(
        application,
        _("Voluntary audit declined: %(name)s") % {"name": application.enterprise.name},
        application.decision_reason,
    )
    return application
