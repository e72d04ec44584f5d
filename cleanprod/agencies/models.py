"""Consulting agencies (咨询服务机构): the register row, its filings (备案) under the conditions
of the Measures Art 16, its staff with training certificates, and the regional rules that say
whether an agency must be filed and within its approved industry scope to serve an enterprise."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region
from cleanprod.registry.models import Industry

DIVISIONS = Q(level="division")  # industry scope is kept at GB/T 4754 division level


class AgencyQuerySet(ScopedQuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(status=Agency.Status.ACTIVE)

    def filing_status_on(self, status: str, day: date) -> AgencyQuerySet:
        """Agencies whose filing status on `day` is `status` (expired: filed, validity over)."""
        filed = Agency.FilingStatus.FILED
        if status == Agency.FilingStatus.EXPIRED:
            return self.filter(filing_status=filed, filed_until__lt=day)
        if status == filed:
            return self.filter(filing_status=filed, filed_until__gte=day)
        return self.filter(filing_status=status)


class Agency(models.Model):
    """A consulting agency identified by its unified social credit code, registered in a region;
    it may serve enterprises anywhere its filing allows. `filing_status`, `filed_until` and
    `industry_scope` summarise its latest decided filing (set by the filing services)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", pgettext_lazy("expert or agency status", "Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class FilingStatus(models.TextChoices):
        UNFILED = "unfiled", _("Not filed")
        FILED = "filed", _("Filed")
        EXPIRED = "expired", _("Filing expired")  # shown when filed_until has passed
        REVOKED = "revoked", _("Filing revoked")

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    filing_status = models.CharField(
        _("filing status"),
        max_length=10,
        choices=FilingStatus.choices,
        default=FilingStatus.UNFILED,
    )
    filed_until = models.DateField(_("filed until"), null=True, blank=True)
    industry_scope = models.ManyToManyField(
        Industry,
        verbose_name=_("approved industry scope"),
        blank=True,
        related_name="+",
        limit_choices_to=DIVISIONS,
    )
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AgencyQuerySet.as_manager()
    scope_region = "region__path"
    scope_parties = {"agency": "pk"}
    scope_reference = True  # enterprises choose an agency when they file their audit start

    class Meta:
        verbose_name = _("consulting agency")
        verbose_name_plural = _("consulting agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def filing_status_on(self, day: date) -> str:
        """The filing status on `day`: a filing whose validity has passed reads as expired."""
        if (
            self.filing_status == self.FilingStatus.FILED
            and self.filed_until is not None
            and self.filed_until < day
        ):
            return self.FilingStatus.EXPIRED
        return self.filing_status

    def get_filing_status_on_display(self, day: date) -> str:
        return str(self.FilingStatus(self.filing_status_on(day)).label)


class AgencyRule(models.Model):
    """How a region admits agencies: filing validity, whether an agency must be filed and stay
    within its approved industry scope to serve an enterprise there, and the grading thresholds
    (e.g. Yunnan: the grade is lost at ≤ 2 enterprises served or 3 failures a year). The row
    without a region is the national default; the nearest region up the tree wins."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the national default."),
    )
    filing_valid_years = models.PositiveSmallIntegerField(
        _("filing valid for (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    require_filing = models.BooleanField(_("agencies must be filed to serve"), default=True)
    require_scope = models.BooleanField(
        _("enterprises must be within the approved industry scope"), default=True
    )
    min_served_per_year = models.PositiveSmallIntegerField(
        _("minimum enterprises served a year"), default=2
    )
    max_failures_per_year = models.PositiveSmallIntegerField(
        _("maximum failed reviews a year"), default=3
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "region__path"
    scope_reference = True

    class Meta:
        verbose_name = _("agency rule")
        verbose_name_plural = _("agency rules")
        ordering = ["region__path"]
        constraints = [
            models.UniqueConstraint(Coalesce("region", Value(0)), name="agency_rule_one_per_region")
        ]

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("National default"))


class AgencyStaff(models.Model):
    """A technical staff member of an agency, with the training certificate (培训合格证) that
    shows they master the audit method and the industries whose processes they know."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="staff"
    )
    name = models.CharField(_("name"), max_length=40)
    position = models.CharField(_("position"), max_length=60, blank=True)
    certificate_no = models.CharField(_("training certificate number"), max_length=60, blank=True)
    certificate_valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    industries = models.ManyToManyField(
        Industry,
        verbose_name=_("industries known"),
        blank=True,
        related_name="+",
        limit_choices_to=DIVISIONS,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "agency__region__path"
    scope_parties = {"agency": "agency_id"}

    class Meta:
        verbose_name = _("agency staff member")
        verbose_name_plural = _("agency staff")
        ordering = ["agency", "-active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "certificate_no"],
                condition=~Q(certificate_no=""),
                name="agency_staff_certificate_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def certified_on(self, day: date) -> bool:
        """Active, with a certificate number valid on `day`."""
        return bool(
            self.active
            and self.certificate_no
            and self.certificate_valid_until is not None
            and self.certificate_valid_until >= day
        )


class AgencyFiling(models.Model):
    """One filing (备案) of an agency with the provincial authority: the Art 16 conditions as the
    agency declares them, the industry scope it asks for, its documents; approved (with a
    validity) or returned with reasons by an official; a later decision may revoke it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        REVOKED = "revoked", _("Revoked")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="filings"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    independent_legal_person = models.BooleanField(_("independent legal person"), default=False)
    quality_system = models.BooleanField(_("quality-assurance system in place"), default=False)
    quality_system_description = models.TextField(
        _("quality-assurance system and management rules"), blank=True
    )
    balance_test_equipment = models.TextField(
        _("instruments for material, energy and water balance tests"), blank=True
    )
    industry_scope = models.ManyToManyField(
        Industry,
        verbose_name=_("industry scope applied for"),
        related_name="+",
        limit_choices_to=DIVISIONS,
    )
    staff_count = models.PositiveSmallIntegerField(_("certified staff at submission"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region = "agency__region__path"
    scope_parties = {"agency": "agency_id"}

    class Meta:
        verbose_name = _("agency filing")
        verbose_name_plural = _("agency filings")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("approve_agencyfiling", _("Can approve, return or revoke agency filings"))]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(status="submitted"),
                name="agency_filing_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="agency_filing_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "revoked"])
                | (Q(valid_from__isnull=False) & Q(valid_until__isnull=False)),
                name="agency_filing_approved_has_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.submitted_at:%Y-%m-%d}"

    def covers(self, day: date) -> bool:
        return bool(
            self.status == self.Status.APPROVED
            and self.valid_from is not None
            and self.valid_until is not None
            and self.valid_from <= day <= self.valid_until
        )


def filing_document_path(instance: AgencyFilingDocument, filename: str) -> str:
    # the stored name is the content hash, so a file is never written over
    return f"agencies/{instance.filing.agency_id}/{instance.sha256}{instance.extension}"


class AgencyFilingDocument(models.Model):
    """A file attached to a filing (business licence, quality manual, equipment list,
    certificates); its content is checked against its extension and hashed."""

    filing = models.ForeignKey(
        AgencyFiling,
        verbose_name=_("filing"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=filing_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(_("extension"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "filing__agency__region__path"
    scope_parties = {"agency": "filing__agency_id"}

    class Meta:
        verbose_name = _("filing document")
        verbose_name_plural = _("filing documents")
        ordering = ["filing", "pk"]

    def __str__(self) -> str:
        return self.title
