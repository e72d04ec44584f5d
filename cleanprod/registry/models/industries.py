"""National economic industry classification (GB/T 4754-2017) and catalogues of its codes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region


class Industry(models.Model):
    """One code of GB/T 4754-2017: a section (A–T), division (2 digits), group (3) or class (4).
    `path` runs from the section down ("C/26/261/2614/"), so "this code and its sub-codes" is
    one prefix filter."""

    class Level(models.TextChoices):
        SECTION = "section", _("Section")
        DIVISION = "division", _("Division")
        GROUP = "group", _("Group")
        CLASS = "class", _("Class")

    code = models.CharField(_("industry code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=24, unique=True)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["path"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CatalogueQuerySet(ScopedQuerySet["IndustryCatalogue"]):
    def published(self) -> CatalogueQuerySet:
        return self.filter(status=IndustryCatalogue.Status.PUBLISHED)


class IndustryCatalogue(models.Model):
    """A versioned, tagged list of industry codes: the 2020 key industries, the Water Ten Plan
    industries, the groups that set audit cycles, or a province's own list. Publishing freezes
    a version; edits go to a new version."""

    class Kind(models.TextChoices):
        KEY_INDUSTRIES = "key_industries", _("Key industries (2020 notice)")
        WATER_TEN = "water_ten", _("Water Ten Plan industries")
        HEAVY_METAL = "heavy_metal", _("Heavy-metal industries")
        OVERCAPACITY = "overcapacity", _("Overcapacity industries")
        LOCAL = "local", _("Local catalogue")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The region whose authority keeps this catalogue (the nation for national ones)."
        ),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cycle_years = models.PositiveSmallIntegerField(
        _("audit cycle (years)"),
        null=True,
        blank=True,
        help_text=_("For catalogues that set how often member enterprises audit."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), through="CatalogueEntry", related_name="catalogues"
    )

    history = HistoricalRecords()
    objects = CatalogueQuerySet.as_manager()
    # Published catalogues are public policy, readable by everyone signed in; drafts and
    # changes are scoped to the keeping authority's region.
    scope_region = "region__path"

    class Meta:
        verbose_name = _("industry catalogue")
        verbose_name_plural = _("industry catalogues")
        ordering = ["region__path", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "region", "version"], name="catalogue_version_unique"
            ),
            models.UniqueConstraint(
                fields=["slug", "region"],
                condition=Q(status="published"),
                name="catalogue_one_published_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class CatalogueEntry(models.Model):
    """One code in a catalogue (covering its sub-codes), with the catalogue's own tag for it,
    e.g. 冶金 or 电镀 in the 2020 key-industry list."""

    catalogue = models.ForeignKey(
        IndustryCatalogue,
        verbose_name=_("catalogue"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+"
    )
    tag = models.CharField(_("tag"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["catalogue", "industry__path"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "industry"], name="catalogue_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.catalogue}: {self.industry}"
