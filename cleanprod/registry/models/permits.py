"""Emission permits (排污许可证) and their permitted annual amounts."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.registry.models.enterprises import Enterprise


class PermitQuerySet(ScopedQuerySet["Permit"]):
    def valid_on(self, day) -> PermitQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(valid_from__lte=day, valid_to__gte=day)


class Permit(models.Model):
    """A discharge permit held by one enterprise, in one of the three management categories."""

    class Category(models.TextChoices):
        KEY = "key", _("Key management")
        SIMPLIFIED = "simplified", _("Simplified management")
        REGISTRATION = "registration", _("Registration management")

    number = models.CharField(_("permit number"), max_length=40, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="permits"
    )
    category = models.CharField(_("management category"), max_length=12, choices=Category.choices)
    issued_by = models.CharField(_("issued by"), max_length=80, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))

    history = HistoricalRecords()
    objects = PermitQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("emission permit")
        verbose_name_plural = _("emission permits")
        ordering = ["-valid_to", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="permit_valid_period"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PermitAllowance(models.Model):
    """The permitted annual amount of one pollutant (许可排放量)."""

    permit = models.ForeignKey(
        Permit, verbose_name=_("permit"), on_delete=models.CASCADE, related_name="allowances"
    )
    pollutant = models.CharField(_("pollutant"), max_length=40)
    annual_t = models.DecimalField(_("permitted amount (t/a)"), max_digits=14, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("permitted amount")
        verbose_name_plural = _("permitted amounts")
        ordering = ["pollutant"]
        constraints = [
            models.UniqueConstraint(fields=["permit", "pollutant"], name="allowance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.permit} {self.pollutant}"
