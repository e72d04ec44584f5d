"""Input shapes of the phase pages: parse and type the posted values, nothing more. The rules
(years in order, ratings 1–10, phases in order …) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models import (
    Balance,
    BalanceLine,
    CPTarget,
    FocusFactor,
    Phase,
    PlanItem,
    TeamMember,
    WasteCause,
)


class InlineForm(forms.Form):
    """Bootstrap classes on every widget, small controls for inline rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


def _field(model: type, name: str, **kw: Any) -> forms.Field:
    return model._meta.get_field(name).formfield(**kw)  # type: ignore[attr-defined,no-any-return]


class TeamMemberForm(InlineForm):
    name = _field(TeamMember, "name")
    team_role = _field(TeamMember, "team_role")
    position = _field(TeamMember, "position")
    department = _field(TeamMember, "department")
    from_agency = _field(TeamMember, "from_agency")
    duties = _field(TeamMember, "duties")


class DateInput(forms.DateInput):
    input_type = "date"


class PlanItemForm(InlineForm):
    phase = forms.TypedChoiceField(label=_("phase"), choices=Phase.choices, coerce=int)
    task = _field(PlanItem, "task")
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("ends on"), widget=DateInput)
    responsible = _field(PlanItem, "responsible")


class FactorForm(InlineForm):
    name = _field(FocusFactor, "name")
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=10)


class WeightForm(InlineForm):
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=10)


class CandidateForm(InlineForm):
    name = forms.CharField(label=_("candidate area"), max_length=100)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


class RatingForm(InlineForm):
    """One optional rating 1–10 per factor of the audit (`rating_<factor id>`)."""

    def __init__(self, *args: Any, factors: list[FocusFactor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for factor in factors:
            self.fields[f"rating_{factor.pk}"] = forms.IntegerField(
                label=factor.name, min_value=1, max_value=10, required=False
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def ratings(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("rating_")): value for name, value in self.cleaned_data.items()
        }


class TargetForm(InlineForm):
    indicator = _field(CPTarget, "indicator")
    unit = _field(CPTarget, "unit")
    base_year = forms.IntegerField(label=_("base year"), min_value=1990, max_value=2100)
    baseline = _field(CPTarget, "baseline")
    near_term = _field(CPTarget, "near_term")
    near_term_year = forms.IntegerField(label=_("near-term year"), min_value=1990, max_value=2100)
    long_term = _field(CPTarget, "long_term", required=False)
    long_term_year = forms.IntegerField(
        label=_("long-term year"), min_value=1990, max_value=2100, required=False
    )
    lower_is_better = _field(CPTarget, "lower_is_better")


class AchievedForm(InlineForm):
    achieved = _field(CPTarget, "achieved", required=False)


class BalanceForm(InlineForm):
    kind = _field(Balance, "kind")
    name = _field(Balance, "name")
    unit = _field(Balance, "unit")
    period = _field(Balance, "period")


class BalanceLineForm(InlineForm):
    direction = _field(BalanceLine, "direction")
    item = _field(BalanceLine, "item")
    quantity = _field(BalanceLine, "quantity")
    is_loss = _field(BalanceLine, "is_loss")


class WasteCauseForm(InlineForm):
    aspect = _field(WasteCause, "aspect")
    description = forms.CharField(label=_("cause"), widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(InlineForm):
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReopenForm(InlineForm):
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)
