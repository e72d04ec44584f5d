"""Forms of the review pages; the services validate the rules, these only shape the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.experts.models import Field
from cleanprod.reviews.models import Outcome, ReviewPolicy, SheetTemplate, Stage
from cleanprod.reviews.services.applications import CHECKLIST
from cleanprod.reviews.services.config_edit import POLICY_FIELDS


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the organiser"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for requirement in CHECKLIST[stage]:
            self.fields[requirement.code] = forms.FileField(label=requirement.label, required=False)
        _style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingForm(forms.Form):
    on = forms.DateField(
        label=_("Meeting date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(label=_("Place"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class SheetForm(forms.Form):
    comment = forms.CharField(
        label=_("Your opinion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, template: SheetTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in template.items:
            self.fields[f"item_{item['code']}"] = forms.DecimalField(
                label=f"{item['code']}. {item['label']} ({item['points']})",
                min_value=0,
                max_value=item["points"],
                decimal_places=1,
                required=False,
            )
        self.fields["vetoes"] = forms.MultipleChoiceField(
            label=_("Veto items found"),
            required=False,
            choices=[(v["code"], f"{v['code']} {v['label']}") for v in template.veto_items],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["comment"] = self.fields.pop("comment")
        _style(self)

    def scores(self) -> dict[str, Any]:
        return {
            name.removeprefix("item_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


class SignForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Conclusion"), choices=())
    opinion = forms.CharField(label=_("Panel opinion"), widget=forms.Textarea(attrs={"rows": 8}))
    rectification = forms.CharField(
        label=_("Rectification required"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, outcomes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, Outcome(o).label) for o in outcomes]
        _style(self)


class AmendForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Conclusion"), choices=Outcome.choices)
    opinion = forms.CharField(label=_("Panel opinion"), widget=forms.Textarea(attrs={"rows": 6}))
    rectification = forms.CharField(
        label=_("Rectification required"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


SCORE_CHOICES = [("", "—"), *((i, str(i)) for i in range(1, 6))]


class RateForm(forms.Form):
    punctuality = forms.TypedChoiceField(label=_("Punctuality"), choices=SCORE_CHOICES, coerce=int)
    quality = forms.TypedChoiceField(
        label=_("Quality of opinion"), choices=SCORE_CHOICES, coerce=int
    )
    independence = forms.TypedChoiceField(
        label=_("Independence"), choices=SCORE_CHOICES, coerce=int
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ReviewPolicy
        fields = POLICY_FIELDS

    panel_fields = forms.MultipleChoiceField(
        label=_("Fields the panel must cover"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one member of each; the other seats follow the ranking."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class SheetVersionForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=120)
    items_text = forms.CharField(
        label=_("Items (one per line: code | label | points)"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    vetoes_text = forms.CharField(
        label=_("Veto items (one per line: code | label)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    pass_mark = forms.DecimalField(label=_("Pass mark"), max_digits=5, decimal_places=1)
    basis = forms.CharField(label=_("Basis"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ScorecardForm(forms.Form):
    grade_a_rate = forms.DecimalField(
        label=_("First-pass rate for grade A (%)"), max_digits=4, decimal_places=1
    )
    grade_b_rate = forms.DecimalField(
        label=_("First-pass rate for grade B (%)"), max_digits=4, decimal_places=1
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
