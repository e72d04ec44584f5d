"""Consulting agencies (咨询服务机构). Filing conditions, approved industry scope, staff
certificates and scorecards arrive with the expert/agency capability; this is the registry row
that audits engage and agency staff act for."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region


class AgencyQuerySet(ScopedQuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(status=Agency.Status.ACTIVE)


class Agency(models.Model):
    """A consulting agency identified by its unified social credit code, registered in a region;
    it may serve enterprises anywhere its filing allows."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AgencyQuerySet.as_manager()
    scope_region = "region__path"
    scope_parties = {"agency": "pk"}
    scope_reference = True  # enterprises choose an agency when they file their audit start

    class Meta:
        verbose_name = _("consulting agency")
        verbose_name_plural = _("consulting agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
