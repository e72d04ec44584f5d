"""The trail actions of the agency register, written through `trail.services.trail_record()` in
the transaction of each change (the security trail keeps them with the actor and the region)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cleanprod.trail.services import trail_record


class AgencyAction(models.TextChoices):
    STAFF_ADDED = "agency.staff_added", _("Agency staff member added")
    STAFF_CHANGED = "agency.staff_changed", _("Agency staff member changed")
    STAFF_DEACTIVATED = "agency.staff_deactivated", _("Agency staff member deactivated")
    FILING_SUBMITTED = "agency.filing_submitted", _("Agency filing submitted")
    FILING_APPROVED = "agency.filing_approved", _("Agency filing approved")
    FILING_RETURNED = "agency.filing_returned", _("Agency filing returned")
    FILING_REVOKED = "agency.filing_revoked", _("Agency filing revoked")
    RULE_CHANGED = "agency.rule_changed", _("Agency rule changed")


def agency_event(
    action: str, *, by: Any, obj: models.Model, region_path: str, details: dict[str, Any]
) -> None:
    """Append one trail event about an agency row; call inside the change's transaction."""
    trail_record(action, by=by, obj=obj, region_path=region_path, details=details)
