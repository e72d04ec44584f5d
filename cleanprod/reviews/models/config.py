"""Configuration of evaluation and acceptance per region (regulation.md §4.4–4.5, §12): who
organises, panel size and leader, recusal rules, the lead time for documents, and the versioned
scoring sheets. The nearest region up the tree wins; rows without a region are national."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.experts.models import Field
from cleanprod.regions.models import Region


class Stage(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation")
    ACCEPTANCE = "acceptance", _("Acceptance")


class Level(models.TextChoices):
    COUNTY = "county", _("County")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")


class ReviewPolicy(models.Model):
    """How a region runs its reviews. One row per region (NULL: national default)."""

    class Leader(models.TextChoices):
        FIRST_DRAWN = "first_drawn", _("The first expert drawn who accepts")
        ORGANISER = "organiser", _("Named by the organiser among the panel")

    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluation_organiser = models.CharField(
        _("evaluation organised by"), max_length=10, choices=Level.choices, default=Level.CITY
    )
    acceptance_organiser = models.CharField(
        _("acceptance organised by"), max_length=10, choices=Level.choices, default=Level.CITY
    )
    panel_size = models.PositiveSmallIntegerField(
        _("panel size"), default=3, validators=[MinValueValidator(1)]
    )
    leader_rule = models.CharField(
        _("panel leader"), max_length=12, choices=Leader.choices, default=Leader.FIRST_DRAWN
    )
    pool_level = models.CharField(
        _("experts drawn from the pool of the"),
        max_length=10,
        choices=Level.choices,
        default=Level.PROVINCE,
    )
    exclude_same_county = models.BooleanField(
        _("exclude experts of the enterprise's county"), default=False
    )
    exclude_previous_panel = models.BooleanField(
        _("exclude members of this audit's previous panels"), default=True
    )
    documents_lead_working_days = models.PositiveSmallIntegerField(
        _("documents reach the panel this many working days before the meeting"), default=3
    )
    veto_by_majority = models.BooleanField(
        _("a veto item needs a majority of the panel"),
        default=False,
        help_text=_("Off: one expert's veto fails the review."),
    )
    rectify_days = models.PositiveSmallIntegerField(_("days allowed for rectification"), default=30)
    panel_fields = models.JSONField(
        _("fields the panel must cover"),
        default=list,
        blank=True,
        help_text=_("At least one member of each; the other seats follow the ranking."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review policy")
        verbose_name_plural = _("review policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(panel_size__gte=1) & Q(panel_size__lte=15), name="panel_size_range"
            )
        ]

    def __str__(self) -> str:
        return str(self.region or _("National default"))

    def clean(self) -> None:
        unknown = [f for f in self.panel_fields if f not in Field.values]
        if unknown:
            raise ValidationError({"panel_fields": _("Unknown field: %s.") % ", ".join(unknown)})
        if len(set(self.panel_fields)) > self.panel_size:
            raise ValidationError(
                {
                    "panel_fields": _("A panel of %(size)s cannot cover %(count)s required fields.")
                    % {"size": self.panel_size, "count": len(set(self.panel_fields))}
                }
            )


class SheetTemplate(models.Model):
    """A versioned scoring sheet: items with maximum points, veto items (否定项) and a pass mark.
    A new version is a new row; sheets already filled keep the version they used."""

    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    items = models.JSONField(
        _("items"), help_text=_('[{"code": "1.1", "label": "…", "points": 10}, …]')
    )
    veto_items = models.JSONField(_("veto items"), default=list, blank=True)
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=5, decimal_places=1, default=Decimal("70")
    )
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scoring sheet template")
        verbose_name_plural = _("scoring sheet templates")
        ordering = ["stage", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "stage", "version"], name="sheet_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["stage", "version"],
                condition=Q(region__isnull=True),
                name="sheet_template_national_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def total_points(self) -> Decimal:
        return sum((Decimal(str(i["points"])) for i in self.items), Decimal(0))
