"""Voluntary audit pages: the enterprise applies and follows its applications; the municipal
authority examines them and accepts or declines with reasons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from cleanprod.audits.models import AuditEvent, VoluntaryApplication
from cleanprod.audits.selectors.voluntary import (
    DECIDE_PERM,
    VIEW_PERM,
    applicant_enterprises,
    voluntary_allowed_actions,
    voluntary_list,
)
from cleanprod.audits.services.voluntary import (
    APPLY_PERM,
    voluntary_accept,
    voluntary_apply,
    voluntary_decline,
)
from cleanprod.core.errors import DomainError
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin


class ApplyForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=gettext_lazy("Enterprise"), queryset=None)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    motivation = forms.CharField(
        label=gettext_lazy("Why the enterprise audits"), widget=forms.Textarea(attrs={"rows": 3})
    )
    planned_scope = forms.CharField(
        label=gettext_lazy("Planned scope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    self_audit = forms.BooleanField(label=gettext_lazy("Self-audit"), required=False)

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = applicant_enterprises(scope=scope)  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year
        for name, field in self.fields.items():
            css = "form-check-input" if name == "self_audit" else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["enterprise"].widget.attrs["class"] = "form-select"


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = [" ".join(str(m) for m in msgs) for msgs in refused.fields.values() if msgs]
    messages.error(request, " ".join([refused.message, *details]))


class VoluntaryListView(ScopedViewMixin, TemplateView):
    """An enterprise's own applications; for an authority, those of its jurisdiction."""

    template_name = "audits/voluntary/list.html"
    required_perm = VIEW_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        status = self.request.GET.get("status", "")
        return super().get_context_data(
            applications=voluntary_list(scope=scope, status=status)[:500],
            status=status,
            statuses=VoluntaryApplication.Status.choices,
            can_apply=scope.has_perm(APPLY_PERM),
            can_decide=scope.has_perm(DECIDE_PERM),
            **kwargs,
        )


class VoluntaryApplyView(ScopedViewMixin, TemplateView):
    template_name = "audits/voluntary/apply.html"
    required_perm = APPLY_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", ApplyForm(scope=self.request.scope))  # type: ignore[attr-defined]
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApplyForm(request.POST, scope=request.scope)  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                application = voluntary_apply(by=request.user, **form.cleaned_data)
            except DomainError as refused:
                _refused(request, refused)
            else:
                messages.success(request, _("The application was sent to the city authority."))
                return HttpResponseRedirect(
                    reverse("audits:voluntary_detail", args=[application.pk])
                )
        return self.render_to_response(self.get_context_data(form=form))


class VoluntaryDetailView(ScopedObjectMixin, TemplateView):
    template_name = "audits/voluntary/detail.html"
    model = VoluntaryApplication

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        application = self.get_object()
        scope = self.request.scope  # type: ignore[attr-defined]
        return super().get_context_data(
            application=application,
            actions=voluntary_allowed_actions(application=application, scope=scope),
            events=AuditEvent.objects.filter(application=application)
            .select_related("actor")
            .order_by("at", "pk"),
            **kwargs,
        )


class VoluntaryDecideView(ScopedObjectMixin, View):
    """POST accept (optional comment) or decline (reasons required)."""

    model = VoluntaryApplication
    object_perm = DECIDE_PERM

    def post(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        if decision not in ("accept", "decline"):
            raise Http404
        application = self.get_object()
        try:
            if decision == "accept":
                voluntary_accept(
                    application=application,
                    by=request.user,
                    comment=request.POST.get("comment", ""),
                )
                messages.success(request, _("Accepted: the voluntary audit is open."))
            else:
                voluntary_decline(
                    application=application,
                    by=request.user,
                    reasons=request.POST.get("reasons", ""),
                )
                messages.success(request, _("The application was declined."))
        except DomainError as refused:
            _refused(request, refused)
        return HttpResponseRedirect(reverse("audits:voluntary_detail", args=[application.pk]))


urlpatterns = [
    path("voluntary/", VoluntaryListView.as_view(), name="voluntary"),
    path("voluntary/apply/", VoluntaryApplyView.as_view(), name="voluntary_apply"),
    path("voluntary/<int:pk>/", VoluntaryDetailView.as_view(), name="voluntary_detail"),
    path(
        "voluntary/<int:pk>/<str:decision>/",
        VoluntaryDecideView.as_view(),
        name="voluntary_decide",
    ),
]
