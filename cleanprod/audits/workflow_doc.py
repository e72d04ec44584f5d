"""The workflow diagrams of docs/workflows/, generated from the transition tables (Mermaid), so
the picture can never drift from the code. `python manage.py workflow_doc` writes them; a test
compares."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation

from cleanprod.audits.workflow import (
    AUDIT_TRANSITIONS,
    LIST_TRANSITIONS,
    AuditAction,
    AuditStatus,
    ListAction,
    ListStatus,
    Step,
)

DOCS = Path(settings.BASE_DIR) / "docs" / "workflows"


def _diagram(title: str, intro: str, table: dict[tuple[str, str], Step], statuses, actions) -> str:
    lines = [
        f"# {title}",
        "",
        "Generated from `cleanprod/audits/workflow.py` by `python manage.py workflow_doc`; do",
        "not edit by hand.",
        "",
        intro,
        "",
        "```mermaid",
        "stateDiagram-v2",
    ]
    for (status, action), step in sorted(table.items()):
        target = step.to or status
        lines.append(f"    {status} --> {target}: {action}")
    lines += ["```", "", "| From | Action | To | Permission |", "|---|---|---|---|"]
    for (status, action), step in sorted(table.items()):
        to = statuses(step.to).label if step.to else "(unchanged)"
        lines.append(
            f"| {statuses(status).label} | {actions(action).label} | {to} | `{step.perm}` |"
        )
    return "\n".join(lines) + "\n"


def workflow_docs() -> dict[str, str]:
    """File name → content of every generated workflow page (in English)."""
    with translation.override("en"):
        return {
            "mandatory-list.md": _diagram(
                "Mandatory audit list",
                "A list is compiled (screening, added and dropped enterprises), submitted, "
                "approved by someone other than the submitter, and published; a published list "
                "changes only through recorded amendments.",
                LIST_TRANSITIONS,
                ListStatus,
                ListAction,
            ),
            "audit.md": _diagram(
                "Audit case",
                "An audit case opens on publication of its list (or acceptance of a voluntary "
                "application). Phase work, disclosure and documents keep the status; the report "
                "moves it. Evaluation and acceptance will sit between report acceptance and "
                "closing.",
                AUDIT_TRANSITIONS,
                AuditStatus,
                AuditAction,
            ),
        }


def workflow_docs_write() -> list[Path]:
    DOCS.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in workflow_docs().items():
        path = DOCS / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
