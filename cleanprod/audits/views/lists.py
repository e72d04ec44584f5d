"""Pages of the mandatory lists for officials: index, create, detail with the actions the
workflow and the policy allow this person now, and the event timeline. Import and export are
in views/list_excel.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.audits.forms_lists import (
    STATUS_CHOICES,
    AmendForm,
    CommentForm,
    EntryAddForm,
    EntryDecisionForm,
    ListCreateForm,
    ListDeadlinesForm,
    PublishForm,
)
from cleanprod.audits.models import ListEntry, MandatoryList
from cleanprod.audits.selectors.lists import (
    enterprise_for_list_or_refuse,
    list_allowed_actions,
    list_detail,
    list_queryset,
    list_timeline,
)
from cleanprod.audits.services.list_publishing import list_amend, list_publish
from cleanprod.audits.services.lists import (
    list_approve,
    list_create,
    list_deadlines_set,
    list_entry_add,
    list_entry_drop,
    list_entry_restore,
    list_return,
    list_screen,
    list_submit,
)
from cleanprod.audits.views import list_excel
from cleanprod.audits.workflow import ListAction
from cleanprod.core.errors import DomainError
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = [f"{f}: {' '.join(map(str, m))}" for f, m in refused.fields.items() if m]
    messages.error(request, " ".join([refused.message, *details]))


def _form_errors(request: HttpRequest, form: Any) -> None:
    errors = [
        f"{form[f].label if f in form.fields else f}: {' '.join(e)}" for f, e in form.errors.items()
    ]
    messages.error(request, " ".join([_("Please correct the form."), *errors]))


class ListIndexView(ScopedViewMixin, TemplateView):
    """The lists of the person's jurisdiction, by year and status."""

    template_name = "audits/lists/index.html"
    required_perm = "audits.view_mandatorylist"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        return super().get_context_data(
            lists=list_queryset(scope=scope, filters=self.request.GET)[:200],
            statuses=STATUS_CHOICES,
            year=self.request.GET.get("year", ""),
            status=self.request.GET.get("status", ""),
            can_create=scope.has_perm("audits.add_mandatorylist"),
            can_import=scope.has_perm("audits.import_mandatorylist"),
            **kwargs,
        )


class ListCreateView(ScopedViewMixin, View):
    required_perm = "audits.add_mandatorylist"
    template_name = "audits/lists/create.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ListCreateForm(scope=request.scope)  # type: ignore[attr-defined]
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ListCreateForm(request.POST, scope=request.scope)  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                created = list_create(by=request.user, **form.cleaned_data)
            except DomainError as refused:
                for field, problems in refused.fields.items():
                    form.add_error(field if field in form.fields else None, problems)
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The draft list was created."))
                return HttpResponseRedirect(reverse("audits:list", args=[created.pk]))
        return render(request, self.template_name, {"form": form}, status=400)


class ListDetailView(ScopedObjectMixin, TemplateView):
    """Header facts, status, the entries with their reasons and origin, the excluded
    candidates, amendments and the buttons this person may use now."""

    model = MandatoryList
    template_name = "audits/lists/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        mandatory_list = self.get_object()
        detail = list_detail(mandatory_list=mandatory_list)
        actions = list_allowed_actions(mandatory_list=mandatory_list, user=self.request.user)
        fixed = {d.step: d.due_on for d in detail.fixed}
        return super().get_context_data(
            detail=detail,
            mandatory_list=mandatory_list,
            actions=actions,
            can_edit=ListAction.EDIT in actions,
            add_form=EntryAddForm(),
            deadlines_form=ListDeadlinesForm(initial_dates=fixed),
            publish_form=PublishForm(
                initial={
                    "doc_number": mandatory_list.doc_number,
                    "issuing_authorities": mandatory_list.issuing_authorities,
                    "published_on": mandatory_list.published_on,
                }
            ),
            amend_form=AmendForm(),
            **kwargs,
        )


class ListTimelineView(ScopedObjectMixin, TemplateView):
    """The list's events; the fragment alone for htmx."""

    model = MandatoryList

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["audits/lists/_timeline.html"]
        return ["audits/lists/timeline.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        mandatory_list = self.get_object()
        events = list_timeline(
            mandatory_list=mandatory_list,
            scope=self.request.scope,  # type: ignore[attr-defined]
        )[:500]
        return super().get_context_data(mandatory_list=mandatory_list, events=events, **kwargs)


class ListActionView(ScopedObjectMixin, View):
    """POST one workflow action: parse its form, call its service, come back to the list."""

    model = MandatoryList

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        handler: Callable[[HttpRequest, MandatoryList], str] | None = ACTIONS.get(action)
        if handler is None:
            raise Http404
        mandatory_list = self.get_object()
        try:
            done = handler(request, mandatory_list)
        except DomainError as refused:
            _refused(request, refused)
        except _Invalid as invalid:
            _form_errors(request, invalid.form)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("audits:list", args=[mandatory_list.pk]))


