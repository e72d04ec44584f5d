"""Writing the expert pool: applications, examination, status, conflicts, ratings and the
yearly re-evaluation. Every service is atomic, asks `accounts.policies` and writes the trail."""

from cleanprod.experts.services.conflicts import conflict_declare, conflict_withdraw
from cleanprod.experts.services.contacts import Contacts, expert_contacts_show
from cleanprod.experts.services.pool import expert_apply, expert_document_add, pool_no_next
from cleanprod.experts.services.ratings import expert_rate, rating_average, rating_rule_apply
from cleanprod.experts.services.reevaluation import ReevaluationSummary, reevaluation_run
from cleanprod.experts.services.rules import rating_rule_for, rating_rule_save
from cleanprod.experts.services.status import (
    expert_admit,
    expert_reinstate,
    expert_reject,
    expert_remove,
    expert_status_set,
    expert_suspend,
)

__all__ = [
    "Contacts",
    "ReevaluationSummary",
    "conflict_declare",
    "conflict_withdraw",
    "expert_admit",
    "expert_apply",
    "expert_contacts_show",
    "expert_document_add",
    "expert_rate",
    "expert_reinstate",
    "expert_reject",
    "expert_remove",
    "expert_status_set",
    "expert_suspend",
    "pool_no_next",
    "rating_average",
    "rating_rule_apply",
    "rating_rule_for",
    "rating_rule_save",
    "reevaluation_run",
]
