"""The structured deliverables of the seven phases that later calculations read: the audit
team and plan (1), candidate audit focuses ranked by weighted sum and CP targets (2), material,
energy and water balances and causes of waste (3). Options (4–6) live in `performance`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models.cases import Audit
from cleanprod.audits.models.choices import Phase
from cleanprod.core.scoping import ScopedQuerySet

CHILD_PARTIES = {"enterprise": "audit__enterprise_id", "agency": "audit__agency_id"}


class AuditScopedQuerySet(ScopedQuerySet[models.Model]):
    pass


class PhaseRecord(models.Model):
    """Where one phase of one audit stands, with its narrative summary (the chapter text the
    report is written from). Completed phases can be reopened while the audit is open."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not completed")
        COMPLETED = "completed", _("Completed")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="phases"
    )
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    summary = models.TextField(_("summary"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["audit", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "phase"], name="phase_record_unique"),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | Q(status="open", completed_on__isnull=True),
                name="phase_completed_on_iff_completed",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_phase_display())


class TeamMember(models.Model):
    """A member of the audit team (审核小组)."""

    class TeamRole(models.TextChoices):
        LEADER = "leader", _("Team leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", _("Member")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="team"
    )
    name = models.CharField(_("name"), max_length=40)
    team_role = models.CharField(
        _("role in the team"), max_length=8, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    position = models.CharField(_("position"), max_length=60, blank=True)
    department = models.CharField(_("department"), max_length=60, blank=True)
    from_agency = models.BooleanField(_("from the consulting agency"), default=False)
    duties = models.CharField(_("duties"), max_length=200, blank=True)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["audit", "team_role", "id"]

    def __str__(self) -> str:
        return self.name


class PlanItem(models.Model):
    """A line of the audit work plan and schedule."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="plan"
    )
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    task = models.CharField(_("task"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    responsible = models.CharField(_("responsible"), max_length=60, blank=True)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["audit", "phase", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_item_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.task


class FocusFactor(models.Model):
    """A weighted factor for choosing the audit focus (weight 1–10; methods.md §6), editable
    per audit; seeded with the six default factors."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="focus_factors"
    )
    name = models.CharField(_("factor"), max_length=60)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("focus factor")
        verbose_name_plural = _("focus factors")
        ordering = ["audit", "-weight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "name"], name="focus_factor_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="focus_factor_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FocusCandidate(models.Model):
    """A candidate audit focus (备选审核重点) with its rating 1–10 per factor
    (`ratings`: {factor id: rating}); the chosen one is the audit focus (审核重点)."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="focus_candidates"
    )
    name = models.CharField(_("candidate area"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    ratings = models.JSONField(_("ratings"), default=dict)
    score = models.PositiveIntegerField(_("weighted score"), default=0, editable=False)
    chosen = models.BooleanField(_("chosen as audit focus"), default=False)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("candidate audit focus")
        verbose_name_plural = _("candidate audit focuses")
        ordering = ["audit", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit"], condition=Q(chosen=True), name="one_chosen_focus_per_audit"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CPTarget(models.Model):
    """A cleaner production target (清洁生产目标): an indicator with its base-year value and
    near- and long-term values; `achieved` is filled at implementation."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.CharField(_("indicator"), max_length=100)
    unit = models.CharField(_("unit"), max_length=30)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    near_term = models.DecimalField(_("near-term value"), max_digits=16, decimal_places=4)
    near_term_year = models.PositiveSmallIntegerField(_("near-term year"))
    long_term = models.DecimalField(
        _("long-term value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    long_term_year = models.PositiveSmallIntegerField(_("long-term year"), null=True, blank=True)
    lower_is_better = models.BooleanField(_("lower is better"), default=True)
    achieved = models.DecimalField(
        _("achieved value"), max_digits=16, decimal_places=4, null=True, blank=True
    )

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("cleaner production target")
        verbose_name_plural = _("cleaner production targets")
        ordering = ["audit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(near_term_year__gte=models.F("base_year")),
                name="cp_target_near_after_base",
            )
        ]

    def __str__(self) -> str:
        return self.indicator

    @property
    def is_met(self) -> bool | None:
        if self.achieved is None:
            return None
        if self.lower_is_better:
            return self.achieved <= self.near_term
        return self.achieved >= self.near_term


class Balance(models.Model):
    """A material, energy or water balance (物料/能量/水平衡) of the audit focus: input and output
    lines in one unit; the closure check compares the totals."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Material balance")
        ENERGY = "energy", _("Energy balance")
        WATER = "water", _("Water balance")
        POLLUTANT = "pollutant", _("Pollutant-factor balance")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="balances"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20)
    period = models.CharField(_("period"), max_length=40, blank=True)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        ordering = ["audit", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class BalanceLine(models.Model):
    """One input or output of a balance."""

    class Direction(models.TextChoices):
        INPUT = "in", _("Input")
        OUTPUT = "out", _("Output")

    balance = models.ForeignKey(
        Balance, verbose_name=_("balance"), on_delete=models.CASCADE, related_name="lines"
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    item = models.CharField(_("item"), max_length=100)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=16,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_loss = models.BooleanField(_("loss or waste"), default=False)

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "balance__audit__region__path"
    scope_parties = {
        "enterprise": "balance__audit__enterprise_id",
        "agency": "balance__audit__agency_id",
    }

    class Meta:
        verbose_name = _("balance line")
        verbose_name_plural = _("balance lines")
        ordering = ["balance", "direction", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="balance_line_nonnegative")
        ]

    def __str__(self) -> str:
        return self.item


class WasteCause(models.Model):
    """A cause of waste found in assessment, by the eight standard aspects."""

    class Aspect(models.TextChoices):
        RAW_MATERIALS = "raw_materials", _("Raw materials and energy")
        TECHNOLOGY = "technology", _("Technology and process")
        EQUIPMENT = "equipment", _("Equipment")
        PROCESS_CONTROL = "process_control", _("Process control")
        PRODUCT = "product", _("Product")
        WASTE = "waste", _("Waste itself")
        MANAGEMENT = "management", _("Management")
        STAFF = "staff", _("Staff")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="waste_causes"
    )
    aspect = models.CharField(_("aspect"), max_length=16, choices=Aspect.choices)
    description = models.TextField(_("cause"))

    objects = AuditScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = CHILD_PARTIES

    class Meta:
        verbose_name = _("cause of waste")
        verbose_name_plural = _("causes of waste")
        ordering = ["audit", "aspect", "id"]

    def __str__(self) -> str:
        return self.description[:40]
