"""One review (evaluation or acceptance) of one audit: the application with its documents, the
random draw and the panel's seats, each expert's scoring sheet, and the signed opinion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cleanprod.audits.models import Audit, AuditDocument
from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.experts.models import Expert
from cleanprod.regions.models import Region
from cleanprod.reviews.models.config import SheetTemplate, Stage

REVIEW_PARTIES = {"enterprise": "audit__enterprise_id", "agency": "audit__agency_id"}


class Outcome(models.TextChoices):
    """Conclusions of a review (regulation.md §4.6)."""

    PASS = "pass", _("Pass")
    PASS_WITH_RECTIFICATION = "rectify", _("Pass after rectification")
    FAIL_RECTIFY = "fail_rectify", _("Fail: rectify and apply again")
    FAIL_REAUDIT = "fail_reaudit", _("Fail: re-audit")

    @classmethod
    def passing(cls) -> tuple[str, str]:
        return (cls.PASS, cls.PASS_WITH_RECTIFICATION)


class ReviewQuerySet(ScopedQuerySet["Review"]):
    def concluded(self) -> ReviewQuerySet:
        return self.filter(status__in=(Review.Status.CONCLUDED, Review.Status.PUBLISHED))


class Review(models.Model):
    """An application for evaluation or acceptance and everything that follows from it. A
    returned application or a failed review ends this row; applying again makes attempt n+1."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied, awaiting the organiser")
        RETURNED = "returned", _("Application returned")
        DRAWING = "drawing", _("Panel being formed")
        PANEL_FINAL = "panel_final", _("Panel final, meeting ahead")
        CONCLUDED = "concluded", _("Opinion signed")
        PUBLISHED = "published", _("Result published")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="reviews"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    organiser_region = models.ForeignKey(
        Region, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied at"))
    application_note = models.TextField(_("note with the application"), blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    template = models.ForeignKey(
        SheetTemplate,
        verbose_name=_("scoring sheet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=120, blank=True)
    documents_released_on = models.DateField(
        _("documents released to the panel on"), null=True, blank=True
    )
    mean_score = models.DecimalField(
        _("panel score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    vetoed = models.BooleanField(_("vetoed"), default=False)
    outcome = models.CharField(_("conclusion"), max_length=12, choices=Outcome.choices, blank=True)
    opinion = models.TextField(_("panel opinion"), blank=True)
    rectification = models.TextField(_("rectification required"), blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    signed_by = models.ForeignKey(
        Expert,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()
    scope_region = "audit__region__path"
    scope_parties = {**REVIEW_PARTIES, "expert": "seats__expert_id"}

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-applied_at", "-id"]
        permissions = [
            ("apply_review", _("Can apply for evaluation or acceptance")),
            ("organise_review", _("Can organise evaluation and acceptance")),
            ("sit_review", _("Can sit on a review panel")),
            ("publish_review", _("Can publish review results")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "stage", "attempt"], name="review_attempt_unique"
            ),
            models.UniqueConstraint(
                fields=["audit", "stage"],
                condition=Q(status__in=["applied", "drawing", "panel_final"]),
                name="review_one_open_per_stage",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["concluded", "published"], outcome__gt="")
                | (~Q(status__in=["concluded", "published"]) & Q(outcome="")),
                name="review_outcome_iff_concluded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audit} · {self.get_stage_display()} #{self.attempt}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.APPLIED, self.Status.DRAWING, self.Status.PANEL_FINAL)


class Attachment(models.Model):
    """A document filed with an application against one requirement of the checklist."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="attachments")
    requirement = models.CharField(_("requirement"), max_length=30)
    document = models.ForeignKey(AuditDocument, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["review", "requirement"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "requirement"], name="review_attachment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id}:{self.requirement}"


class Draw(models.Model):
    """The record of one random draw, enough for anyone to re-run it: the seed, the eligible
    candidates in pool-number order, the ranking they produced and who was excluded and why."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField(_("seed"), max_length=32)
    algorithm = models.CharField(_("algorithm"), max_length=40)
    candidates = models.JSONField(_("candidates (pool numbers, sorted)"))
    ranking = models.JSONField(_("ranking"))
    excluded = models.JSONField(_("excluded, with reasons"), default=list)
    size = models.PositiveSmallIntegerField(_("panel size"))
    # the policy's required fields at the draw and, when there are any, each candidate's
    # fields of expertise then (pool number → fields), so the seating can be re-run too
    requirements = models.JSONField(_("fields the panel must cover"), default=list, blank=True)
    fields = models.JSONField(_("fields of the candidates"), default=dict, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["review", "id"]

    def __str__(self) -> str:
        return f"{self.review_id}:{self.seed}"


class Seat(models.Model):
    """One invitation from the ranking. A declined seat stays on record; the next expert in the
    ranking is invited in its place."""

    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("invitation", "Invited")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation", "Declined")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="seats")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="seats")
    rank = models.PositiveSmallIntegerField(_("position in the ranking"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    is_leader = models.BooleanField(_("panel leader"), default=False)
    no_conflict_declared = models.BooleanField(_("declared no conflict"), default=False)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region = "review__audit__region__path"
    scope_parties = {"expert": "expert_id"}

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        ordering = ["review", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["review", "expert"], name="seat_expert_unique"),
            models.UniqueConstraint(
                fields=["review"], condition=Q(is_leader=True), name="seat_one_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.review_id}"


class Sheet(models.Model):
    """One expert's scoring sheet for one review: points per item, veto items ticked, and the
    expert's own opinion. Frozen once submitted; after the opinion is signed it can change only
    through an Amendment."""

    seat = models.OneToOneField(Seat, on_delete=models.PROTECT, related_name="sheet")
    template = models.ForeignKey(SheetTemplate, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("points per item"), default=dict)
    vetoes = models.JSONField(_("veto items ticked"), default=list)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    comment = models.TextField(_("expert's opinion"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")

    def __str__(self) -> str:
        return f"{self.seat} = {self.total}"


class Amendment(models.Model):
    """A recorded change of a concluded review: what changed, why, by whom. Never edited."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["review", "at"]

    def __str__(self) -> str:
        return f"{self.review_id} @ {self.at:%Y-%m-%d}"


def opinion_path(instance: OpinionFile, filename: str) -> str:
    return f"reviews/{instance.review_id}/opinion-v{instance.version}.pdf"


class OpinionFile(models.Model):
    """The generated PDF of the signed opinion; an amendment adds version n+1."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="opinion_files")
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=opinion_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opinion PDF")
        verbose_name_plural = _("opinion PDFs")
        ordering = ["review", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["review", "version"], name="opinion_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review_id} v{self.version}"
