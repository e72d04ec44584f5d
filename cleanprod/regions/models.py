"""Administrative regions (行政区划): nation → province → prefecture → county."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet

ROOT_CODE = "000000"


class RegionQuerySet(ScopedQuerySet["Region"]):
    def current(self) -> RegionQuerySet:
        """Units in force today (not superseded)."""
        return self.filter(valid_to__isnull=True)

    def below(self, region: Region, *, include_self: bool = True) -> RegionQuerySet:
        qs = self.filter(path__startswith=region.path)
        return qs if include_self else qs.exclude(pk=region.pk)


class Region(models.Model):
    """One administrative division, identified by its 6-digit GB/T 2260 code.

    `path` is the chain of codes from the national root (`"000000/370000/370300/"`), so
    "this region and everything below" is one `path__startswith` filter. A unit abolished or
    renumbered keeps its row (old records still resolve): it gets `valid_to`, a
    `superseded_by` link, and is re-hung under its successor.
    """

    class Level(models.TextChoices):
        NATION = "nation", _("Nation")
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        COUNTY = "county", _("County")

    code = models.CharField(_("division code"), max_length=6)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=64, unique=True)
    depth = models.PositiveSmallIntegerField(_("depth"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    history = HistoricalRecords()
    objects = RegionQuerySet.as_manager()
    scope_region = "path"
    scope_reference = True  # everyone with a role in a region may read its units

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="region_one_current_unit_per_code",
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | Q(valid_to__isnull=False),
                name="region_superseded_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def resolve(self) -> Region:
        """The unit in force that this one became (itself if still current)."""
        region = self
        seen = {region.pk}
        while region.superseded_by_id is not None and region.superseded_by_id not in seen:
            region = region.superseded_by  # type: ignore[assignment]
            seen.add(region.pk)
        return region

    def ancestors(self) -> list[Region]:
        """From the root down to the parent, in one query."""
        paths = []
        parts = self.path.strip("/").split("/")
        for i in range(1, len(parts)):
            paths.append("/".join(parts[:i]) + "/")
        return list(Region.objects.filter(path__in=paths).order_by("depth"))

    @property
    def full_name(self) -> str:
        names = [r.name for r in self.ancestors() if r.level != self.Level.NATION]
        return "".join([*names, self.name]) if self.level != self.Level.NATION else self.name
