"""Pages of the expert pool: the pool list, the application form, one expert's page with the
examination and status actions, documents and conflicts, the expert's own page, and the rating
rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.accounts.policies import can
from cleanprod.core.errors import DomainError
from cleanprod.core.paging import keyset_page
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.experts import workflow
from cleanprod.experts.forms import ConflictForm, DocumentForm, ExpertApplyForm, RatingRuleForm
from cleanprod.experts.models import Expert, Field
from cleanprod.experts.selectors import (
    FILTERS,
    division_choices,
    expert_file,
    expert_queryset,
    own_expert,
    rating_rules_seen,
)
from cleanprod.experts.services import (
    conflict_declare,
    conflict_withdraw,
    expert_apply,
    expert_document_add,
    rating_rule_for,
    rating_rule_save,
)
from cleanprod.experts.services.rules import RULE_FIELDS
from cleanprod.experts.services.status import ACTION_SERVICES
from cleanprod.experts.views_contacts import ExpertContactsView
from cleanprod.regions.models import Region


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = [" ".join(str(m) for m in msgs) for msgs in refused.fields.values() if msgs]
    details = [d for d in details if d != refused.message]
    messages.error(request, " ".join([refused.message, *details]))


class ExpertListView(ScopedViewMixin, TemplateView):
    template_name = "experts/list.html"
    required_perm = workflow.VIEW_PERM
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        scope = request.scope  # type: ignore[attr-defined]
        qs = expert_queryset(scope=scope, filters=request.GET)
        page = keyset_page(
            qs, ordering=("pool_no", "id"), cursor=request.GET.get("cursor"), size=self.page_size
        )
        query = request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            page=page,
            query=query.urlencode(),
            current={k: request.GET.get(k, "") for k in FILTERS},
            statuses=Expert.Status.choices,
            divisions=division_choices(),
            fields=Field.choices,
            can_add=scope.has_perm(workflow.ADD_PERM),
            **kwargs,
        )


class ExpertApplyView(ScopedViewMixin, TemplateView):
    template_name = "experts/apply.html"
    required_perm = workflow.ADD_PERM

    def _form(self, *args: Any) -> ExpertApplyForm:
        regions = (
            Region.objects.current()
            .in_scope(self.request.scope, workflow.ADD_PERM)  # type: ignore[attr-defined]
            .order_by("path")
        )
        return ExpertApplyForm(*args, regions=regions)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", self._form())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            specialties = data.pop("specialties")
            kind, file = data.pop("document_kind"), data.pop("document")
            try:
                expert = expert_apply(
                    by=request.user,
                    data=data,
                    specialties=specialties,
                    documents=[(kind or "other", file)] if file else [],
                )
            except DomainError as refused:
                _refused(request, refused)
            else:
                messages.success(
                    request,
                    _("The application of %(name)s is recorded as %(pool_no)s.")
                    % {"name": expert.name, "pool_no": expert.pool_no},
                )
                return HttpResponseRedirect(reverse("experts:detail", args=[expert.pk]))
        return self.render_to_response(self.get_context_data(form=form))


def _is_own(scope: Any, expert: Expert) -> bool:
    return expert.pk in getattr(scope, "parties", {}).get("expert", ())


class ExpertDetailView(ScopedObjectMixin, TemplateView):
    template_name = "experts/detail.html"
    model = Expert

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        expert = self.get_object()
        scope = self.request.scope  # type: ignore[attr-defined]
        own = _is_own(scope, expert)
        return super().get_context_data(
            file=expert_file(expert=expert, scope=scope, own=own),
            own=own,
            can_document=can(scope, workflow.ADD_PERM, expert),
            can_declare=can(scope, workflow.DECLARE_PERM, expert)
            or can(scope, workflow.MANAGE_PERM, expert),
            can_withdraw=can(scope, workflow.WITHDRAW_PERM, expert)
            or can(scope, workflow.MANAGE_PERM, expert),
            document_form=DocumentForm(),
            conflict_form=ConflictForm(),
            action_labels=workflow.ACTION_LABELS,
            back="detail",
            **kwargs,
        )


class MyExpertView(ScopedViewMixin, TemplateView):
    """The expert's own page: profile, status history, ratings, declared conflicts."""

    template_name = "experts/detail.html"
    required_perm = workflow.DECLARE_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        expert = own_expert(scope=scope)
        if expert is None:
            raise Http404
        return super().get_context_data(
            file=expert_file(expert=expert, scope=scope, own=True),
            own=True,
            can_document=False,
            can_declare=can(scope, workflow.DECLARE_PERM, expert),
            can_withdraw=can(scope, workflow.WITHDRAW_PERM, expert),
            conflict_form=ConflictForm(),
            action_labels=workflow.ACTION_LABELS,
            back="me",
            **kwargs,
        )


def _back(request: HttpRequest, expert: Expert) -> HttpResponseRedirect:
    if request.POST.get("back") == "me":
        return HttpResponseRedirect(reverse("experts:me"))
    return HttpResponseRedirect(reverse("experts:detail", args=[expert.pk]))


