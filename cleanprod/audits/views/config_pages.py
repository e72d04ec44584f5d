"""Regional configuration pages: the deadline rules, audit policy and lead departments that
apply in a province or city, where each comes from, and (for provincial officials in their
own region) forms to override, switch off or reset them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.accounts.policies import can
from cleanprod.audits.forms_config import AuditPolicyForm, DeadlineRuleForm, LeadDepartmentForm
from cleanprod.audits.models import DeadlineRule
from cleanprod.audits.selectors.config import (
    ResolvedRow,
    config_regions,
    leads_resolved,
    policy_resolved,
    rules_own,
    rules_resolved,
)
from cleanprod.audits.services.config_edit import (
    LEAD_PERM,
    POLICY_PERM,
    RULE_PERM,
    audit_policy_save,
    deadline_rule_remove,
    deadline_rule_save,
    lead_department_save,
)
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedViewMixin
from cleanprod.regions.models import Region

VIEW_PERM = "audits.view_deadlinerule"


def _back(code: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('audits:config')}?region={code}")


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = [" ".join(str(m) for m in msgs) for msgs in refused.fields.values() if msgs]
    messages.error(request, " ".join([refused.message, *details]))


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}".strip(": "))


class ConfigView(ScopedViewMixin, TemplateView):
    template_name = "audits/config/rules.html"
    required_perm = VIEW_PERM

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        scope = self.request.scope  # type: ignore[attr-defined]
        choices = config_regions(scope=scope)
        if not choices:
            raise Http404
        wanted = self.request.GET.get("region", choices[0].code)
        region = next((r for r in choices if r.code == wanted), None)
        if region is None:
            raise Http404
        policy, policy_origin = policy_resolved(region=region)
        resolved = rules_resolved(region=region)
        return super().get_context_data(
            region=region,
            regions=choices,
            resolved=resolved,
            own=rules_own(region=region),
            policy=policy,
            policy_origin=policy_origin,
            leads=leads_resolved(region=region),
            can_rules=can(scope, RULE_PERM, region),
            can_policy=can(scope, POLICY_PERM, region),
            can_leads=can(scope, LEAD_PERM, region),
            rule_form=DeadlineRuleForm(initial=_rule_initial(self.request, resolved)),
            policy_form=AuditPolicyForm(instance=policy),
            lead_form=LeadDepartmentForm(),
            **kwargs,
        )


def _rule_initial(request: HttpRequest, resolved: list[ResolvedRow]) -> dict[str, Any]:
    """Prefill the rule form from the row the person chose to override (?step=&track=)."""
    step, track = request.GET.get("step", ""), request.GET.get("track", "")
    initial: dict[str, Any] = {"step": step, "track": track, "enabled": True}
    for row in resolved:
        if (row.step, row.track) == (step, track or "mandatory") and row.rule is not None:
            rule = row.rule
            initial.update(
                anchor=rule.anchor,
                months=rule.months,
                days=rule.days,
                working_days=getattr(rule, "working_days", False),
            )
    return initial


def _region(request: HttpRequest, code: str, perm: str) -> Region:
    return get_in_scope_or_404(
        Region,
        request.scope,
        perm,
        code=code,
        valid_to__isnull=True,  # type: ignore[attr-defined]
    )


class RuleSaveView(ScopedViewMixin, View):
    required_perm = RULE_PERM

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        region = _region(request, code, RULE_PERM)
        form = DeadlineRuleForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return _back(code)
        try:
            deadline_rule_save(region=region, by=request.user, **form.cleaned_data)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The rule was saved; audits opened from now on use it."))
        return _back(code)


class RuleRemoveView(ScopedViewMixin, View):
    required_perm = RULE_PERM

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rule = get_in_scope_or_404(DeadlineRule, request.scope, RULE_PERM, pk=pk)  # type: ignore[attr-defined]
        code = rule.region.code
        try:
            deadline_rule_remove(rule=rule, by=request.user)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The region's own rule was removed."))
        return _back(code)


class PolicySaveView(ScopedViewMixin, View):
    required_perm = POLICY_PERM

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        region = _region(request, code, POLICY_PERM)
        form = AuditPolicyForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return _back(code)
        try:
            audit_policy_save(region=region, by=request.user, values=form.cleaned_data)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The audit policy was saved."))
        return _back(code)


class LeadSaveView(ScopedViewMixin, View):
    required_perm = LEAD_PERM

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        region = _region(request, code, LEAD_PERM)
        form = LeadDepartmentForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return _back(code)
        try:
            lead_department_save(region=region, by=request.user, **form.cleaned_data)
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The lead department was saved."))
        return _back(code)


urlpatterns = [
    path("config/", ConfigView.as_view(), name="config"),
    path("config/<str:code>/rules/", RuleSaveView.as_view(), name="config_rule_save"),
    path("config/rules/<int:pk>/remove/", RuleRemoveView.as_view(), name="config_rule_remove"),
    path("config/<str:code>/policy/", PolicySaveView.as_view(), name="config_policy_save"),
    path("config/<str:code>/leads/", LeadSaveView.as_view(), name="config_lead_save"),
]
