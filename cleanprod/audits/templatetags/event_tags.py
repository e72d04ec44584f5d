"""Labels for the data-change events of phase work (`AuditEvent.data["what"/"action"]`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

WHAT = {
    "team_member": _("Audit team member"),
    "plan_item": _("Work plan item"),
    "phase_summary": _("Phase summary"),
    "focus_factor": _("Focus factor"),
    "focus_candidate": _("Candidate audit focus"),
    "target": _("Cleaner production target"),
    "balance": _("Balance"),
    "balance_line": _("Balance line"),
    "waste_cause": _("Cause of waste"),
    "option": _("Cleaner production option"),
}
ACTION = {
    "added": _("added"),
    "changed": _("changed"),
    "removed": _("removed"),
    "rated": _("rated"),
    "chosen": _("chosen"),
    "saved": _("saved"),
    "seeded": _("set to the defaults"),
    "achieved": _("achieved value recorded"),
    "screened": _("screened"),
    "feasibility": _("feasibility analysed"),
    "implemented": _("implemented"),
    "in_progress": _("implementation started"),
}


@register.filter
def data_change(data: dict[str, Any]) -> str:
    """“Audit team member added (F2)” from an event's data."""
    what = WHAT.get(data.get("what", ""), data.get("what", ""))
    action = ACTION.get(data.get("action", ""), data.get("action", ""))
    code = data.get("code")
    return f"{what} {action}" + (f" ({code})" if code else "")
