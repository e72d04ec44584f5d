"""Agency pages: the register (officials), an agency's page with its filings and staff, the
agency's own page (staff and filing), a filing with the official's decision, and documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.agencies.forms import (
    DecisionForm,
    FilingForm,
    RegisterFilter,
    RuleForm,
    StaffForm,
)
from cleanprod.agencies.models import (
    Agency,
    AgencyFiling,
    AgencyFilingDocument,
    AgencyRule,
    AgencyStaff,
)
from cleanprod.agencies.selectors import (
    agency_filing_conditions,
    agency_filing_list,
    agency_list,
    agency_staff_list,
)
from cleanprod.agencies.services import (
    FILING_DECIDE_PERM,
    FILING_SUBMIT_PERM,
    RULE_CHANGE_PERM,
    STAFF_ADD_PERM,
    STAFF_CHANGE_PERM,
    agency_filing_approve,
    agency_filing_return,
    agency_filing_revoke,
    agency_filing_submit,
    agency_rule_save,
    agency_staff_add,
    agency_staff_deactivate,
    agency_staff_update,
)
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import allowed_on, get_in_scope_or_404
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.regions.models import Region


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = [" ".join(str(m) for m in msgs) for msgs in refused.fields.values() if msgs]
    shown = [d for d in details if d not in refused.message]
    messages.error(request, " ".join([refused.message, *shown]))


class RegisterView(ScopedViewMixin, TemplateView):
    """The agency register with filing status, scope and validity, filtered."""

    template_name = "agencies/register.html"
    required_perm = "agencies.view_agencyfiling"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        form = RegisterFilter(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        agencies = list(
            agency_list(scope=self.request.scope, today=today, filters=filters).prefetch_related(  # type: ignore[attr-defined]
                "industry_scope"
            )[:500]
        )
        return super().get_context_data(form=form, agencies=agencies, today=today, **kwargs)


class AgencyDetailView(ScopedObjectMixin, TemplateView):
    template_name = "agencies/detail.html"
    model = Agency

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agency = self.get_object()
        scope = self.request.scope  # type: ignore[attr-defined]
        return super().get_context_data(
            agency=agency,
            today=timezone.localdate(),
            scope_divisions=agency.industry_scope.order_by("code"),
            filings=agency_filing_list(scope=scope, agency=agency),
            staff=agency_staff_list(agency=agency, scope=scope),
            own=allowed_on(scope, STAFF_ADD_PERM, agency),
            **kwargs,
        )


def _own_agency(request: HttpRequest, perm: str = STAFF_ADD_PERM) -> Agency:
    """The agency the signed-in staff member acts for (404 for anyone else)."""
    ids = request.scope.parties.get("agency", ())  # type: ignore[attr-defined]
    if not ids:
        raise Http404
    return get_in_scope_or_404(Agency, request.scope, perm, pk=ids[0])  # type: ignore[attr-defined]


class MineView(ScopedViewMixin, TemplateView):
    """The agency's own page: its staff (add, edit, deactivate) and its filings."""

    template_name = "agencies/mine.html"
    required_perm = STAFF_ADD_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        agency = _own_agency(self.request)
        scope = self.request.scope  # type: ignore[attr-defined]
        kwargs.setdefault("form", StaffForm(agency=agency))
        return super().get_context_data(
            agency=agency,
            today=timezone.localdate(),
            staff=agency_staff_list(agency=agency, scope=scope),
            filings=agency_filing_list(scope=scope, agency=agency),
            can_file=scope.has_perm(FILING_SUBMIT_PERM),
            **kwargs,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        agency = _own_agency(request)
        form = StaffForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                agency_staff_add(agency=agency, by=request.user, **form.cleaned_data)
            except DomainError as refused:
                _refused(request, refused)
            else:
                messages.success(request, _("The staff member was added."))
                return HttpResponseRedirect(reverse("agencies:mine"))
        return self.render_to_response(self.get_context_data(form=form))


class StaffEditView(ScopedObjectMixin, TemplateView):
    template_name = "agencies/staff_edit.html"
    model = AgencyStaff
    object_perm = STAFF_CHANGE_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        staff = kwargs.pop("staff", None) or self.get_object()
        initial = {
            "name": staff.name,
            "position": staff.position,
            "certificate_no": staff.certificate_no,
            "certificate_valid_until": staff.certificate_valid_until,
            "industries": list(staff.industries.all()),
            "user": staff.user_id,
        }
        kwargs.setdefault("form", StaffForm(initial=initial, agency=staff.agency))
        return super().get_context_data(staff=staff, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        staff = self.get_object()
        if "deactivate" in request.POST:
            try:
                agency_staff_deactivate(staff=staff, by=request.user)
            except DomainError as refused:
                _refused(request, refused)
            else:
                messages.success(request, _("The staff member was deactivated."))
            return HttpResponseRedirect(reverse("agencies:mine"))
        form = StaffForm(request.POST, agency=staff.agency)
        if form.is_valid():
            try:
                agency_staff_update(staff=staff, by=request.user, **form.cleaned_data)
            except DomainError as refused:
                _refused(request, refused)
            else:
                messages.success(request, _("The staff member was saved."))
                return HttpResponseRedirect(reverse("agencies:mine"))
        return self.render_to_response(self.get_context_data(staff=staff, form=form))


class FilingSubmitView(ScopedViewMixin, TemplateView):
    template_name = "agencies/filing_submit.html"
    required_perm = FILING_SUBMIT_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", FilingForm())
        return super().get_context_data(
            agency=_own_agency(self.request, FILING_SUBMIT_PERM), **kwargs
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        agency = _own_agency(request, FILING_SUBMIT_PERM)
        form = FilingForm(request.POST)
        if form.is_valid():
            files = request.FILES.getlist("documents")
            try:
                filing = agency_filing_submit(
                    agency=agency,
                    by=request.user,
                    documents=[(f.name, f) for f in files],
                    **form.cleaned_data,
                )
            except DomainError as refused:
                _refused(request, refused)
            else:
                messages.success(request, _("The filing was submitted to the authority."))
                return HttpResponseRedirect(reverse("agencies:filing", args=[filing.pk]))
        return self.render_to_response(self.get_context_data(form=form))


class FilingView(ScopedObjectMixin, TemplateView):
    """A filing: its declared conditions, the checklist on today, documents; the official's
    decision (approve, return, revoke) where the person may decide."""

    template_name = "agencies/filing.html"
    model = AgencyFiling

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filing = self.get_object()
        scope = self.request.scope  # type: ignore[attr-defined]
        may_decide = allowed_on(scope, FILING_DECIDE_PERM, filing)
        return super().get_context_data(
            filing=filing,
            scope_divisions=filing.industry_scope.order_by("code"),
            documents=AgencyFilingDocument.objects.in_scope(scope, "agencies.view_agencyfiling")
            .filter(filing=filing)
            .order_by("pk"),
            failing=agency_filing_conditions(filing, timezone.localdate())
            if filing.status == AgencyFiling.Status.SUBMITTED
            else {},
            may_decide=may_decide,
            **kwargs,
        )


DECISIONS = {
    "approve": agency_filing_approve,
    "return": agency_filing_return,
    "revoke": agency_filing_revoke,
}
DONE = {
    "approve": _("The filing was approved."),
    "return": _("The filing was returned to the agency."),
    "revoke": _("The filing was revoked."),
}


class FilingDecideView(ScopedObjectMixin, View):
    """POST approve (reason optional), return or revoke (reasons required)."""

    model = AgencyFiling
    object_perm = FILING_DECIDE_PERM

    def post(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        if decision not in DECISIONS:
            raise Http404
        filing = self.get_object()
        form = DecisionForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            DECISIONS[decision](filing=filing, by=request.user, reason=reason)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, str(DONE[decision]))
        return HttpResponseRedirect(reverse("agencies:filing", args=[filing.pk]))


class DocumentView(ScopedObjectMixin, View):
    model = AgencyFilingDocument
    object_perm = "agencies.view_agencyfiling"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_object()
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )


def _rules_seen(scope: Any) -> Any:
    """The regional rules in the person's regions and the ones above them (which apply there)."""
    above: set[str] = set()
    for grant in scope.grants("agencies.view_agencyrule"):
        parts = grant.path.strip("/").split("/")
        above.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    below = AgencyRule.objects.in_scope(scope, "view").values("pk")
    return (
        AgencyRule.objects.filter(Q(region__path__in=above) | Q(pk__in=below))
        .filter(region__isnull=False)
        .select_related("region")
        .order_by("region__path")
    )


class RulesView(ScopedViewMixin, TemplateView):
    """The agency rules: the national default and the regional ones in the person's scope; a
    provincial official sets the rule of a region in their province."""

    template_name = "agencies/rules.html"
    required_perm = "agencies.view_agencyrule"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        can_change = scope.has_perm(RULE_CHANGE_PERM)
        if can_change:
            kwargs.setdefault("form", RuleForm())
        return super().get_context_data(
            national=AgencyRule.objects.filter(region__isnull=True).first(),
            rules=_rules_seen(scope),
            can_change=can_change,
            **kwargs,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RuleForm(request.POST)
        if form.is_valid():
            values = dict(form.cleaned_data)
            region = (
                Region.objects.covered_by(request.scope)  # type: ignore[attr-defined]
                .filter(code=values.pop("region"), valid_to__isnull=True)
                .first()
            )
            if region is None:
                form.add_error("region", _("No such region in your jurisdiction."))
            else:
                try:
                    agency_rule_save(region=region, by=request.user, **values)
                except DomainError as refused:
                    _refused(request, refused)
                else:
                    messages.success(request, _("The agency rule was saved."))
                    return HttpResponseRedirect(reverse("agencies:rules"))
        return self.render_to_response(self.get_context_data(form=form))
