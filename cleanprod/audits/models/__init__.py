"""The audits app's models, one module per concept."""

from cleanprod.audits.models.cases import (
    Audit,
    AuditMember,
    AuditRound,
    Deadline,
    Disclosure,
)
from cleanprod.audits.models.choices import Anchor, Department, Phase, Step, Track, Trigger
from cleanprod.audits.models.config import AuditPolicy, DeadlineRule, LeadDepartmentRule
from cleanprod.audits.models.documents import AuditDocument, AuditReport, ReportComment
from cleanprod.audits.models.events import AuditEvent
from cleanprod.audits.models.lists import ListAmendment, ListDeadline, ListEntry, MandatoryList
from cleanprod.audits.models.phases import (
    Balance,
    BalanceLine,
    CPTarget,
    FocusCandidate,
    FocusFactor,
    PhaseRecord,
    PlanItem,
    TeamMember,
    WasteCause,
)
from cleanprod.audits.models.voluntary import VoluntaryApplication

__all__ = [
    "Anchor",
    "Audit",
    "AuditDocument",
    "AuditEvent",
    "AuditMember",
    "AuditPolicy",
    "AuditReport",
    "AuditRound",
    "Balance",
    "BalanceLine",
    "CPTarget",
    "Deadline",
    "DeadlineRule",
    "Department",
    "Disclosure",
    "FocusCandidate",
    "FocusFactor",
    "LeadDepartmentRule",
    "ListAmendment",
    "ListDeadline",
    "ListEntry",
    "MandatoryList",
    "Phase",
    "PhaseRecord",
    "PlanItem",
    "ReportComment",
    "Step",
    "TeamMember",
    "Track",
    "Trigger",
    "VoluntaryApplication",
    "WasteCause",
]
