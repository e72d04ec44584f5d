"""Configuration per region (regulation.md §12): the legal clock, lead departments and the
audit policy. Rules resolve from the audit's county upward to the national default (000000);
the nearest region that has a rule wins."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models.choices import Anchor, Department, Step, Track, Trigger
from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region


class DeadlineRule(models.Model):
    """How long a step may take, counted from an anchor event: calendar months plus days
    (months clamp to the month end: 31 January + 1 month = end of February). A list that fixes
    calendar dates for a step overrides the rule (ListDeadline)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    track = models.CharField(
        _("track"),
        max_length=10,
        choices=Track.choices,
        blank=True,
        help_text=_("Empty: both tracks."),
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    anchor = models.CharField(_("counted from"), max_length=20, choices=Anchor.choices)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    working_days = models.BooleanField(
        _("days are working days"),
        default=False,
        help_text=_("On: the days are counted on the official working-day calendar."),
    )
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("Off: this region has no such deadline.")
    )
    source = models.CharField(_("legal basis"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "region__path"
    scope_reference = True

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["region__path", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "track", "step"], name="deadline_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(months__gt=0) | Q(days__gt=0) | Q(enabled=False),
                name="deadline_rule_has_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.step} +{self.months}m{self.days}d"


class LeadDepartmentRule(models.Model):
    """Which department leads a trigger category in a region (default: ecology-environment for
    双超 and 双有, development-reform for energy)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    department = models.CharField(_("lead department"), max_length=10, choices=Department.choices)

    objects = ScopedQuerySet.as_manager()
    scope_region = "region__path"
    scope_reference = True

    class Meta:
        verbose_name = _("lead department rule")
        verbose_name_plural = _("lead department rules")
        constraints = [
            models.UniqueConstraint(fields=["region", "trigger"], name="lead_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.trigger} → {self.department}"


class AuditPolicy(models.Model):
    """Per-region values that are not deadlines: the toxic re-audit interval, the cost-class
    threshold of options, the balance closure tolerance, reminder and escalation delays and
    roll-over. One row per region; the nearest ancestor's row applies."""

    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    toxic_interval_years = models.PositiveSmallIntegerField(
        _("re-audit interval for toxic enterprises (years)"), default=5
    )
    option_cost_threshold = models.DecimalField(
        _("medium/high-cost threshold (CNY)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("500000"),
        help_text=_("Options at or above this investment are medium/high-cost. To verify."),
    )
    balance_tolerance_pct = models.DecimalField(
        _("balance closure tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("A larger gap between inputs and outputs is flagged, not refused."),
    )
    fact_lookback_years = models.PositiveSmallIntegerField(
        _("screening looks back (years)"),
        default=1,
        help_text=_("Facts of the list year and this many years before count."),
    )
    due_soon_days = models.PositiveSmallIntegerField(_("remind days before a deadline"), default=14)
    escalate_city_days = models.PositiveSmallIntegerField(
        _("overdue days before the city is alerted"), default=15
    )
    escalate_province_days = models.PositiveSmallIntegerField(
        _("overdue days before the province is alerted"), default=30
    )
    rollover = models.BooleanField(
        _("roll overdue, refused and failed enterprises onto the next list"), default=True
    )

    objects = ScopedQuerySet.as_manager()
    scope_region = "region__path"
    scope_reference = True

    class Meta:
        verbose_name = _("audit policy")
        verbose_name_plural = _("audit policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(escalate_province_days__gte=models.F("escalate_city_days")),
                name="audit_policy_escalation_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.region)
