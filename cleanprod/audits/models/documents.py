"""Documents uploaded per phase (versioned, never overwritten) and the audit report with its
submissions, returns with comments per chapter, and resubmissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models.cases import Audit
from cleanprod.audits.models.choices import Phase
from cleanprod.audits.models.phases import CHILD_PARTIES, AuditScopedQuerySet


def document_path(instance: AuditDocument, filename: str) -> str:
    # the stored name is the content hash, so a file is never written over
    return f"audits/{instance.audit_id}/{instance.sha256}{instance.extension}"


class AuditDocument(models.Model):
    """One version of one document of an audit. Uploading the same kind and title again adds
    version n+1; older versions stay."""

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", _("Disclosure evidence")
        CONTRACT = "contract", _("Consulting contract")
        PLAN = "plan", _("Work plan")
        COMMITMENT = "commitment", _("Management commitment")
        TRAINING = "training", _("Training and publicity record")
        MONITORING = "monitoring", _("Monitoring report")
        BALANCE_TEST = "balance_test", _("Balance test record")
        FEASIBILITY = "feasibility", _("Feasibility study")
        REPORT = "report", _("Audit report")
        REVIEW_FORM = "review_form", _("Application form for evaluation or acceptance")
        CAPACITY = "capacity", _("Proof of consulting or self-audit capacity")
        ACCEPT_REPORT = "accept_report", _("Acceptance report")
        RECTIFICATION = "rectification", _("Rectification evidence")
        OTHER = "other", _("Other")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="documents"
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"), choices=Phase.choices, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("extension"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["audit", "phase", "kind", "title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "kind", "title", "version"], name="audit_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class AuditReport(models.Model):
    """One submission of the audit report (审核报告). A returned submission carries the
    authority's comments per chapter; the enterprise resubmits as version n+1."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        ACCEPTED = "accepted", _("Accepted")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="reports"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    document = models.ForeignKey(
        AuditDocument, verbose_name=_("report file"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    note = models.TextField(_("note from the enterprise"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("general comment"), blank=True)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["audit", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "version"], name="audit_report_version"),
            models.UniqueConstraint(
                fields=["audit"],
                condition=Q(status="submitted"),
                name="audit_report_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audit} v{self.version}"


class ReportComment(models.Model):
    """The authority's comment on one chapter of a returned report."""

    class Chapter(models.IntegerChoices):
        FRONT = 0, _("Front matter")
        CH1 = 1, _("Ch. 1 Planning and organisation")
        CH2 = 2, _("Ch. 2 Pre-assessment")
        CH3 = 3, _("Ch. 3 Assessment")
        CH4 = 4, _("Ch. 4 Option generation and screening")
        CH5 = 5, _("Ch. 5 Feasibility analysis")
        CH6 = 6, _("Ch. 6 Implementation")
        CH7 = 7, _("Ch. 7 Continuous cleaner production")
        ANNEX = 8, _("Annexes")

    report = models.ForeignKey(
        AuditReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="comments"
    )
    chapter = models.PositiveSmallIntegerField(_("chapter"), choices=Chapter.choices)
    comment = models.TextField(_("comment"))

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "report__audit__region__path"
    scope_parties = {
        "enterprise": "report__audit__enterprise_id",
        "agency": "report__audit__agency_id",
    }

    class Meta:
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")
        ordering = ["report", "chapter", "id"]

    def __str__(self) -> str:
        return f"{self.get_chapter_display()}: {self.comment[:40]}"
