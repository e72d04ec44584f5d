"""The option pages of an audit (/performance/audits/<audit_pk>/options/): the list with cost
class, status and expected benefits and the add form; one page per option with its edit,
screening, feasibility and implementation forms, each shown only when that step is open to
the person now. Every view reaches the audit through the scope door; a post also needs the
work permission on it (403), and the services refuse what the workflow does not allow (409)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cleanprod.accounts.policies import can
from cleanprod.audits.models import Audit
from cleanprod.audits.services.work import WORK_PERM
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedViewMixin
from cleanprod.performance import services
from cleanprod.performance.forms import (
    FeasibilityForm,
    ImplementForm,
    OptionChangeForm,
    OptionForm,
    ScreenForm,
)
from cleanprod.performance.models import Option
from cleanprod.performance.selectors import option_actions, options_page

FORMS: dict[str, type[forms.Form]] = {
    "change": OptionChangeForm,
    "screen": ScreenForm,
    "feasibility": FeasibilityForm,
    "implement": ImplementForm,
}
RUN: dict[str, Callable[..., Any]] = {
    "change": services.option_change,
    "screen": services.option_screen,
    "feasibility": services.option_feasibility_save,
    "implement": services.option_implement,
    "remove": services.option_remove,
}


def _audit(request: HttpRequest, audit_pk: int) -> Audit:
    return get_in_scope_or_404(Audit, request.scope, "view", pk=audit_pk)  # type: ignore[attr-defined]


def _ensure_worker(request: HttpRequest, audit: Audit) -> None:
    if not can(request.scope, WORK_PERM, audit):  # type: ignore[attr-defined]
        raise PermissionDenied


def _option(audit: Audit, pk: int) -> Option:
    option = Option.objects.filter(audit=audit, pk=pk).select_related("audit").first()
    if option is None:
        raise Http404
    return option


def _attach(form: forms.Form, refused: DomainError) -> None:
    for name, msgs in refused.fields.items():
        for message in msgs:
            form.add_error(name if name in form.fields else None, message)


def _run(form: forms.Form, call: Callable[..., Any], **kw: Any) -> DomainError | None:
    """Validate the form and call the service; the refusal (if any) is attached to the form."""
    if not form.is_valid():
        return DomainError("option.invalid", _("The input is not valid."))
    try:
        call(**kw, **form.cleaned_data)
    except DomainError as refused:
        _attach(form, refused)
        return refused
    return None


class OptionListView(ScopedViewMixin, View):
    template_name = "performance/option_list.html"

    def get(self, request: HttpRequest, audit_pk: int) -> HttpResponse:
        audit = _audit(request, audit_pk)
        return self._render(request, audit, OptionForm())

    def post(self, request: HttpRequest, audit_pk: int) -> HttpResponse:
        """Add an option."""
        audit = _audit(request, audit_pk)
        _ensure_worker(request, audit)
        form = OptionForm(request.POST)
        refusal = _run(form, services.option_add, audit=audit, by=request.user)
        if refusal is None:
            messages.success(request, _("The option was added."))
            return HttpResponseRedirect(reverse("performance:options", args=[audit.pk]))
        return self._render(request, audit, form, refusal)

    def _render(
        self,
        request: HttpRequest,
        audit: Audit,
        form: forms.Form,
        refusal: DomainError | None = None,
    ) -> HttpResponse:
        page = options_page(audit=audit, who=request.scope)  # type: ignore[attr-defined]
        context = {"page": page, "audit": audit, "form": form, "refusal": refusal}
        return render(
            request, self.template_name, context, status=refusal.status if refusal else 200
        )


class OptionDetailView(ScopedViewMixin, View):
    template_name = "performance/option_detail.html"

    def get(self, request: HttpRequest, audit_pk: int, pk: int) -> HttpResponse:
        audit = _audit(request, audit_pk)
        return self._render(request, audit, _option(audit, pk))

    def post(self, request: HttpRequest, audit_pk: int, pk: int, action: str = "") -> HttpResponse:
        """One step on the option: change, remove, screen, feasibility or implement."""
        if action not in RUN:
            raise Http404
        audit = _audit(request, audit_pk)
        _ensure_worker(request, audit)
        option = _option(audit, pk)
        if action == "remove":
            try:
                services.option_remove(option=option, by=request.user)
            except DomainError as refused:
                messages.error(request, refused.message)
                return HttpResponseRedirect(reverse("performance:option", args=[audit.pk, pk]))
            messages.success(request, _("The option was removed."))
            return HttpResponseRedirect(reverse("performance:options", args=[audit.pk]))
        form = FORMS[action](request.POST, auto_id=f"{action}-%s")
        refusal = _run(form, RUN[action], option=option, by=request.user)
        if refusal is None:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("performance:option", args=[audit.pk, pk]))
        option.refresh_from_db()
        return self._render(request, audit, option, {action: form}, refusal, action)

    def _render(
        self,
        request: HttpRequest,
        audit: Audit,
        option: Option,
        bound: dict[str, forms.Form] | None = None,
        refusal: DomainError | None = None,
        action: str = "",
    ) -> HttpResponse:
        forms_ = {
            "change": OptionChangeForm(initial=_initial(option, OptionChangeForm)),
            "screen": ScreenForm(initial={"decision": "selected", "note": option.screening_note}),
            "feasibility": FeasibilityForm(initial=_initial(option, FeasibilityForm)),
            "implement": ImplementForm(initial=_initial(option, ImplementForm)),
        }
        for step, form in forms_.items():
            form.auto_id = f"{step}-%s"  # several forms on one page share field names
        forms_.update(bound or {})
        context = {
            "audit": audit,
            "option": option,
            "actions": option_actions(option=option, who=request.scope),  # type: ignore[attr-defined]
            "forms": forms_,
            "refusal": refusal,
            "refused_action": action,
        }
        return render(
            request, self.template_name, context, status=refusal.status if refusal else 200
        )


def _initial(option: Option, form: type[forms.Form]) -> dict[str, Any]:
    return {name: getattr(option, name, None) for name in form.base_fields}
