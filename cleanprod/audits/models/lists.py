"""The mandatory audit list (实施强制性清洁生产审核企业名单): compiled from screening, approved,
published and then frozen; corrections after publication are recorded amendments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models.choices import Department, Step
from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise


class MandatoryListQuerySet(ScopedQuerySet["MandatoryList"]):
    def published(self) -> MandatoryListQuerySet:
        return self.filter(status=MandatoryList.Status.PUBLISHED)


class MandatoryList(models.Model):
    """One year's (or batch's) list of a region's authority. Draft → submitted → approved →
    published; published lists never change except through ListAmendment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    class Origin(models.TextChoices):
        COMPILED = "compiled", _("Compiled here")
        IMPORTED = "imported", _("Imported from a published notice")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    batch = models.PositiveSmallIntegerField(_("batch"), default=1)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.COMPILED
    )
    issuing_authorities = models.CharField(_("issuing authorities"), max_length=200, blank=True)
    doc_number = models.CharField(_("document number"), max_length=80, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MandatoryListQuerySet.as_manager()
    scope_region = "region__path"

    class Meta:
        verbose_name = _("mandatory audit list")
        verbose_name_plural = _("mandatory audit lists")
        ordering = ["-year", "-batch", "-id"]
        permissions = [
            ("submit_mandatorylist", _("Can submit a list for approval")),
            ("approve_mandatorylist", _("Can approve or return a list")),
            ("publish_mandatorylist", _("Can publish a list")),
            ("import_mandatorylist", _("Can import a published list")),
            ("amend_mandatorylist", _("Can amend a published list")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "batch"], name="mandatory_list_unique_batch"
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(published_on__isnull=False) & ~Q(doc_number="")),
                name="mandatory_list_published_has_date_and_number",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ListDeadline(models.Model):
    """A calendar date a notice fixes for one step, for every enterprise of the list (e.g. Hebei
    2021: evaluation applications by 1 June). It overrides the region's rule for that step."""

    mandatory_list = models.ForeignKey(
        MandatoryList,
        verbose_name=_("list"),
        on_delete=models.CASCADE,
        related_name="fixed_deadlines",
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    due_on = models.DateField(_("due on"))

    objects = ScopedQuerySet.as_manager()
    scope_region = "mandatory_list__region__path"

    class Meta:
        verbose_name = _("fixed deadline")
        verbose_name_plural = _("fixed deadlines")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandatory_list", "step"], name="list_deadline_unique_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.due_on}"


class ListEntry(models.Model):
    """An enterprise on a list with its legal reasons. `triggers` holds Trigger values; a
    candidate proposed by screening and dropped by an official stays, excluded, with the reason
    written down."""

    class Origin(models.TextChoices):
        SCREENING = "screening", _("Proposed by screening")
        MANUAL = "manual", _("Added by an official")
        IMPORT = "import", _("Imported")
        AMENDMENT = "amendment", _("Added by amendment")

    mandatory_list = models.ForeignKey(
        MandatoryList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    triggers = models.JSONField(_("reasons"), default=list)
    lead_department = models.CharField(
        _("lead department"), max_length=10, choices=Department.choices
    )
    reason_text = models.TextField(_("reasons in detail"), blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    included = models.BooleanField(_("on the list"), default=True)
    decision_reason = models.TextField(
        _("reason for adding or dropping"),
        blank=True,
        help_text=_("Required when an official adds or drops an enterprise."),
    )
    removed = models.BooleanField(_("removed by amendment"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "mandatory_list__region__path"

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["enterprise__region__code", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandatory_list", "enterprise"], name="list_entry_unique_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mandatory_list} · {self.enterprise}"


class ListAmendment(models.Model):
    """A recorded correction of a published list: an enterprise added or removed, with the
    document that says so."""

    class Kind(models.TextChoices):
        ADD = "add", _("Added")
        REMOVE = "remove", _("Removed")

    mandatory_list = models.ForeignKey(
        MandatoryList,
        verbose_name=_("list"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    entry = models.ForeignKey(
        ListEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="amendments"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    doc_number = models.CharField(_("document number"), max_length=80, blank=True)
    effective_on = models.DateField(_("effective on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "mandatory_list__region__path"

    class Meta:
        verbose_name = _("list amendment")
        verbose_name_plural = _("list amendments")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry.enterprise}"
