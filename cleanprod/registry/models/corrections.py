"""Corrections an enterprise proposes to its own record, confirmed or rejected by an official."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.registry.models.enterprises import Enterprise


class CorrectionQuerySet(ScopedQuerySet["EnterpriseCorrection"]):
    def pending(self) -> CorrectionQuerySet:
        return self.filter(status=EnterpriseCorrection.Status.PENDING)


class EnterpriseCorrection(models.Model):
    """Changes to the fields an enterprise may correct itself (rules.ENTERPRISE_EDITABLE);
    nothing changes on the record until an official of its region confirms."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    changes = models.JSONField(_("proposed values"))
    previous = models.JSONField(_("values before"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CorrectionQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status="pending"),
                name="correction_one_pending_per_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="correction_decided_exactly_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.get_status_display()})"
