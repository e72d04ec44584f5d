"""Enterprises (企业) and the registry facts that mandatory screening reads."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region
from cleanprod.registry.models.industries import Industry
from cleanprod.registry.models.parks import Park


class EnterpriseQuerySet(ScopedQuerySet["Enterprise"]):
    def operating(self) -> EnterpriseQuerySet:
        return self.filter(status=Enterprise.Status.OPERATING)


class Enterprise(models.Model):
    """A legal entity identified by its unified social credit code (统一社会信用代码), placed in a
    county-level region. The screening flags (`exceeds_*`, `over_energy_quota`, `uses_toxic`)
    summarise the dated fact records below and are refreshed by the services that write them."""

    class Scale(models.TextChoices):
        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        SUSPENDED = "suspended", _("Suspended")
        RELOCATED = "relocated", _("Relocated")
        CLOSED = "closed", _("Closed")

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=120)
    former_names = models.CharField(
        _("former names"),
        max_length=400,
        blank=True,
        help_text=_("Earlier registered names, separated by semicolons."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # enterprise_region_id (region, -id) leads with it
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("main industry"), on_delete=models.PROTECT, related_name="+"
    )
    industry_path = models.CharField(_("industry path"), max_length=24, editable=False)
    other_industries = models.ManyToManyField(
        Industry, verbose_name=_("other industries"), blank=True, related_name="+"
    )
    scale = models.CharField(_("scale"), max_length=8, choices=Scale.choices, blank=True)
    park = models.ForeignKey(
        Park,
        verbose_name=_("industrial park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    status = models.CharField(
        _("operating status"), max_length=10, choices=Status.choices, default=Status.OPERATING
    )
    key_pollutant_unit = models.BooleanField(_("key pollutant discharge unit"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    # screening flags, refreshed from the fact records by registry.services
    exceeds_standard = models.BooleanField(_("exceeds discharge standards"), default=False)
    exceeds_cap = models.BooleanField(_("exceeds total-emission caps"), default=False)
    over_energy_quota = models.BooleanField(_("over the energy quota"), default=False)
    uses_toxic = models.BooleanField(_("uses or discharges toxic substances"), default=False)

    search_tokens = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # History is read by enterprise (id) and date only: no index on the other copied fields,
    # which every import would otherwise maintain.
    history = HistoricalRecords(
        excluded_fields=["search_tokens", "updated_at"],
        no_db_index=["credit_code", "industry_path", "region", "industry", "park"],
    )
    objects = EnterpriseQuerySet.as_manager()
    # PostgreSQL only: tsvector GENERATED from search_tokens, GIN-indexed (migration 0003);
    # not a model field, so SQLite (LIKE over the tokens) never sees it. core.search reads it.
    search_vector_column = "search_vector"
    scope_region = "region__path"
    scope_parties = {"enterprise": "pk"}

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["-id"]
        permissions = [
            ("import_registry", _("Can import registry spreadsheets")),
            ("export_registry", _("Can export registry lists")),
            ("view_contacts", _("Can see contact persons and phone numbers")),
        ]
        indexes = [
            models.Index(fields=["region", "-id"], name="enterprise_region_id"),
            models.Index(fields=["name", "id"], name="enterprise_name_id"),
            # prefix filters only (industry_path__startswith): one pattern index, not two
            models.Index(
                fields=["industry_path"],
                name="enterprise_industry_path",
                opclasses=["varchar_pattern_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="enterprise_credit_code_alphabet",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Exceedance(models.Model):
    """A dated record of discharging over a standard (超标) or a total-emission cap (超总量)."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Over discharge standard")
        CAP = "cap", _("Over total-emission cap")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online monitoring")
        SUPERVISORY = "supervisory", _("Supervisory monitoring")
        INSPECTION = "inspection", _("Inspection")
        SELF = "self", _("Self-monitoring")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="exceedances",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    pollutant = models.CharField(_("pollutant"), max_length=40)
    occurred_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reference = models.CharField(
        _("reference"),
        max_length=120,
        blank=True,
        help_text=_("Document number or monitoring report."),
    )
    measured = models.DecimalField(
        _("measured"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    limit = models.DecimalField(_("limit"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("exceedance")
        verbose_name_plural = _("exceedances")
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.pollutant} {self.occurred_on}"


class EnergyUse(models.Model):
    """A year's comprehensive energy consumption (综合能耗, tce) and the unit-product figure
    against its quota (单位产品能耗限额)."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="energy_uses",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total_tce = models.DecimalField(
        _("comprehensive energy consumption (tce)"), max_digits=14, decimal_places=2
    )
    product = models.CharField(_("product"), max_length=60, blank=True)
    unit_consumption = models.DecimalField(
        _("unit-product consumption"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    quota = models.DecimalField(
        _("unit-product quota"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    quota_unit = models.CharField(_("unit"), max_length=30, blank=True)
    quota_standard = models.CharField(
        _("quota standard"), max_length=60, blank=True, help_text=_("e.g. GB 21256-2013")
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("energy use")
        verbose_name_plural = _("energy use")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "product"], name="energy_use_unique_year_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    @property
    def over_quota(self) -> bool:
        return (
            self.unit_consumption is not None
            and self.quota is not None
            and self.unit_consumption > self.quota
        )


class ToxicSubstance(models.Model):
    """Use or discharge of a toxic or harmful substance (有毒有害物质), by category."""

    class Category(models.TextChoices):
        HAZARDOUS_WASTE = "hazardous_waste", _("Hazardous waste")
        HIGHLY_TOXIC = "highly_toxic", _("Highly toxic chemical")
        HEAVY_METAL = "heavy_metal", _("Heavy metal")
        POP = "pop", _("Persistent organic pollutant")
        OTHER = "other", _("Other toxic or harmful substance")

    class Mode(models.TextChoices):
        USE = "use", _("Used as input")
        DISCHARGE = "discharge", _("Discharged")
        BOTH = "both", _("Used and discharged")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="toxic_substances",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    name = models.CharField(_("substance"), max_length=80)
    mode = models.CharField(_("use or discharge"), max_length=10, choices=Mode.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount_t = models.DecimalField(
        _("amount (t/a)"), max_digits=14, decimal_places=4, null=True, blank=True
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("toxic or harmful substance")
        verbose_name_plural = _("toxic or harmful substances")
        ordering = ["-year", "category"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.name}"


class HazardousWaste(models.Model):
    """A year's generation of one hazardous-waste category (危险废物, HW codes of the national
    list)."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="hazardous_wastes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    waste_code = models.CharField(_("waste category"), max_length=10, help_text=_("e.g. HW17"))
    amount_t = models.DecimalField(_("generated (t)"), max_digits=14, decimal_places=4)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("hazardous waste")
        verbose_name_plural = _("hazardous waste")
        ordering = ["-year", "waste_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "waste_code"], name="hazardous_waste_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.waste_code} {self.year}"
