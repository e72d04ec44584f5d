"""Cleaner production options of an audit, with the feasibility fields of medium/high-cost
options. Calculators (NPV, IRR, payback) and verified benefits build on these rows."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models import Audit, Phase
from cleanprod.core.scoping import ScopedQuerySet

OPTION_PARTIES = {"enterprise": "audit__enterprise_id", "agency": "audit__agency_id"}
MONEY = {"max_digits": 16, "decimal_places": 2}
AMOUNT = {"max_digits": 16, "decimal_places": 4}


class OptionQuerySet(ScopedQuerySet["Option"]):
    def medium_high(self) -> OptionQuerySet:
        return self.filter(cost_class=Option.CostClass.MEDIUM_HIGH)

    def no_low(self) -> OptionQuerySet:
        return self.filter(cost_class=Option.CostClass.NO_LOW)


class Option(models.Model):
    """A cleaner production option (清洁生产方案). Its cost class follows from the expected
    investment and the region's threshold when it is saved by the service."""

    class CostClass(models.TextChoices):
        NO_LOW = "no_low", _("No/low-cost")
        MEDIUM_HIGH = "medium_high", _("Medium/high-cost")

    class Type(models.TextChoices):
        RAW_MATERIALS = "raw_materials", _("Raw material and energy substitution")
        TECHNOLOGY = "technology", _("Technology and process change")
        EQUIPMENT = "equipment", _("Equipment maintenance and renewal")
        PROCESS_CONTROL = "process_control", _("Process control optimisation")
        PRODUCT = "product", _("Product change")
        RECYCLING = "recycling", _("Waste recycling and reuse")
        MANAGEMENT = "management", _("Management")
        STAFF = "staff", _("Staff training and motivation")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Rejected in screening")
        IN_PROGRESS = "in_progress", _("Being implemented")
        IMPLEMENTED = "implemented", _("Implemented")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("number"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    found_in_phase = models.PositiveSmallIntegerField(
        _("found in phase"), choices=Phase.choices, default=Phase.OPTION_GENERATION
    )
    cost_class = models.CharField(_("cost class"), max_length=12, choices=CostClass.choices)
    investment = models.DecimalField(
        _("expected investment (CNY)"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    screening_note = models.TextField(_("screening note"), blank=True)

    # expected yearly benefits
    energy_tce = models.DecimalField(_("energy saved (tce/a)"), null=True, blank=True, **AMOUNT)
    water_t = models.DecimalField(_("water saved (t/a)"), null=True, blank=True, **AMOUNT)
    pollutant = models.CharField(_("pollutant reduced"), max_length=60, blank=True)
    pollutant_t = models.DecimalField(_("pollutant reduced (t/a)"), null=True, blank=True, **AMOUNT)
    co2_t = models.DecimalField(_("CO2 reduced (t/a)"), null=True, blank=True, **AMOUNT)
    money_cny = models.DecimalField(_("economic benefit (CNY/a)"), null=True, blank=True, **MONEY)

    # feasibility (medium/high-cost options)
    technical_assessment = models.TextField(_("technical evaluation"), blank=True)
    environmental_assessment = models.TextField(_("environmental evaluation"), blank=True)
    economic_assessment = models.TextField(_("economic evaluation"), blank=True)
    service_life_years = models.PositiveSmallIntegerField(
        _("service life (years)"), null=True, blank=True
    )
    annual_operating_cost = models.DecimalField(
        _("annual operating cost (CNY)"), null=True, blank=True, **MONEY
    )
    discount_rate_pct = models.DecimalField(
        _("discount rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    feasible = models.BooleanField(_("feasible and recommended"), null=True, blank=True)

    # implementation
    planned_on = models.DateField(_("planned completion"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    actual_investment = models.DecimalField(
        _("actual investment (CNY)"), null=True, blank=True, **MONEY
    )

    objects = OptionQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = OPTION_PARTIES

    class Meta:
        verbose_name = _("cleaner production option")
        verbose_name_plural = _("cleaner production options")
        ordering = ["audit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "code"], name="option_code_unique"),
            models.CheckConstraint(
                condition=Q(status="implemented", implemented_on__isnull=False)
                | (~Q(status="implemented") & Q(implemented_on__isnull=True)),
                name="option_implemented_on_iff_implemented",
            ),
            models.CheckConstraint(condition=Q(investment__gte=0), name="option_investment_ge0"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def feasibility_complete(self) -> bool:
        return bool(
            self.technical_assessment
            and self.environmental_assessment
            and self.economic_assessment
            and self.feasible is not None
        )
