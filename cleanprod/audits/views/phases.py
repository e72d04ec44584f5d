"""One page per phase (/audits/<pk>/phases/<n>/) with its deliverables, and one POST endpoint
per action (/audits/<pk>/phases/<n>/<action>/[<row>/]). An htmx post answers with the
re-rendered section (errors inline, 200 so htmx swaps it); a plain post redirects back, or
re-renders the page with the errors and the refusal's status (400, 409). PermissionDenied
answers 403."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from cleanprod.accounts.policies import can
from cleanprod.audits import forms_phases as f
from cleanprod.audits.models import (
    Audit,
    Balance,
    BalanceLine,
    CPTarget,
    FocusCandidate,
    FocusFactor,
    PlanItem,
    TeamMember,
    WasteCause,
)
from cleanprod.audits.selectors.phases import phase_page
from cleanprod.audits.services import balances, focus, phases, targets
from cleanprod.audits.services.work import WORK_PERM
from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedViewMixin

Run = Callable[[Audit, Any, dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Action:
    """One thing a person can do on a phase page: which phase (None: any), which section is
    re-rendered, the form that parses the post, the service call and the row it acts on."""

    phase: int | None
    section: str
    run: Run
    form: type[forms.Form] | None = None
    row: type[models.Model] | None = None
    row_audit: str = "audit"  # how the row reaches its audit


def _rate(audit: Audit, row: FocusCandidate, data: dict[str, Any], by: Any) -> Any:
    return focus.focus_candidate_rate(candidate=row, by=by, ratings=data["ratings"])


ACTIONS: dict[str, Action] = {
    "team-add": Action(
        1, "team", lambda a, r, d, by: phases.team_member_add(audit=a, by=by, **d), f.TeamMemberForm
    ),
    "team-change": Action(
        1,
        "team",
        lambda a, r, d, by: phases.team_member_change(member=r, by=by, **d),
        f.TeamMemberForm,
        TeamMember,
    ),
    "team-remove": Action(
        1, "team", lambda a, r, d, by: phases.team_member_remove(member=r, by=by), row=TeamMember
    ),
    "plan-add": Action(
        1, "plan", lambda a, r, d, by: phases.plan_item_add(audit=a, by=by, **d), f.PlanItemForm
    ),
    "plan-remove": Action(
        1, "plan", lambda a, r, d, by: phases.plan_item_remove(item=r, by=by), row=PlanItem
    ),
    "factor-seed": Action(2, "focus", lambda a, r, d, by: focus.focus_factors_seed(audit=a, by=by)),
    "factor-add": Action(
        2, "focus", lambda a, r, d, by: focus.focus_factor_add(audit=a, by=by, **d), f.FactorForm
    ),
    "factor-change": Action(
        2,
        "focus",
        lambda a, r, d, by: focus.focus_factor_change(factor=r, by=by, **d),
        f.WeightForm,
        FocusFactor,
    ),
    "factor-remove": Action(
        2, "focus", lambda a, r, d, by: focus.focus_factor_remove(factor=r, by=by), row=FocusFactor
    ),
    "candidate-add": Action(
        2,
        "focus",
        lambda a, r, d, by: focus.focus_candidate_add(audit=a, by=by, **d),
        f.CandidateForm,
    ),
    "candidate-rate": Action(2, "focus", _rate, f.RatingForm, FocusCandidate),
    "candidate-remove": Action(
        2,
        "focus",
        lambda a, r, d, by: focus.focus_candidate_remove(candidate=r, by=by),
        row=FocusCandidate,
    ),
    "candidate-choose": Action(
        2, "focus", lambda a, r, d, by: focus.focus_choose(candidate=r, by=by), row=FocusCandidate
    ),
    "target-add": Action(
        2, "targets", lambda a, r, d, by: targets.target_add(audit=a, by=by, **d), f.TargetForm
    ),
    "target-change": Action(
        2,
        "targets",
        lambda a, r, d, by: targets.target_change(target=r, by=by, **d),
        f.TargetForm,
        CPTarget,
    ),
    "target-remove": Action(
        2, "targets", lambda a, r, d, by: targets.target_remove(target=r, by=by), row=CPTarget
    ),
    "target-achieved": Action(
        6,
        "achieved",
        lambda a, r, d, by: targets.target_achieved_save(target=r, by=by, **d),
        f.AchievedForm,
        CPTarget,
    ),
    "balance-add": Action(
        3, "balances", lambda a, r, d, by: balances.balance_add(audit=a, by=by, **d), f.BalanceForm
    ),
    "balance-remove": Action(
        3, "balances", lambda a, r, d, by: balances.balance_remove(balance=r, by=by), row=Balance
    ),
    "line-add": Action(
        3,
        "balances",
        lambda a, r, d, by: balances.balance_line_add(balance=r, by=by, **d),
        f.BalanceLineForm,
        Balance,
    ),
    "line-remove": Action(
        3,
        "balances",
        lambda a, r, d, by: balances.balance_line_remove(line=r, by=by),
        row=BalanceLine,
        row_audit="balance__audit",
    ),
    "cause-add": Action(
        3,
        "causes",
        lambda a, r, d, by: phases.waste_cause_add(audit=a, by=by, **d),
        f.WasteCauseForm,
    ),
    "cause-remove": Action(
        3, "causes", lambda a, r, d, by: phases.waste_cause_remove(cause=r, by=by), row=WasteCause
    ),
}
PHASE_ACTIONS: dict[str, Action] = {
    "summary": Action(None, "narrative", lambda a, r, d, by: None, f.SummaryForm),
    "complete": Action(None, "status", lambda a, r, d, by: None),
    "reopen": Action(None, "status", lambda a, r, d, by: None, f.ReopenForm),
}

# the add forms shown on each page (bound again when their post is refused)
ADD_FORMS: dict[str, type[forms.Form]] = {
    "team-add": f.TeamMemberForm,
    "plan-add": f.PlanItemForm,
    "factor-add": f.FactorForm,
    "candidate-add": f.CandidateForm,
    "target-add": f.TargetForm,
    "balance-add": f.BalanceForm,
    "cause-add": f.WasteCauseForm,
    "summary": f.SummaryForm,
}
TEMPLATE = "audits/phases/page.html"


def _audit(request: HttpRequest, pk: int) -> Audit:
    return get_in_scope_or_404(Audit, request.scope, "view", pk=pk)  # type: ignore[attr-defined]


def _auto_id(action: str, row: int = 0) -> str:
    """Field ids unique on the page, where several forms share field names."""
    return f"{action}-{row}-%s" if row else f"{action}-%s"


def _context(request: HttpRequest, audit: Audit, n: int, **extra: Any) -> dict[str, Any]:
    page = phase_page(audit=audit, phase=n, who=request.scope)  # type: ignore[attr-defined]
    bound = extra.pop("bound", None)
    action, row = extra.get("bound_action", ""), extra.get("bound_row", 0)

    def pick(name: str, form: type[forms.Form], at: int = 0, **kw: Any) -> forms.Form:
        if bound is not None and (name, at) == (action, row):
            return bound  # type: ignore[no-any-return]
        return form(auto_id=_auto_id(name, at), **kw)

    add_forms = {  # template names cannot hold "-"
        name.replace("-", "_"): pick(name, form) for name, form in ADD_FORMS.items()
    }
    add_forms["summary"] = pick("summary", f.SummaryForm, initial={"summary": page.record.summary})
    balance_rows = [
        (b, pick("line-add", f.BalanceLineForm, b.balance.pk))
        for b in page.data.get("balances", [])
    ]
    return {
        "page": page,
        "audit": audit,
        "forms": add_forms,
        "balance_rows": balance_rows,
        **extra,
    }


class PhaseView(ScopedViewMixin, View):
    """GET: the page of phase n of an audit the person may view."""

    def get(self, request: HttpRequest, pk: int, n: int) -> HttpResponse:
        if not 1 <= n <= 7:
            raise Http404
        audit = _audit(request, pk)
        return render(request, TEMPLATE, _context(request, audit, n))


class PhaseActionView(ScopedViewMixin, View):
    """POST: one action on a phase page; the service checks status and permission again."""

    def post(self, request: HttpRequest, pk: int, n: int, action: str, row: int = 0) -> Any:
        spec = ACTIONS.get(action) or PHASE_ACTIONS.get(action)
        if spec is None or not 1 <= n <= 7 or spec.phase not in (None, n):
            raise Http404
        audit = _audit(request, pk)
        if not can(request.scope, WORK_PERM, audit):  # type: ignore[attr-defined]
            raise PermissionDenied
        obj = self._row(spec, audit, row)
        form = self._form(spec, request, audit, _auto_id(action, row))
        refusal: DomainError | None = None
        if form is not None and not form.is_valid():
            refusal = DomainError("audit.invalid", _("The input is not valid."))
        else:
            data = self._data(spec, form)
            try:
                self._run(action, spec, audit, obj, data, n, request.user)
            except DomainError as refused:
                refusal = refused
                if form is not None:
                    _attach(form, refused)
        return self._answer(request, audit, n, action, spec, row, form, refusal)

    def _row(self, spec: Action, audit: Audit, row: int) -> Any:
        if spec.row is None:
            return None
        found = spec.row._default_manager.filter(pk=row, **{spec.row_audit: audit}).first()
        if found is None:
            raise Http404
        return found

    def _form(
        self, spec: Action, request: HttpRequest, audit: Audit, auto_id: str
    ) -> forms.Form | None:
        if spec.form is None:
            return None
        if spec.form is f.RatingForm:
            factors = list(FocusFactor.objects.filter(audit=audit))
            return f.RatingForm(request.POST, factors=factors, auto_id=auto_id)
        return spec.form(request.POST, auto_id=auto_id)

    def _data(self, spec: Action, form: forms.Form | None) -> dict[str, Any]:
        if form is None:
            return {}
        if isinstance(form, f.RatingForm):
            return {"ratings": form.ratings()}
        return dict(form.cleaned_data)

    def _run(
        self,
        action: str,
        spec: Action,
        audit: Audit,
        obj: Any,
        data: dict[str, Any],
        n: int,
        by: Any,
    ) -> None:
        if action == "summary":
            phases.phase_summary_save(audit=audit, phase=n, by=by, summary=data["summary"])
        elif action == "complete":
            phases.phase_complete(audit=audit, phase=n, by=by)
        elif action == "reopen":
            phases.phase_reopen(audit=audit, phase=n, by=by, reason=data.get("reason", ""))
        else:
            spec.run(audit, obj, data, by)

    def _answer(
        self,
        request: HttpRequest,
        audit: Audit,
        n: int,
        action: str,
        spec: Action,
        row: int,
        form: forms.Form | None,
        refusal: DomainError | None,
    ) -> HttpResponse:
        page_url = reverse("audits:phase", args=[audit.pk, n])
        htmx = bool(getattr(request, "htmx", False))
        if refusal is None and (not htmx or action in ("complete", "reopen")):
            if not htmx:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(page_url)
            response = HttpResponse(status=204)
            response["HX-Redirect"] = page_url
            return response
        extra: dict[str, Any] = {
            "bound_action": action,
            "bound_row": row,
            "bound_section": spec.section,
        }
        if refusal is not None:
            shown_by_form = action in ADD_FORMS or action == "line-add"  # errors at the fields
            details = [] if shown_by_form else _details(refusal, form)
            extra.update(refusal=refusal.message, refusal_details=details)
            extra["bound"] = form
        context = _context(request, audit, n, **extra)
        if htmx:
            return render(request, f"audits/phases/_{spec.section}.html", context)
        return render(request, TEMPLATE, context, status=refusal.status if refusal else 200)


def _attach(form: forms.Form, refused: DomainError) -> None:
    for name, messages_ in refused.fields.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def _details(refused: DomainError, form: forms.Form | None) -> list[str]:
    """The field messages as "label: message" lines, for the section's alert."""
    if form is not None and form.errors:
        labels = {name: field.label for name, field in form.fields.items()}
        return [
            f"{labels.get(name, '') or ''}: {' '.join(errs)}".lstrip(": ")
            for name, errs in form.errors.items()
        ]
    return [m for msgs in refused.fields.values() for m in msgs]


urlpatterns = [
    path("<int:pk>/phases/<int:n>/", PhaseView.as_view(), name="phase"),
    path("<int:pk>/phases/<int:n>/<slug:action>/", PhaseActionView.as_view(), name="phase_action"),
    path(
        "<int:pk>/phases/<int:n>/<slug:action>/<int:row>/",
        PhaseActionView.as_view(),
        name="phase_row_action",
    ),
]
