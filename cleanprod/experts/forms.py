"""Input shapes of the expert pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cleanprod.experts.models import Conflict, ExpertDocument, Field
from cleanprod.experts.selectors import division_choices
from cleanprod.regions.models import Region


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class ExpertApplyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=40)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    title = forms.CharField(label=_("Professional title"), max_length=60)
    employer = forms.CharField(label=_("Employer"), max_length=120)
    employer_credit_code = forms.CharField(
        label=_("Employer's credit code"), max_length=30, required=False
    )
    specialties = forms.ModelMultipleChoiceField(
        label=_("Specialty industries (GB/T 4754 divisions)"), queryset=division_choices()
    )
    expertise = forms.MultipleChoiceField(
        label=_("Fields of expertise"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    qualifications = forms.CharField(
        label=_("Qualifications"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    document_kind = forms.ChoiceField(
        label=_("Document kind"), choices=ExpertDocument.Kind.choices, required=False
    )
    document = forms.FileField(label=_("Document (optional)"), required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["specialties"].widget.attrs["size"] = 10
        _style(self)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExpertDocument.Kind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Conflict.Kind.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=120)
    credit_code = forms.CharField(label=_("Organisation's credit code"), max_length=30)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    until = forms.DateField(
        label=_("Until (empty: does not lapse)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def _threshold(label: Promise, initial: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_value=5, max_digits=3, decimal_places=2, initial=initial
    )


class RatingRuleForm(forms.Form):
    """The rule of one region (by division code); the service checks the thresholds' order."""

    region = forms.CharField(label=_("Region (division code)"), max_length=6)
    window = forms.IntegerField(
        label=_("Ratings considered (the latest)"), min_value=1, max_value=100, initial=5
    )
    min_ratings = forms.IntegerField(
        label=_("Minimum ratings before acting"), min_value=1, max_value=100, initial=3
    )
    warn_below = _threshold(_("Warn below (average)"), "3.50")
    suspend_below = _threshold(_("Suspend below (average)"), "3.00")
    remove_below = _threshold(_("Remove below (average)"), "2.00")
    reevaluation_months = forms.IntegerField(
        label=_("Re-evaluation every (months)"), min_value=1, max_value=120, initial=12
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
