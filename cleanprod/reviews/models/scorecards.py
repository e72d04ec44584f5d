"""How a region grades consulting agencies by their outcomes (issue 5, point 2). The "grade lost"
thresholds (enterprises served, failures a year) live on agencies.AgencyRule; the first-pass
rates that separate grades A, B and C live here, with the same nearest-region resolution. The
row without a region is the national default (A ≥ 90 %, B ≥ 70 %, else C)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.regions.models import Region

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ScorecardRule(models.Model):
    """The first-pass rates (at evaluation, in per cent) an agency needs for grade A and B."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the national default."),
    )
    grade_a_rate = models.DecimalField(
        _("first-pass rate for grade A (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(90),
        validators=PERCENT,
    )
    grade_b_rate = models.DecimalField(
        _("first-pass rate for grade B (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(70),
        validators=PERCENT,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scorecard rule")
        verbose_name_plural = _("scorecard rules")
        ordering = ["region__path"]
        constraints = [
            models.UniqueConstraint(
                Coalesce("region", Value(0)), name="scorecard_rule_one_per_region"
            ),
            models.CheckConstraint(
                condition=Q(grade_a_rate__gte=F("grade_b_rate")),
                name="scorecard_rule_a_above_b",
            ),
        ]

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("National default"))