class ExpertActionView(ScopedObjectMixin, View):
    """POST admit / reject / suspend / reinstate / remove with a reason."""

    model = Expert

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ACTION_SERVICES:
            raise Http404
        expert = self.get_object()
        try:
            expert = ACTION_SERVICES[action](expert, request.user, request.POST.get("reason", ""))
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(
                request,
                _("%(expert)s: the status is now %(status)s.")
                % {"expert": expert, "status": expert.get_status_display()},
            )
        return _back(request, expert)


class ExpertDocumentAddView(ScopedObjectMixin, View):
    model = Expert

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        expert = self.get_object()
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the kind of document and a file."))
            return _back(request, expert)
        try:
            expert_document_add(expert=expert, by=request.user, **form.cleaned_data)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The document was filed."))
        return _back(request, expert)


class ExpertDocumentFileView(ScopedObjectMixin, View):
    model = Expert

    def get(self, request: HttpRequest, pk: int, document: int) -> HttpResponse:
        expert = self.get_object()
        found = expert.documents.filter(pk=document).first()
        if found is None:
            raise Http404
        return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


class ConflictDeclareView(ScopedObjectMixin, View):
    model = Expert

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        expert = self.get_object()
        form = ConflictForm(request.POST)
        if not form.is_valid():
            errors = [f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()]
            messages.error(request, " ".join(errors))
            return _back(request, expert)
        try:
            conflict_declare(expert=expert, by=request.user, **form.cleaned_data)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The conflict of interest is declared."))
        return _back(request, expert)


class ConflictWithdrawView(ScopedObjectMixin, View):
    model = Expert

    def post(self, request: HttpRequest, pk: int, conflict: int) -> HttpResponse:
        expert = self.get_object()
        found = expert.conflicts.filter(pk=conflict).first()
        if found is None:
            raise Http404
        try:
            conflict_withdraw(
                conflict=found, by=request.user, reason=request.POST.get("reason", "")
            )
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The conflict of interest is withdrawn."))
        return _back(request, expert)


class RatingRulesView(ScopedViewMixin, TemplateView):
    """The rating rules: the national default and the regional ones the person sees, marked
    where they apply to the person; a provincial official sets the rule of a region in the
    province (`?region=CODE` fills the form with the rule that applies there). A region out
    of the person's reach answers 404."""

    template_name = "experts/rules.html"
    required_perm = workflow.RULE_VIEW_PERM

    def _region(self, code: str) -> Region:
        region = (
            Region.objects.covered_by(self.request.scope)  # type: ignore[attr-defined]
            .filter(code=code, valid_to__isnull=True)
            .first()
        )
        if region is None:
            raise Http404
        return region

    def _blank_form(self) -> RatingRuleForm:
        code = self.request.GET.get("region", "").strip()
        if not code:
            return RatingRuleForm()
        region = self._region(code)
        rule = rating_rule_for(region)
        return RatingRuleForm(
            initial={"region": region.code, **{f: getattr(rule, f) for f in RULE_FIELDS}}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        can_change = scope.has_perm(workflow.RULE_CHANGE_PERM)
        if can_change and "form" not in kwargs:
            kwargs["form"] = self._blank_form()
        rows = rating_rules_seen(scope=scope)
        editable = {
            row.rule.pk
            for row in rows
            if row.rule.region_id and scope.allows(workflow.RULE_CHANGE_PERM, row.rule.region.path)
        }
        return super().get_context_data(
            rows=rows, can_change=can_change, editable=editable, **kwargs
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.scope.has_perm(workflow.RULE_CHANGE_PERM):  # type: ignore[attr-defined]
            raise PermissionDenied
        code = request.POST.get("region", "").strip()
        region = self._region(code) if code else None
        form = RatingRuleForm(request.POST)
        if region is not None and form.is_valid():
            values = dict(form.cleaned_data)
            values.pop("region")
            try:
                rating_rule_save(region=region, by=request.user, **values)
            except DomainError as refused:
                form.add_error(None, refused.message)
                for field, errors in refused.fields.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The rating rule of %(region)s was saved.") % {"region": region.name},
                )
                return HttpResponseRedirect(reverse("experts:rules"))
        return self.render_to_response(self.get_context_data(form=form))


app_name = "experts"
urlpatterns = [
    path("", ExpertListView.as_view(), name="list"),
    path("new/", ExpertApplyView.as_view(), name="apply"),
    path("me/", MyExpertView.as_view(), name="me"),
    path("rules/", RatingRulesView.as_view(), name="rules"),
    path("<int:pk>/", ExpertDetailView.as_view(), name="detail"),
    path("<int:pk>/documents/", ExpertDocumentAddView.as_view(), name="document_add"),
    path(
        "<int:pk>/documents/<int:document>/",
        ExpertDocumentFileView.as_view(),
        name="document",
    ),
    path("<int:pk>/conflicts/", ConflictDeclareView.as_view(), name="conflict_declare"),
    path("<int:pk>/contacts/", ExpertContactsView.as_view(), name="contacts"),
    path(
        "<int:pk>/conflicts/<int:conflict>/withdraw/",
        ConflictWithdrawView.as_view(),
        name="conflict_withdraw",
    ),
    path("<int:pk>/<str:action>/", ExpertActionView.as_view(), name="action"),
]
