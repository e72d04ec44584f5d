"""Voluntary audits (自愿性清洁生产审核): the enterprise applies, the city authority examines
and accepts (opening an audit case) or declines with reasons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models.cases import Audit
from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.registry.models import Enterprise


class VoluntaryApplication(models.Model):
    """An enterprise's declaration (申报) of a voluntary audit."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="voluntary_applications",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    motivation = models.TextField(_("why the enterprise audits"))
    planned_scope = models.TextField(_("planned scope"), blank=True)
    self_audit = models.BooleanField(_("self-audit"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    audit = models.OneToOneField(
        Audit,
        verbose_name=_("audit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voluntary_application",
    )

    objects = ScopedQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("voluntary audit application")
        verbose_name_plural = _("voluntary audit applications")
        ordering = ["-submitted_at"]
        permissions = [("decide_voluntaryapplication", _("Can accept or decline applications"))]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status="submitted"),
                name="voluntary_one_pending_per_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", audit__isnull=False)
                | (~Q(status="accepted") & Q(audit__isnull=True)),
                name="voluntary_audit_iff_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"
