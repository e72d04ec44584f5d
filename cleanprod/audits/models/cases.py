"""The audit case (清洁生产审核): one round of one enterprise (or of a park or cluster with its
members), mandatory or voluntary, from listing to report and, later, evaluation and
acceptance."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.agencies.models import Agency
from cleanprod.audits.models.choices import Department, Phase, Step, Track
from cleanprod.audits.models.lists import ListEntry
from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise, Park

AUDIT_PARTIES = {"enterprise": "enterprise_id", "agency": "agency_id"}


class AuditQuerySet(ScopedQuerySet["Audit"]):
    def open(self) -> AuditQuerySet:
        return self.exclude(status__in=Audit.CLOSED_STATUSES)


class Audit(models.Model):
    """An audit case. Its status summarises where the case stands; the seven phases are
    PhaseRecord rows and the legal clock is Deadline rows."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        REPORT_SUBMITTED = "report_submitted", _("Report submitted")
        REPORT_RETURNED = "report_returned", _("Report returned")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted, awaiting evaluation")
        EVALUATION = "evaluation", _("Under evaluation")
        EVALUATED = "evaluated", _("Evaluation passed, implementing options")
        ACCEPTANCE = "acceptance", _("Under acceptance")
        FAILED = "failed", _("Failed review, to be re-audited")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Subject(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        PARK = "park", _("Industrial park")
        CLUSTER = "cluster", _("Enterprise cluster")

    class Mode(models.TextChoices):
        STANDARD = "standard", _("Standard")
        SIMPLIFIED = "simplified", _("Simplified")

    CLOSED_STATUSES = (Status.CLOSED, Status.WITHDRAWN, Status.FAILED)

    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    subject = models.CharField(
        _("audit subject"), max_length=10, choices=Subject.choices, default=Subject.ENTERPRISE
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.STANDARD)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
        help_text=_("For a park or cluster audit: the organising enterprise, if any."),
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("industrial park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    round_no = models.PositiveSmallIntegerField(_("round"), default=1)
    list_entry = models.OneToOneField(
        ListEntry,
        verbose_name=_("list entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit",
    )
    lead_department = models.CharField(
        _("lead department"), max_length=10, choices=Department.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    current_phase = models.PositiveSmallIntegerField(
        _("current phase"), choices=Phase.choices, null=True, blank=True
    )
    listed_on = models.DateField(
        _("listed on"), help_text=_("Publication of the list, or acceptance of the application.")
    )

    # start filing (启动备案)
    self_audit = models.BooleanField(_("self-audit"), default=False)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("consulting agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    started_on = models.DateField(_("start filed on"), null=True, blank=True)
    report_submitted_on = models.DateField(_("report first submitted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AuditQuerySet.as_manager()
    scope_region = "region__path"
    scope_parties = AUDIT_PARTIES

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-listed_on", "-id"]
        permissions = [
            ("file_start_audit", _("Can file the start of an audit")),
            ("work_audit", _("Can record the phases of an audit")),
            ("submit_report_audit", _("Can submit the audit report")),
            ("review_report_audit", _("Can return or accept an audit report")),
            ("withdraw_audit", _("Can withdraw an audit")),
            ("view_overdue_audit", _("Can see the overdue board")),
        ]
        indexes = [models.Index(fields=["status", "region"], name="audit_status_region")]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="enterprise", enterprise__isnull=False)
                | (~Q(subject="enterprise") & (Q(park__isnull=False) | Q(title__gt=""))),
                name="audit_subject_has_object",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="audit_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(self_audit=True, agency__isnull=False),
                name="audit_self_or_agency",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "round_no"],
                condition=Q(subject="enterprise") & ~Q(status="withdrawn"),
                name="audit_one_case_per_enterprise_round",
            ),
        ]

    def __str__(self) -> str:
        name = self.title or (self.enterprise.name if self.enterprise_id else str(self.park))
        return _("%(name)s · round %(round)s") % {"name": name, "round": self.round_no}


class AuditMember(models.Model):
    """A member enterprise of a park or cluster audit; on acceptance it is deemed audited."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = {"enterprise": "enterprise_id", "agency": "audit__agency_id"}

    class Meta:
        verbose_name = _("member enterprise")
        verbose_name_plural = _("member enterprises")
        constraints = [
            models.UniqueConstraint(fields=["audit", "enterprise"], name="audit_member_unique")
        ]

    def __str__(self) -> str:
        return str(self.enterprise)


class AuditRound(models.Model):
    """A completed audit round of one enterprise: accepted in its own audit, deemed audited as a
    member of an accepted park or cluster audit, or recorded from before this system. The
    interval rules count from `completed_on`."""

    class Source(models.TextChoices):
        AUDIT = "audit", _("Accepted audit")
        DEEMED = "deemed", _("Member of an accepted park or cluster audit")
        HISTORICAL = "historical", _("Recorded from earlier records")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    completed_on = models.DateField(_("completed on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the system wrote it."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "enterprise__region__path"
    scope_parties = {"enterprise": "enterprise_id"}

    class Meta:
        verbose_name = _("completed audit round")
        verbose_name_plural = _("completed audit rounds")
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "audit"],
                condition=Q(audit__isnull=False),
                name="audit_round_once_per_audit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.completed_on}"


class Disclosure(models.Model):
    """Information the enterprise made public after listing (信息公开): what, where, when."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="disclosures"
    )
    content = models.TextField(
        _("what was disclosed"),
        help_text=_("Name, legal representative, address, pollutants, amounts, exceedances …"),
    )
    channel = models.CharField(
        _("where"), max_length=200, help_text=_("Newspaper, website or other public means.")
    )
    url = models.URLField(_("address (URL)"), blank=True)
    published_on = models.DateField(_("published on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = {"enterprise": "audit__enterprise_id", "agency": "audit__agency_id"}

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["published_on"]

    def __str__(self) -> str:
        return f"{self.channel} {self.published_on}"


class Deadline(models.Model):
    """One step of the legal clock for one audit. `met_on` is set by the service that completes
    the step; the daily sweep reminds before `due_on`, then alerts the county, the city
    (`city_alert_on`) and the province (`province_alert_on`)."""

    class Source(models.TextChoices):
        RULE = "rule", _("Regional rule")
        FIXED = "fixed", _("Date fixed by the notice")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="deadlines"
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    due_on = models.DateField(_("due on"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    city_alert_on = models.DateField(_("city alerted from"))
    province_alert_on = models.DateField(_("province alerted from"))
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    overdue_level = models.PositiveSmallIntegerField(
        _("alerts sent"),
        default=0,
        help_text=_("0 none, 1 enterprise and county, 2 city, 3 province."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = {"enterprise": "audit__enterprise_id", "agency": "audit__agency_id"}

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on"]
        indexes = [models.Index(fields=["met_on", "due_on"], name="deadline_open_due")]
        constraints = [
            models.UniqueConstraint(fields=["audit", "step"], name="deadline_unique_step"),
            models.CheckConstraint(
                condition=Q(city_alert_on__gte=models.F("due_on"))
                & Q(province_alert_on__gte=models.F("city_alert_on")),
                name="deadline_alerts_after_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.due_on}"

    def is_overdue(self, today: date) -> bool:
        return self.met_on is None and today > self.due_on
