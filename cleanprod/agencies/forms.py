"""Input shapes of the agency pages (no business rules: the services check those)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.accounts.models import User
from cleanprod.agencies.models import Agency
from cleanprod.registry.models import Industry


def divisions() -> Any:
    return Industry.objects.filter(level="division").order_by("code")


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class StaffForm(_Styled):
    name = forms.CharField(label=_("Name"), max_length=40)
    position = forms.CharField(label=_("Position"), max_length=60, required=False)
    certificate_no = forms.CharField(
        label=_("Training certificate number"), max_length=60, required=False
    )
    certificate_valid_until = forms.DateField(
        label=_("Certificate valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Industries known (GB/T 4754 divisions)"),
        queryset=Industry.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    user = forms.ModelChoiceField(label=_("Account"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industries"].queryset = divisions()  # type: ignore[attr-defined]
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            assignments__role__slug="agency_staff", assignments__party_id=agency.pk
        ).distinct()


class FilingForm(_Styled):
    independent_legal_person = forms.BooleanField(
        label=_("The agency is an independent legal person"), required=False
    )
    quality_system = forms.BooleanField(
        label=_("It has a quality-assurance system and management rules"), required=False
    )
    quality_system_description = forms.CharField(
        label=_("Quality-assurance system and management rules"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    balance_test_equipment = forms.CharField(
        label=_("Instruments for material, energy and water balance tests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    industry_scope = forms.ModelMultipleChoiceField(
        label=_("Industry scope applied for (GB/T 4754 divisions)"),
        queryset=Industry.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry_scope"].queryset = divisions()  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RegisterFilter(forms.Form):
    filing_status = forms.ChoiceField(
        label=_("Filing status"),
        required=False,
        choices=[("", _("All")), *Agency.FilingStatus.choices],
    )
    division = forms.CharField(label=_("Scope division"), required=False, max_length=2)
    region = forms.CharField(label=_("Region (division code)"), required=False, max_length=6)


class RuleForm(_Styled):
    region = forms.CharField(label=_("Region (division code)"), max_length=6)
    filing_valid_years = forms.IntegerField(
        label=_("Filing valid for (years)"), min_value=1, max_value=10, initial=3
    )
    require_filing = forms.BooleanField(
        label=_("Agencies must be filed to serve"), required=False, initial=True
    )
    require_scope = forms.BooleanField(
        label=_("Enterprises must be within the approved industry scope"),
        required=False,
        initial=True,
    )
    min_served_per_year = forms.IntegerField(
        label=_("Minimum enterprises served a year"), min_value=0, initial=2
    )
    max_failures_per_year = forms.IntegerField(
        label=_("Maximum failed reviews a year"), min_value=0, initial=3
    )
