"""The transition tables: every status reachable, terminal statuses without exits, the
generated diagrams current."""

from __future__ import annotations

import pytest

from cleanprod.audits.workflow import (
    AUDIT_TRANSITIONS,
    LIST_TRANSITIONS,
    TERMINAL_AUDIT,
    AuditAction,
    AuditStatus,
    ListAction,
    ListStatus,
    audit_step,
    list_step,
)
from cleanprod.audits.workflow_doc import DOCS, workflow_docs
from cleanprod.core.errors import TransitionNotAllowed


def _reachable(table: dict, start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for (status, _action), step in table.items():
            if status == here and step.to and step.to not in seen:
                seen.add(step.to)
                todo.append(step.to)
    return seen


def test_every_list_status_is_reachable_from_draft():
    assert _reachable(LIST_TRANSITIONS, ListStatus.DRAFT) == set(ListStatus.values)


def test_every_audit_status_is_reachable_from_not_started():
    assert _reachable(AUDIT_TRANSITIONS, AuditStatus.NOT_STARTED) == set(AuditStatus.values)


def test_terminal_audit_statuses_have_no_exits():
    assert not [key for key in AUDIT_TRANSITIONS if key[0] in TERMINAL_AUDIT]


def test_a_published_list_only_allows_amendments():
    assert [a for (s, a) in LIST_TRANSITIONS if s == ListStatus.PUBLISHED] == [ListAction.AMEND]


def test_a_step_the_status_does_not_allow_is_a_conflict():
    # given a submitted report
    # when the enterprise tries to file the start again / the list is edited after publication
    # then both are refused as conflicts (409)
    with pytest.raises(TransitionNotAllowed) as caught:
        audit_step(AuditStatus.REPORT_SUBMITTED, AuditAction.FILE_START)
    assert caught.value.status == 409
    assert caught.value.code == "audit.transition_not_allowed"
    with pytest.raises(TransitionNotAllowed):
        list_step(ListStatus.PUBLISHED, ListAction.EDIT)
    assert audit_step(AuditStatus.NOT_STARTED, AuditAction.FILE_START).to == "in_progress"


def test_the_workflow_diagrams_are_generated_from_the_tables():
    for name, text in workflow_docs().items():
        path = DOCS / name
        assert path.exists(), f"run `python manage.py workflow_doc` ({name} is missing)"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run workflow_doc"
