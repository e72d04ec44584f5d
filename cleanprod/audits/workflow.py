"""The transition tables of lists and audit cases: plain data, no database access. Services
look up the step (refused with a 409 when the status does not allow it) and the permission the
person needs; `allowed_actions` selectors join the table with the policy for the buttons."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models import Audit, MandatoryList
from cleanprod.core.errors import TransitionNotAllowed

ListStatus = MandatoryList.Status
AuditStatus = Audit.Status


class ListAction(models.TextChoices):
    SCREEN = "screen", _("Run screening")
    EDIT = "edit", _("Add or drop enterprises")
    SUBMIT = "submit", _("Submit for approval")
    RETURN = "return", _("Return for revision")
    APPROVE = "approve", _("Approve")
    PUBLISH = "publish", _("Publish")
    AMEND = "amend", _("Amend")


class AuditAction(models.TextChoices):
    DISCLOSE = "disclose", _("Record disclosure")
    FILE_START = "file_start", _("File the audit start")
    WORK = "work", _("Record phase work")
    SUBMIT_REPORT = "submit_report", _("Submit the report")
    RETURN_REPORT = "return_report", _("Return the report")
    ACCEPT_REPORT = "accept_report", _("Accept the report")
    WITHDRAW = "withdraw", _("Withdraw the audit")
    APPLY_EVALUATION = "apply_evaluation", _("Apply for evaluation")
    PASS_EVALUATION = "pass_evaluation", _("Pass evaluation")
    APPLY_ACCEPTANCE = "apply_acceptance", _("Apply for acceptance")
    RETURN_APPLICATION = "return_application", _("Return the application")
    FAIL_RECTIFY = "fail_rectify", _("Fail review: rectify")
    FAIL_REAUDIT = "fail_reaudit", _("Fail review: re-audit")
    CLOSE = "close", _("Close the round")


@dataclass(frozen=True)
class Step:
    to: str | None  # None: the action keeps the status
    perm: str


LIST_TRANSITIONS: dict[tuple[str, str], Step] = {
    (ListStatus.DRAFT, ListAction.SCREEN): Step(None, "audits.change_mandatorylist"),
    (ListStatus.DRAFT, ListAction.EDIT): Step(None, "audits.change_mandatorylist"),
    (ListStatus.DRAFT, ListAction.SUBMIT): Step(
        ListStatus.SUBMITTED, "audits.submit_mandatorylist"
    ),
    (ListStatus.SUBMITTED, ListAction.RETURN): Step(
        ListStatus.DRAFT, "audits.approve_mandatorylist"
    ),
    (ListStatus.SUBMITTED, ListAction.APPROVE): Step(
        ListStatus.APPROVED, "audits.approve_mandatorylist"
    ),
    (ListStatus.APPROVED, ListAction.RETURN): Step(
        ListStatus.DRAFT, "audits.approve_mandatorylist"
    ),
    (ListStatus.APPROVED, ListAction.PUBLISH): Step(
        ListStatus.PUBLISHED, "audits.publish_mandatorylist"
    ),
    (ListStatus.PUBLISHED, ListAction.AMEND): Step(None, "audits.amend_mandatorylist"),
}

_WORKING = (AuditStatus.NOT_STARTED, AuditStatus.IN_PROGRESS, AuditStatus.REPORT_RETURNED)

AUDIT_TRANSITIONS: dict[tuple[str, str], Step] = {
    **{(s, AuditAction.DISCLOSE): Step(None, "audits.file_start_audit") for s in _WORKING},
    (AuditStatus.NOT_STARTED, AuditAction.FILE_START): Step(
        AuditStatus.IN_PROGRESS, "audits.file_start_audit"
    ),
    (AuditStatus.IN_PROGRESS, AuditAction.WORK): Step(None, "audits.work_audit"),
    (AuditStatus.REPORT_RETURNED, AuditAction.WORK): Step(None, "audits.work_audit"),
    (AuditStatus.IN_PROGRESS, AuditAction.SUBMIT_REPORT): Step(
        AuditStatus.REPORT_SUBMITTED, "audits.submit_report_audit"
    ),
    (AuditStatus.REPORT_RETURNED, AuditAction.SUBMIT_REPORT): Step(
        AuditStatus.REPORT_SUBMITTED, "audits.submit_report_audit"
    ),
    (AuditStatus.REPORT_SUBMITTED, AuditAction.RETURN_REPORT): Step(
        AuditStatus.REPORT_RETURNED, "audits.review_report_audit"
    ),
    (AuditStatus.REPORT_SUBMITTED, AuditAction.ACCEPT_REPORT): Step(
        AuditStatus.REPORT_ACCEPTED, "audits.review_report_audit"
    ),
    # evaluation and acceptance (the reviews app runs them; regulation.md §4)
    (AuditStatus.REPORT_ACCEPTED, AuditAction.APPLY_EVALUATION): Step(
        AuditStatus.EVALUATION, "reviews.apply_review"
    ),
    (AuditStatus.EVALUATION, AuditAction.RETURN_APPLICATION): Step(
        AuditStatus.REPORT_ACCEPTED, "reviews.organise_review"
    ),
    (AuditStatus.EVALUATION, AuditAction.PASS_EVALUATION): Step(
        AuditStatus.EVALUATED, "reviews.sit_review"
    ),
    (AuditStatus.EVALUATION, AuditAction.FAIL_RECTIFY): Step(
        AuditStatus.REPORT_RETURNED, "reviews.sit_review"
    ),
    (AuditStatus.EVALUATION, AuditAction.FAIL_REAUDIT): Step(
        AuditStatus.FAILED, "reviews.sit_review"
    ),
    (AuditStatus.EVALUATED, AuditAction.WORK): Step(None, "audits.work_audit"),
    (AuditStatus.EVALUATED, AuditAction.APPLY_ACCEPTANCE): Step(
        AuditStatus.ACCEPTANCE, "reviews.apply_review"
    ),
    (AuditStatus.ACCEPTANCE, AuditAction.RETURN_APPLICATION): Step(
        AuditStatus.EVALUATED, "reviews.organise_review"
    ),
    (AuditStatus.ACCEPTANCE, AuditAction.CLOSE): Step(AuditStatus.CLOSED, "reviews.sit_review"),
    (AuditStatus.ACCEPTANCE, AuditAction.FAIL_RECTIFY): Step(
        AuditStatus.EVALUATED, "reviews.sit_review"
    ),
    (AuditStatus.ACCEPTANCE, AuditAction.FAIL_REAUDIT): Step(
        AuditStatus.FAILED, "reviews.sit_review"
    ),
    **{
        (s, AuditAction.WITHDRAW): Step(AuditStatus.WITHDRAWN, "audits.withdraw_audit")
        for s in (
            *_WORKING,
            AuditStatus.REPORT_SUBMITTED,
            AuditStatus.REPORT_ACCEPTED,
            AuditStatus.EVALUATED,
        )
    },
}

TERMINAL_AUDIT = {AuditStatus.CLOSED, AuditStatus.WITHDRAWN, AuditStatus.FAILED}


def list_step(status: str, action: str) -> Step:
    """The step `action` takes from `status`; TransitionNotAllowed (409) if there is none."""
    step = LIST_TRANSITIONS.get((status, action))
    if step is None:
        raise TransitionNotAllowed(
            "list.transition_not_allowed",
            _("A list that is “%(status)s” cannot be changed this way (%(action)s).")
            % {"status": ListStatus(status).label, "action": ListAction(action).label},
        )
    return step


def audit_step(status: str, action: str) -> Step:
    """The step `action` takes from `status`; TransitionNotAllowed (409) if there is none."""
    step = AUDIT_TRANSITIONS.get((status, action))
    if step is None:
        raise TransitionNotAllowed(
            "audit.transition_not_allowed",
            _("An audit that is “%(status)s” cannot be changed this way (%(action)s).")
            % {"status": AuditStatus(status).label, "action": AuditAction(action).label},
        )
    return step
