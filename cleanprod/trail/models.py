"""The security trail (安全审计日志): who did what, from where, to which object, with what."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cleanprod.core.scoping import ScopedQuerySet


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a trail row."""


class TrailEventQuerySet(ScopedQuerySet["TrailEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("trail events are append-only")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("trail events are append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("trail events are append-only")


class TrailEvent(models.Model):
    """One security-relevant event. Rows are only ever inserted; the database refuses updates
    (and, on PostgreSQL, deletes) with a trigger, and the model refuses both in Python."""

    class Result(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    class Action(models.TextChoices):
        LOGIN = "auth.login", _("Signed in")
        LOGIN_FAILED = "auth.login_failed", _("Sign-in failed")
        LOCKED_OUT = "auth.locked_out", _("Account locked")
        LOGOUT = "auth.logout", _("Signed out")
        SESSION_EXPIRED = "auth.session_expired", _("Session expired")
        PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
        ACCOUNT_CREATED = "account.created", _("Account created")
        ACCOUNT_UPDATED = "account.updated", _("Account updated")
        ROLE_GRANTED = "account.role_granted", _("Role granted")
        ROLE_REFUSED = "account.role_refused", _("Role refused")
        ROLE_REVOKED = "account.role_revoked", _("Role revoked")
        ACCOUNT_UNLOCKED = "account.unlocked", _("Account unlocked")
        REGION_CREATED = "region.created", _("Region created")
        REGION_UPDATED = "region.updated", _("Region updated")
        REGION_SUPERSEDED = "region.superseded", _("Region superseded")
        CATALOGUE_CHANGED = "registry.catalogue_changed", _("Catalogue changed")
        ENTERPRISE_CREATED = "registry.enterprise_created", _("Enterprise created")
        ENTERPRISE_UPDATED = "registry.enterprise_updated", _("Enterprise updated")
        REGISTRY_IMPORTED = "registry.imported", _("Registry imported")
        CORRECTION_PROPOSED = "registry.correction_proposed", _("Correction proposed")
        CORRECTION_DECIDED = "registry.correction_decided", _("Correction decided")
        PERSONAL_DATA_SHOWN = "privacy.unmasked", _("Personal data shown")
        ACCESS_DENIED = "access.denied", _("Access denied")
        EXPORT = "data.export", _("Data exported")
        # the expert pool (experts.events) and consulting agencies (agencies.events) write
        # these codes; the labels live here so the trail page names them
        EXPERT_APPLIED = "expert.applied", _("Expert application recorded")
        EXPERT_DOCUMENT_ADDED = "expert.document_added", _("Expert document added")
        EXPERT_STATUS_CHANGED = "expert.status_changed", _("Expert status changed")
        EXPERT_CONFLICT_DECLARED = "expert.conflict_declared", _("Conflict of interest declared")
        EXPERT_CONFLICT_WITHDRAWN = (
            "expert.conflict_withdrawn",
            _("Conflict of interest withdrawn"),
        )
        EXPERT_RATED = "expert.rated", _("Expert rated")
        EXPERT_RATING_WARNING = "expert.rating_warning", _("Expert warned about ratings")
        EXPERT_RENEWED = "expert.renewed", _("Expert renewed at re-evaluation")
        EXPERT_FLAGGED = "expert.reevaluation_flagged", _("Expert flagged at re-evaluation")
        EXPERT_RATING_RULE_CHANGED = "expert.rating_rule_changed", _("Expert rating rule changed")
        AGENCY_STAFF_ADDED = "agency.staff_added", _("Agency staff member added")
        AGENCY_STAFF_CHANGED = "agency.staff_changed", _("Agency staff member changed")
        AGENCY_STAFF_DEACTIVATED = "agency.staff_deactivated", _("Agency staff member deactivated")
        AGENCY_FILING_SUBMITTED = "agency.filing_submitted", _("Agency filing submitted")
        AGENCY_FILING_APPROVED = "agency.filing_approved", _("Agency filing approved")
        AGENCY_FILING_RETURNED = "agency.filing_returned", _("Agency filing returned")
        AGENCY_FILING_REVOKED = "agency.filing_revoked", _("Agency filing revoked")
        AGENCY_RULE_CHANGED = "agency.rule_changed", _("Agency rule changed")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    roles = models.CharField(_("roles"), max_length=200, blank=True)
    source_ip = models.GenericIPAddressField(_("source IP"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    region_path = models.CharField(_("region path"), max_length=64, db_index=True)
    request_id = models.CharField(_("request ID"), max_length=32, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = TrailEventQuerySet.as_manager()
    scope_region = "region_path"

    class Meta:
        verbose_name = _("trail event")
        verbose_name_plural = _("trail events")
        ordering = ["-id"]
        default_permissions = ("view",)
        permissions = [("export_trailevent", _("Can export the security trail"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action} {self.result}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("trail events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("trail events are append-only")
