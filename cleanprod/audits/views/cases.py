"""Audit case pages: the officials' index and "my audits", the case page, the small forms
behind its action buttons, and document downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from cleanprod.accounts.policies import can
from cleanprod.audits import forms as audit_forms
from cleanprod.audits.models import Audit, AuditDocument
from cleanprod.audits.selectors.cases import (
    audit_allowed_actions,
    audit_case_file,
    audit_may_upload,
    audit_page,
)
from cleanprod.audits.services.cases import audit_disclose, audit_file_start, audit_withdraw
from cleanprod.audits.services.documents import (
    UPLOAD_PERM,
    document_upload,
    upload_allowed_status,
)
from cleanprod.audits.services.reports import (
    audit_accept_report,
    audit_return_report,
    audit_submit_report,
)
from cleanprod.audits.workflow import AUDIT_TRANSITIONS, AuditAction
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin


class AuditListView(ScopedViewMixin, TemplateView):
    """Officials: the audits of their jurisdiction. Enterprise users and agency staff ("my
    audits"): the same list, their scope does the filtering."""

    template_name = "audits/cases/list.html"
    required_perm = "audits.view_audit"
    mine = False
    page_size = 50

    def get_template_names(self) -> list[str]:
        if self.request.htmx:  # type: ignore[attr-defined]
            return ["audits/cases/_rows.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        form = audit_forms.AuditListFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page = audit_page(
            scope=request.scope,  # type: ignore[attr-defined]
            today=timezone.localdate(),
            cursor=request.GET.get("cursor"),
            size=self.page_size,
            **{k: v for k, v in filters.items() if v},
        )
        query = request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            form=form, page=page, query=query.urlencode(), mine=self.mine, **kwargs
        )


@dataclass(frozen=True)
class CaseAction:
    """One button of the case page: its form and the one service it calls."""

    label: Promise
    form: type[forms.Form]
    run: Callable[[Audit, Any, Any], Any]
    done: Promise
    action: str = ""  # the workflow action; "" for document upload (not a transition)
    style: str = "outline-success"


def _disclose(audit: Audit, form: Any, by: Any) -> Any:
    return audit_disclose(audit=audit, by=by, **form.cleaned_data)


def _file_start(audit: Audit, form: Any, by: Any) -> Any:
    return audit_file_start(audit=audit, by=by, **form.service_kwargs())


def _upload(audit: Audit, form: Any, by: Any) -> Any:
    return document_upload(audit=audit, by=by, **form.cleaned_data)


def _submit(audit: Audit, form: Any, by: Any) -> Any:
    return audit_submit_report(audit=audit, by=by, **form.cleaned_data)


def _return(audit: Audit, form: Any, by: Any) -> Any:
    data = form.cleaned_data
    return audit_return_report(
        audit=audit, by=by, comment=data["comment"], chapters=form.chapters()
    )


def _accept(audit: Audit, form: Any, by: Any) -> Any:
    return audit_accept_report(audit=audit, by=by, **form.cleaned_data)


def _withdraw(audit: Audit, form: Any, by: Any) -> Any:
    return audit_withdraw(audit=audit, by=by, **form.cleaned_data)


ACTIONS: dict[str, CaseAction] = {
    "disclose": CaseAction(
        _("Record disclosure"),
        audit_forms.AuditDiscloseForm,
        _disclose,
        _("The disclosure was recorded."),
        AuditAction.DISCLOSE,
    ),
    "file-start": CaseAction(
        _("File the audit start"),
        audit_forms.AuditFileStartForm,
        _file_start,
        _("The start of the audit was filed."),
        AuditAction.FILE_START,
        "success",
    ),
    "upload": CaseAction(
        _("Upload a document"),
        audit_forms.AuditDocumentUploadForm,
        _upload,
        _("The document was uploaded."),
    ),
    "submit-report": CaseAction(
        _("Submit the report"),
        audit_forms.AuditReportSubmitForm,
        _submit,
        _("The report was submitted."),
        AuditAction.SUBMIT_REPORT,
        "success",
    ),
    "return-report": CaseAction(
        _("Return the report"),
        audit_forms.AuditReportReturnForm,
        _return,
        _("The report was returned with comments."),
        AuditAction.RETURN_REPORT,
        "outline-warning",
    ),
    "accept-report": CaseAction(
        _("Accept the report"),
        audit_forms.AuditReportAcceptForm,
        _accept,
        _("The report was accepted."),
        AuditAction.ACCEPT_REPORT,
        "success",
    ),
    "withdraw": CaseAction(
        _("Withdraw the audit"),
        audit_forms.AuditWithdrawForm,
        _withdraw,
        _("The audit was withdrawn."),
        AuditAction.WITHDRAW,
        "outline-danger",
    ),
}


