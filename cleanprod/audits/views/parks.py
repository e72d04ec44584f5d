"""Park and cluster audit pages: open one (a park with its members, or a named cluster of
chosen enterprises), list them, and show the members; plus recording a round completed
before this system. The members section (`audits/parks/_members.html`) can be included in
the audit page."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from cleanprod.audits.models import Audit, AuditMember, AuditRound, Track
from cleanprod.audits.services.parks import OPEN_PERM, park_audit_open
from cleanprod.audits.services.rounds import HISTORICAL_PERM, round_record_historical
from cleanprod.core.errors import DomainError
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise, Park

CODES = re.compile(r"[\s,;，；、]+")


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _enterprises_by_code(scope: Any, raw: str, perm: str) -> tuple[list[Enterprise], list[str]]:
    codes = [c.upper() for c in CODES.split(raw or "") if c]
    found = {
        e.credit_code: e
        for e in Enterprise.objects.in_scope(scope, perm)
        .select_related("region")
        .filter(credit_code__in=codes)
    }
    return [found[c] for c in dict.fromkeys(codes) if c in found], [
        c for c in codes if c not in found
    ]


class ParkAuditForm(forms.Form):
    subject = forms.ChoiceField(
        label=gettext_lazy("Subject"),
        choices=[
            (Audit.Subject.PARK, Audit.Subject.PARK.label),
            (Audit.Subject.CLUSTER, Audit.Subject.CLUSTER.label),
        ],
    )
    park = forms.ModelChoiceField(
        label=gettext_lazy("Industrial park"), queryset=None, required=False
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    region = forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=None, required=False)
    enterprises = forms.CharField(
        label=gettext_lazy("Member enterprises (credit codes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One per line. For a park, leave empty to take all its operating members."
        ),
    )
    organiser = forms.CharField(
        label=gettext_lazy("Organising enterprise (credit code)"),
        required=False,
        max_length=30,
        help_text=gettext_lazy(
            "A member that runs the audit for all (its users file the start and the report)."
        ),
    )
    track = forms.ChoiceField(label=gettext_lazy("Track"), choices=Track.choices)
    listed_on = forms.DateField(
        label=gettext_lazy("Listed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["park"].queryset = Park.objects.in_scope(scope, OPEN_PERM).select_related(
            "region"
        )  # type: ignore[attr-defined]
        self.fields["region"].queryset = (
            Region.objects.in_scope(scope, OPEN_PERM).current().exclude(level=Region.Level.NATION)
        )  # type: ignore[attr-defined]
        self.fields["listed_on"].initial = timezone.localdate()
        _styled(self)

    def clean_enterprises(self) -> list[Enterprise]:
        members, unknown = _enterprises_by_code(
            self.scope, self.cleaned_data["enterprises"], OPEN_PERM
        )
        if unknown:
            raise forms.ValidationError(
                _("Unknown in your jurisdiction: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return members

    def clean_organiser(self) -> Enterprise | None:
        code = self.cleaned_data["organiser"].strip()
        if not code:
            return None
        found, unknown = _enterprises_by_code(self.scope, code, OPEN_PERM)
        if unknown or not found:
            raise forms.ValidationError(
                _("Unknown in your jurisdiction: %(codes)s") % {"codes": code}
            )
        return found[0]


class ParkAuditListView(ScopedViewMixin, TemplateView):
    template_name = "audits/parks/list.html"
    required_perm = "audits.view_audit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        audits = (
            Audit.objects.in_scope(scope, "audits.view_audit")
            .exclude(subject=Audit.Subject.ENTERPRISE)
            .select_related("region", "park")
            .order_by("-listed_on", "-pk")[:500]
        )
        return super().get_context_data(audits=audits, can_open=scope.has_perm(OPEN_PERM), **kwargs)


class ParkAuditOpenView(ScopedViewMixin, TemplateView):
    template_name = "audits/parks/open.html"
    required_perm = OPEN_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", ParkAuditForm(scope=self.request.scope))  # type: ignore[attr-defined]
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ParkAuditForm(request.POST, scope=request.scope)  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                audit = park_audit_open(by=request.user, **form.cleaned_data)
            except DomainError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The park or cluster audit is open."))
                return HttpResponseRedirect(reverse("audits:park_audit", args=[audit.pk]))
        return self.render_to_response(self.get_context_data(form=form))


class ParkAuditDetailView(ScopedObjectMixin, TemplateView):
    template_name = "audits/parks/detail.html"
    model = Audit

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        audit = self.get_object()
        members = AuditMember.objects.filter(audit=audit).select_related("enterprise__region")
        return super().get_context_data(
            audit=audit,
            members=members.order_by("enterprise__name"),
            deadlines=audit.deadlines.order_by("due_on"),
            **kwargs,
        )


class RoundForm(forms.Form):
    credit_code = forms.CharField(label=gettext_lazy("Unified social credit code"), max_length=18)
    completed_on = forms.DateField(
        label=gettext_lazy("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    track = forms.ChoiceField(label=gettext_lazy("Track"), choices=Track.choices)
    note = forms.CharField(label=gettext_lazy("Source of the record"), max_length=200)


class RoundRecordView(ScopedViewMixin, TemplateView):
    """Record an audit round completed before this system (for the interval rules)."""

    template_name = "audits/parks/round.html"
    required_perm = HISTORICAL_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:
            kwargs["form"] = RoundForm()
            _styled(kwargs["form"])
        scope = self.request.scope  # type: ignore[attr-defined]
        kwargs["recent"] = (
            AuditRound.objects.in_scope(scope, "audits.view_audit")
            .filter(source=AuditRound.Source.HISTORICAL)
            .select_related("enterprise", "recorded_by")
            .order_by("-recorded_at")[:20]
        )
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RoundForm(request.POST)
        _styled(form)
        if form.is_valid():
            data = form.cleaned_data
            found, _unknown = _enterprises_by_code(
                request.scope, data["credit_code"], HISTORICAL_PERM
            )  # type: ignore[attr-defined]
            if not found:
                form.add_error("credit_code", _("No such enterprise in your jurisdiction."))
            else:
                try:
                    round_record_historical(
                        enterprise=found[0],
                        completed_on=data["completed_on"],
                        track=data["track"],
                        note=data["note"],
                        by=request.user,
                    )
                except DomainError as refused:
                    form.add_error(None, refused.message)
                else:
                    messages.success(request, _("The earlier round was recorded."))
                    return HttpResponseRedirect(reverse("audits:round_record"))
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path("parks/", ParkAuditListView.as_view(), name="park_audits"),
    path("parks/new/", ParkAuditOpenView.as_view(), name="park_audit_open"),
    path("parks/<int:pk>/", ParkAuditDetailView.as_view(), name="park_audit"),
    path("rounds/record/", RoundRecordView.as_view(), name="round_record"),
]
