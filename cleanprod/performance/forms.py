"""Input shapes of the option pages; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.forms_phases import DateInput, InlineForm
from cleanprod.audits.models import Phase
from cleanprod.performance.models import Option


def _field(name: str, **kw: Any) -> forms.Field:
    return Option._meta.get_field(name).formfield(**kw)  # type: ignore[no-any-return]


class OptionForm(InlineForm):
    code = forms.CharField(
        label=_("number"),
        max_length=12,
        required=False,
        help_text=_("Empty: the next free number (F1, F2 …)."),
    )
    title = _field("title")
    type = _field("type")
    investment = _field("investment")
    found_in_phase = forms.TypedChoiceField(
        label=_("found in phase"),
        choices=[(p.value, p.label) for p in Phase if p <= Phase.OPTION_GENERATION],
        coerce=int,
        initial=Phase.OPTION_GENERATION,
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    energy_tce = _field("energy_tce")
    water_t = _field("water_t")
    pollutant = _field("pollutant")
    pollutant_t = _field("pollutant_t")
    co2_t = _field("co2_t")
    money_cny = _field("money_cny")


class OptionChangeForm(OptionForm):
    """The number stays: it is how the report and the events refer to the option."""

    code = None  # type: ignore[assignment]


class ScreenForm(InlineForm):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (Option.Status.SELECTED, _("Select")),
            (Option.Status.REJECTED, _("Reject")),
        ],
    )
    note = forms.CharField(
        label=_("screening note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeasibilityForm(InlineForm):
    technical_assessment = forms.CharField(
        label=_("technical evaluation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    environmental_assessment = forms.CharField(
        label=_("environmental evaluation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    economic_assessment = forms.CharField(
        label=_("economic evaluation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    service_life_years = _field("service_life_years")
    annual_operating_cost = _field("annual_operating_cost")
    discount_rate_pct = _field("discount_rate_pct")
    feasible = forms.NullBooleanField(label=_("feasible and recommended"))


class ImplementForm(InlineForm):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (Option.Status.IN_PROGRESS, Option.Status.IN_PROGRESS.label),
            (Option.Status.IMPLEMENTED, Option.Status.IMPLEMENTED.label),
        ],
    )
    planned_on = forms.DateField(label=_("planned completion"), required=False, widget=DateInput)
    implemented_on = forms.DateField(label=_("implemented on"), required=False, widget=DateInput)
    actual_investment = _field("actual_investment")
