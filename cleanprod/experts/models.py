"""The expert pool (专家库): who may sit on evaluation and acceptance panels, in which industries,
with which declared conflicts, and how each has done (ratings after every review)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet, ScopeLike, resolve_perm
from cleanprod.regions.models import Region
from cleanprod.registry.models import Industry
from cleanprod.trail.models import AppendOnlyError


class Field(models.TextChoices):
    """Fields of expertise a panel may need to mix (regulation.md §4.4)."""

    CP_AUDIT = "cp_audit", _("Cleaner production audit")
    ENERGY = "energy", _("Energy and energy management")
    ENVIRONMENT = "environment", _("Environmental protection and monitoring")
    PROCESS = "process", _("Industry processes and equipment")
    MANAGEMENT = "management", _("Enterprise management")


VIEW_PERM = "experts.view_expert"
# reading the pool and rating a panel member reach the whole province (a county organising a
# review draws from, and rates, the provincial pool); admission and status stay regional
PROVINCE_WIDE_PERMS = frozenset({VIEW_PERM, "experts.add_rating"})


def province_path(path: str) -> str:
    """ "000000/370000/370300/" → "000000/370000/": the province whose pool a region belongs to
    (the national root itself stays the root)."""
    parts = [p for p in path.split("/") if p]
    return "/".join(parts[:2]) + "/"


class _ProvinceWide:
    """A scope seen through the pool's eyes: reading the pool and rating reach the whole
    province of each region grant; every other permission keeps the grant's own region.
    Party grants are left as they are."""

    def __init__(self, scope: ScopeLike) -> None:
        self.scope = scope

    @staticmethod
    def _widen(grants: Any) -> tuple[Any, ...]:
        out = []
        for g in grants:
            if not g.party and dataclasses.is_dataclass(g):
                g = dataclasses.replace(g, path=province_path(g.path), descendants=True)
            out.append(g)
        return tuple(out)

    def grants(self, perm: str) -> tuple[Any, ...]:
        grants = tuple(self.scope.grants(perm))
        return self._widen(grants) if perm in PROVINCE_WIDE_PERMS else grants

    def covered(self) -> tuple[Any, ...]:
        return self._widen(self.scope.covered())

    def allows(self, perm: str, path: str) -> bool:
        return self.scope.allows(perm, path)


class ExpertQuerySet(ScopedQuerySet["Expert"]):
    def active(self) -> ExpertQuerySet:
        return self.filter(status=Expert.Status.ACTIVE)

    def in_scope(self, scope: ScopeLike, perm: str = "view") -> ExpertQuerySet:
        return super().in_scope(_ProvinceWide(scope), resolve_perm(self.model, perm))  # type: ignore[return-value]

    def covered_by(self, scope: ScopeLike) -> ExpertQuerySet:
        return super().covered_by(_ProvinceWide(scope))  # type: ignore[return-value]


class Expert(models.Model):
    """A member (or applicant) of a province's expert pool. The employer's credit code is what
    conflict rules compare against the enterprise and its agency."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied, under examination")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", pgettext_lazy("expert or agency status", "Suspended")
        REMOVED = "removed", _("Removed from the pool")
        REJECTED = "rejected", _("Application rejected")

    pool_no = models.CharField(_("pool number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=40)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("professional title"), max_length=60)
    employer = models.CharField(_("employer"), max_length=120)
    employer_credit_code = models.CharField(
        _("employer's credit code"), max_length=18, blank=True, db_index=True
    )
    specialties = models.ManyToManyField(
        Industry,
        verbose_name=_("specialty industries"),
        related_name="+",
        help_text=_("GB/T 4754 divisions the expert may review."),
    )
    expertise = models.JSONField(_("fields of expertise"), default=list, blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    applied_on = models.DateField(_("applied on"))
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    next_reevaluation_on = models.DateField(_("next re-evaluation"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ExpertQuerySet.as_manager()
    scope_region = "region__path"
    scope_parties = {"expert": "pk"}

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["pool_no"]
        permissions = [
            ("admit_expert", _("Can examine and admit expert applications")),
            ("manage_expert", _("Can suspend, reinstate or remove experts")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="applied") | Q(status="rejected") | Q(admitted_on__isnull=False),
                name="expert_admitted_on_when_admitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.pool_no})"

    @property
    def expertise_labels(self) -> list[str]:
        return [str(Field(f).label) for f in self.expertise if f in Field.values]


class ExpertDocument(models.Model):
    """A document filed with the application: certificates, CV, employer's consent."""

    class Kind(models.TextChoices):
        CV = "cv", _("Curriculum vitae")
        TITLE = "title", _("Title certificate")
        QUALIFICATION = "qualification", _("Qualification or training certificate")
        CONSENT = "consent", _("Employer's consent")
        OTHER = "other", _("Other")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="experts/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert document")
        verbose_name_plural = _("expert documents")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class ConflictQuerySet(models.QuerySet["Conflict"]):
    def current(self, today: datetime.date) -> ConflictQuerySet:
        """Conflicts in force on `today` (no end date, or an end date not yet passed)."""
        return self.filter(Q(until__isnull=True) | Q(until__gte=today))


class Conflict(models.Model):
    """A declared conflict of interest: an organisation (by credit code) the expert must not
    review, e.g. a former employer, a past client or a relative's employer."""

    class Kind(models.TextChoices):
        FORMER_EMPLOYER = "former_employer", _("Former employer")
        PAST_CLIENT = "past_client", _("Past client (advised or consulted)")
        RELATION = "relation", _("Relative or close relation works there")
        SHAREHOLDING = "shareholding", _("Shareholding or other interest")
        OTHER = "other", _("Other")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    credit_code = models.CharField(_("organisation's credit code"), max_length=18, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=120)
    note = models.CharField(_("note"), max_length=200, blank=True)
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty: the conflict does not lapse.")
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["expert", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.credit_code})"

    def is_current(self, today: datetime.date) -> bool:
        return self.until is None or self.until >= today


class _AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")


class _AppendOnly(models.Model):
    """Rows are only ever inserted: the model and its queryset refuse updates and deletes,
    and a database trigger (migration 0002) refuses updates too."""

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")


class StatusChange(_AppendOnly):
    """Append-only record of every status change of an expert, with its reason and, when a rule
    made it, the rule's code."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Expert.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Expert.Status.choices)
    reason = models.TextField(_("reason"))
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when a rule made the change."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert status change")
        verbose_name_plural = _("expert status changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.expert_id}: {self.from_status or '—'} → {self.to_status}"


class Rating(_AppendOnly):
    """The organiser's rating of an expert after one review (1–5 each). `source` names the
    review seat it belongs to (the reviews app sits above this one)."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="ratings")
    source = models.CharField(_("source"), max_length=40, unique=True)
    label = models.CharField(_("review"), max_length=200)
    punctuality = models.PositiveSmallIntegerField(_("punctuality"))
    quality = models.PositiveSmallIntegerField(_("quality of opinion"))
    independence = models.PositiveSmallIntegerField(_("independence"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert rating")
        verbose_name_plural = _("expert ratings")
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(punctuality__gte=1, punctuality__lte=5)
                & Q(quality__gte=1, quality__lte=5)
                & Q(independence__gte=1, independence__lte=5),
                name="rating_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.punctuality}/{self.quality}/{self.independence}"

    @property
    def average(self) -> float:
        return (self.punctuality + self.quality + self.independence) / 3


class RatingRule(models.Model):
    """How ratings turn into consequences in a region (nearest region wins; national default
    has no region): over the last `window` ratings, an average below a threshold warns,
    suspends or removes the expert."""

    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window = models.PositiveSmallIntegerField(_("ratings considered"), default=5)
    min_ratings = models.PositiveSmallIntegerField(_("minimum ratings before acting"), default=3)
    warn_below = models.DecimalField(_("warn below"), max_digits=3, decimal_places=2, default=3.5)
    suspend_below = models.DecimalField(
        _("suspend below"), max_digits=3, decimal_places=2, default=3.0
    )
    remove_below = models.DecimalField(
        _("remove below"), max_digits=3, decimal_places=2, default=2.0
    )
    reevaluation_months = models.PositiveSmallIntegerField(
        _("re-evaluation every (months)"), default=12
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "region__path"
    scope_reference = True  # configuration: read by region, like the other rule tables

    class Meta:
        verbose_name = _("expert rating rule")
        verbose_name_plural = _("expert rating rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(remove_below__lte=models.F("suspend_below"))
                & Q(suspend_below__lte=models.F("warn_below"))
                & Q(warn_below__lte=5)
                & Q(min_ratings__gte=1)
                & Q(window__gte=models.F("min_ratings")),
                name="rating_rule_thresholds_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.region.name) if self.region_id else str(_("National default"))
