"""Domain events for the regulator (AuditEvent): every step of a list, an audit case, its clock
and a voluntary application, written by `audits.events.record_event()` in the transaction of
the change. Append-only."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models.cases import Audit
from cleanprod.audits.models.lists import MandatoryList
from cleanprod.audits.models.voluntary import VoluntaryApplication
from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.trail.models import AppendOnlyError


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One step in the life of a list, an audit or a voluntary application."""

    class Type(models.TextChoices):
        LIST_CREATED = "list.created", _("List created")
        LIST_SCREENED = "list.screened", _("Screening run")
        LIST_ENTRY_ADDED = "list.entry_added", _("Enterprise added to the list")
        LIST_ENTRY_DROPPED = "list.entry_dropped", _("Enterprise dropped from the list")
        LIST_ENTRY_RESTORED = "list.entry_restored", _("Enterprise restored to the list")
        LIST_DEADLINES_SET = "list.deadlines_set", _("Fixed deadlines set")
        LIST_SUBMITTED = "list.submitted", _("List submitted for approval")
        LIST_RETURNED = "list.returned", _("List returned for revision")
        LIST_APPROVED = "list.approved", _("List approved")
        LIST_PUBLISHED = "list.published", _("List published")
        LIST_IMPORTED = "list.imported", _("Published list imported")
        LIST_AMENDED = "list.amended", _("Published list amended")
        AUDIT_CREATED = "audit.created", _("Audit opened")
        AUDIT_DISCLOSED = "audit.disclosed", _("Information disclosed")
        AUDIT_STARTED = "audit.started", _("Audit start filed")
        AUDIT_DATA_CHANGED = "audit.data_changed", _("Audit data changed")
        PHASE_COMPLETED = "audit.phase_completed", _("Phase completed")
        PHASE_REOPENED = "audit.phase_reopened", _("Phase reopened")
        DOCUMENT_UPLOADED = "audit.document_uploaded", _("Document uploaded")
        REPORT_SUBMITTED = "audit.report_submitted", _("Report submitted")
        REPORT_RETURNED = "audit.report_returned", _("Report returned")
        REPORT_ACCEPTED = "audit.report_accepted", _("Report accepted")
        AUDIT_WITHDRAWN = "audit.withdrawn", _("Audit withdrawn")
        AUDIT_CLOSED = "audit.closed", _("Audit closed")
        ROUND_RECORDED = "audit.round_recorded", _("Audit round recorded")
        DEADLINE_MET = "deadline.met", _("Deadline met")
        DEADLINE_REMINDED = "deadline.reminded", _("Deadline reminder sent")
        DEADLINE_OVERDUE = "deadline.overdue", _("Deadline missed")
        DEADLINE_ESCALATED = "deadline.escalated", _("Overdue escalated")
        REVIEW_APPLIED = "review.applied", _("Applied for review")
        REVIEW_RETURNED = "review.returned", _("Review application returned")
        REVIEW_DRAWN = "review.drawn", _("Panel drawn")
        REVIEW_SEAT_ANSWERED = "review.seat_answered", _("Invitation answered")
        REVIEW_PANEL_FINAL = "review.panel_final", _("Panel final")
        REVIEW_MEETING_SET = "review.meeting_set", _("Review meeting set")
        REVIEW_SHEET_SUBMITTED = "review.sheet_submitted", _("Scoring sheet submitted")
        REVIEW_SIGNED = "review.signed", _("Panel opinion signed")
        REVIEW_PUBLISHED = "review.published", _("Review result published")
        REVIEW_AMENDED = "review.amended", _("Review conclusion amended")
        REVIEW_EXPERT_RATED = "review.expert_rated", _("Expert rated")
        AUDIT_FAILED = "audit.failed", _("Audit failed review")
        VOLUNTARY_APPLIED = "voluntary.applied", _("Voluntary audit applied for")
        VOLUNTARY_ACCEPTED = "voluntary.accepted", _("Voluntary audit accepted")
        VOLUNTARY_DECLINED = "voluntary.declined", _("Voluntary audit declined")

    type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    mandatory_list = models.ForeignKey(
        MandatoryList,
        verbose_name=_("list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    application = models.ForeignKey(
        VoluntaryApplication,
        verbose_name=_("voluntary application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the system's daily clock."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    region_path = models.CharField(_("region path"), max_length=64, db_index=True)

    objects = AuditEventQuerySet.as_manager()
    scope_region = "region_path"
    scope_parties = {"enterprise": "audit__enterprise_id", "agency": "audit__agency_id"}

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        constraints = [
            models.CheckConstraint(
                condition=Q(audit__isnull=False)
                | Q(mandatory_list__isnull=False)
                | Q(application__isnull=False),
                name="audit_event_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")
