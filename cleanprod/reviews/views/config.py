"""The review rules of a province or city: policy, scoring sheets (new versions), agency
grading thresholds; what applies is shown with where it comes from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedViewMixin
from cleanprod.regions.models import Region
from cleanprod.reviews.forms import PolicyForm, ScorecardForm, SheetVersionForm
from cleanprod.reviews.models import ReviewPolicy, Stage
from cleanprod.reviews.selectors.scorecards import scorecard_rule_for
from cleanprod.reviews.services.config import policy_for, template_for
from cleanprod.reviews.services.config_edit import (
    POLICY_PERM,
    review_policy_save,
    scorecard_rule_save,
    sheet_lines,
    sheet_version_add,
)
from cleanprod.reviews.views.flow import refused

VIEW_PERM = "reviews.view_reviewpolicy"


class ConfigView(ScopedViewMixin, TemplateView):
    template_name = "reviews/config.html"
    required_perm = VIEW_PERM

    def _region(self) -> Region:
        code = self.request.GET.get("region") or self.request.POST.get("region")
        code = code or self.request.user.region.code  # type: ignore[union-attr]
        return get_in_scope_or_404(Region, self.request.scope, VIEW_PERM, code=code)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        region = self._region()
        policy = policy_for(region)
        sheets = []
        for stage in Stage:
            try:
                sheet = template_for(region, stage)
            except DomainError:
                sheet = None
            items, vetoes = sheet_lines(sheet) if sheet else ("", "")
            form = SheetVersionForm(
                initial={
                    "stage": stage,
                    "title": sheet.title if sheet else "",
                    "items_text": items,
                    "vetoes_text": vetoes,
                    "pass_mark": sheet.pass_mark if sheet else 70,
                    "basis": sheet.basis if sheet else "",
                }
            )
            sheets.append((stage, sheet, kwargs.pop(f"sheet_form_{stage}", form)))
        rule = scorecard_rule_for(region)
        scope = self.request.scope  # type: ignore[attr-defined]
        return super().get_context_data(
            region=region,
            policy=policy,
            policy_origin=policy.region if policy.pk else None,
            own=ReviewPolicy.objects.filter(region=region).exists(),
            policy_form=kwargs.pop("policy_form", PolicyForm(instance=policy)),
            sheets=sheets,
            rule=rule,
            rule_form=ScorecardForm(
                initial={"grade_a_rate": rule.grade_a_rate, "grade_b_rate": rule.grade_b_rate}
            ),
            can_edit=scope.allows(POLICY_PERM, region.path)
            and region.level in (Region.Level.PROVINCE, Region.Level.PREFECTURE),
            **kwargs,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        region = self._region()
        what = request.POST.get("what")
        back = HttpResponseRedirect(f"{reverse('reviews:config')}?region={region.code}")
        try:
            if what == "policy":
                form = PolicyForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(policy_form=form))
                review_policy_save(region=region, by=request.user, data=form.cleaned_data)
            elif what == "sheet":
                form = SheetVersionForm(request.POST)
                if not form.is_valid():
                    stage = request.POST.get("stage", "")
                    return self.render_to_response(
                        self.get_context_data(**{f"sheet_form_{stage}": form})
                    )
                sheet_version_add(region=region, by=request.user, **form.cleaned_data)
            elif what == "scorecard":
                form = ScorecardForm(request.POST)
                if form.is_valid():
                    scorecard_rule_save(region=region, by=request.user, **form.cleaned_data)
            else:
                return back
        except DomainError as error:
            refused(request, error)
            return back
        messages.success(request, _("Saved. Reviews applied for from now on use it."))
        return back


urlpatterns = [path("config/", ConfigView.as_view(), name="config")]
