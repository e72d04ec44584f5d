"""Industrial parks (工业园区) and their member enterprises."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region


class ParkQuerySet(ScopedQuerySet["Park"]):
    pass


class Park(models.Model):
    """An industrial park or cluster; members are the enterprises whose `park` is this one."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ParkQuerySet.as_manager()
    scope_region = "region__path"
    scope_reference = True  # enterprises pick their park from the parks of their region

    class Meta:
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="park_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name