def review_stage_open(*, audit: Audit, scope: Any) -> str:
    """The stage ("evaluation" or "acceptance") this person may apply for now (the reviews pages
    take the application), else ""."""
    allowed = audit_allowed_actions(audit=audit, user=scope)
    for stage in ("evaluation", "acceptance"):
        if f"apply_{stage}" in allowed:
            return stage
    return ""


def case_buttons(*, audit: Audit, scope: Any) -> list[tuple[str, CaseAction]]:
    """The buttons this person may use on this audit now, in the table's order."""
    allowed = set(audit_allowed_actions(audit=audit, user=scope))
    buttons = [(slug, spec) for slug, spec in ACTIONS.items() if spec.action in allowed]
    if audit_may_upload(audit=audit, user=scope):
        buttons.insert(0, ("upload", ACTIONS["upload"]))
    return buttons


class AuditDetailView(ScopedObjectMixin, DetailView):
    model = Audit
    template_name = "audits/cases/detail.html"
    context_object_name = "audit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        audit: Audit = self.object
        scope = self.request.scope  # type: ignore[attr-defined]
        return super().get_context_data(
            file=audit_case_file(audit=audit, scope=scope, today=timezone.localdate()),
            buttons=case_buttons(audit=audit, scope=scope),
            review_stage=review_stage_open(audit=audit, scope=scope),
            **kwargs,
        )


class AuditActionView(ScopedObjectMixin, View):
    """GET: the small form behind a button (a fragment for htmx); POST: one service."""

    model = Audit

    def _spec(self) -> CaseAction:
        spec = ACTIONS.get(self.kwargs["action"])
        if spec is None:
            raise Http404
        return spec

    def _refuse_if_not_now(self, audit: Audit, spec: CaseAction) -> HttpResponse | None:
        """A redirect with a message when the status does not allow the action; 403 when the
        status does but this person may not."""
        scope = self.request.scope  # type: ignore[attr-defined]
        if spec.action:
            step = AUDIT_TRANSITIONS.get((audit.status, spec.action))
            possible, perm = step is not None, step.perm if step else ""
        else:
            possible, perm = upload_allowed_status(audit.status), UPLOAD_PERM
        if not possible:
            messages.error(self.request, _("This is not possible at the audit's current stage."))
            return HttpResponseRedirect(reverse("audits:case", args=[audit.pk]))
        if not can(scope, perm, audit):
            raise PermissionDenied
        return None

    def _render(
        self, audit: Audit, spec: CaseAction, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        template = (
            "audits/cases/_action_form.html"
            if self.request.htmx  # type: ignore[attr-defined]
            else "audits/cases/action.html"
        )
        context = {"audit": audit, "spec": spec, "slug": self.kwargs["action"], "form": form}
        return render(self.request, template, context, status=status)

    def get(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        spec = self._spec()
        audit = self.get_object()
        refused = self._refuse_if_not_now(audit, spec)
        return refused or self._render(audit, spec, spec.form())

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        spec = self._spec()
        audit = self.get_object()
        refused_now = self._refuse_if_not_now(audit, spec)
        if refused_now:
            return refused_now
        form = spec.form(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(audit, spec, form, status=400)
        try:
            spec.run(audit, form, request.user)
        except TransitionNotAllowed as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(reverse("audits:case", args=[audit.pk]))
        except DomainError as refused:
            _form_errors(form, refused)
            return self._render(audit, spec, form, status=400)
        messages.success(request, spec.done)
        return HttpResponseRedirect(reverse("audits:case", args=[audit.pk]))


def _form_errors(form: forms.Form, refused: DomainError) -> None:
    placed = False
    for field, errors in refused.fields.items():
        if field in form.fields:
            for error in errors or [refused.message]:
                form.add_error(field, error)
            placed = True
    if not placed:
        form.add_error(None, refused.message)


class DocumentDownloadView(ScopedObjectMixin, View):
    """Streams one document version to people who may view its audit (404 out of scope)."""

    model = AuditDocument
    object_perm = "audits.view_audit"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document: AuditDocument = self.get_object()
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )


urlpatterns = [
    path("cases/", AuditListView.as_view(), name="cases"),
    path("mine/", AuditListView.as_view(mine=True), name="my_cases"),
    path("cases/<int:pk>/", AuditDetailView.as_view(), name="case"),
    path("cases/<int:pk>/do/<slug:action>/", AuditActionView.as_view(), name="case_action"),
    path("documents/<int:pk>/", DocumentDownloadView.as_view(), name="document_download"),
]