class _Invalid(Exception):
    def __init__(self, form: Any) -> None:
        super().__init__("invalid form")
        self.form = form


def _valid(form: Any) -> Any:
    if not form.is_valid():
        raise _Invalid(form)
    return form.cleaned_data


def _entry(request: HttpRequest, mandatory_list: MandatoryList) -> tuple[ListEntry, str]:
    data = _valid(EntryDecisionForm(request.POST))
    entry = mandatory_list.entries.filter(pk=data["entry"]).first()
    if entry is None:
        raise Http404
    return entry, data["reason"]


def _enterprise(request: HttpRequest, mandatory_list: MandatoryList, code: str) -> Any:
    return enterprise_for_list_or_refuse(
        mandatory_list=mandatory_list,
        scope=request.scope,  # type: ignore[attr-defined]
        credit_code=code,
    )


def _screen(request: HttpRequest, ml: MandatoryList) -> str:
    result = list_screen(mandatory_list=ml, by=request.user)
    return _("Screening found %(n)d candidates; %(added)d were added to the draft.") % {
        "n": result.candidates,
        "added": result.added,
    }


def _add(request: HttpRequest, ml: MandatoryList) -> str:
    data = _valid(EntryAddForm(request.POST))
    enterprise = _enterprise(request, ml, data["credit_code"])
    list_entry_add(
        mandatory_list=ml,
        enterprise=enterprise,
        triggers=data["triggers"],
        reason=data["reason"],
        reason_text=data["reason_text"],
        by=request.user,
    )
    return _("%(name)s was added.") % {"name": enterprise.name}


def _drop(request: HttpRequest, ml: MandatoryList) -> str:
    entry, reason = _entry(request, ml)
    list_entry_drop(entry=entry, reason=reason, by=request.user)
    return _("%(name)s was dropped.") % {"name": entry.enterprise.name}


def _restore(request: HttpRequest, ml: MandatoryList) -> str:
    entry, reason = _entry(request, ml)
    list_entry_restore(entry=entry, reason=reason, by=request.user)
    return _("%(name)s was restored.") % {"name": entry.enterprise.name}


def _deadlines(request: HttpRequest, ml: MandatoryList) -> str:
    form = ListDeadlinesForm(request.POST)
    _valid(form)
    list_deadlines_set(mandatory_list=ml, dates=form.dates(), by=request.user)
    return _("The fixed dates were saved.")


def _comment(request: HttpRequest) -> str:
    return str(_valid(CommentForm(request.POST)).get("comment") or "")


def _submit(request: HttpRequest, ml: MandatoryList) -> str:
    list_submit(mandatory_list=ml, by=request.user, comment=_comment(request))
    return _("The list was submitted for approval.")


def _return(request: HttpRequest, ml: MandatoryList) -> str:
    list_return(mandatory_list=ml, by=request.user, comment=_comment(request))
    return _("The list was returned for revision.")


def _approve(request: HttpRequest, ml: MandatoryList) -> str:
    list_approve(mandatory_list=ml, by=request.user, comment=_comment(request))
    return _("The list was approved.")


def _publish(request: HttpRequest, ml: MandatoryList) -> str:
    data = _valid(PublishForm(request.POST))
    list_publish(mandatory_list=ml, by=request.user, **data)
    return _("The list was published; the audits are open and the enterprises notified.")


def _amend(request: HttpRequest, ml: MandatoryList) -> str:
    data = _valid(AmendForm(request.POST))
    enterprise = _enterprise(request, ml, data["credit_code"])
    list_amend(
        mandatory_list=ml,
        kind=data["kind"],
        enterprise=enterprise,
        triggers=data["triggers"],
        reason=data["reason"],
        doc_number=data["doc_number"],
        effective_on=data["effective_on"],
        by=request.user,
    )
    return _("The amendment was recorded.")


ACTIONS: dict[str, Callable[[HttpRequest, MandatoryList], str]] = {
    "screen": _screen,
    "add": _add,
    "drop": _drop,
    "restore": _restore,
    "deadlines": _deadlines,
    "submit": _submit,
    "return": _return,
    "approve": _approve,
    "publish": _publish,
    "amend": _amend,
}

urlpatterns = [
    path("lists/", ListIndexView.as_view(), name="lists"),
    path("lists/new/", ListCreateView.as_view(), name="list_new"),
    *list_excel.urlpatterns,
    path("lists/<int:pk>/", ListDetailView.as_view(), name="list"),
    path("lists/<int:pk>/events/", ListTimelineView.as_view(), name="list_timeline"),
    path("lists/<int:pk>/<slug:action>/", ListActionView.as_view(), name="list_action"),
]
