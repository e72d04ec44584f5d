"""The trail actions of the expert pool, written through `trail.services.trail_record()` in the
transaction of each change (the security trail keeps them with the actor and the region)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpertAction(models.TextChoices):
    APPLIED = "expert.applied", _("Expert application recorded")
    DOCUMENT_ADDED = "expert.document_added", _("Expert document added")
    STATUS_CHANGED = "expert.status_changed", _("Expert status changed")
    CONFLICT_DECLARED = "expert.conflict_declared", _("Conflict of interest declared")
    CONFLICT_WITHDRAWN = "expert.conflict_withdrawn", _("Conflict of interest withdrawn")
    RATED = "expert.rated", _("Expert rated")
    RATING_WARNING = "expert.rating_warning", _("Expert warned about ratings")
    RENEWED = "expert.renewed", _("Expert renewed at re-evaluation")
    FLAGGED = "expert.reevaluation_flagged", _("Expert flagged at re-evaluation")
    RULE_CHANGED = "expert.rating_rule_changed", _("Expert rating rule changed")
