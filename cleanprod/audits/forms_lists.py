"""Input shapes of the mandatory-list pages; no business rules (those are in services/lists.py
and services/list_import.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models import ListAmendment, MandatoryList, Step, Trigger
from cleanprod.core.scoping import ScopeLike
from cleanprod.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"})
MANUAL_TRIGGERS = [
    (t.value, t.label)
    for t in (Trigger.EXCEED_STD_OR_CAP, Trigger.ENERGY_QUOTA, Trigger.TOXIC, Trigger.OTHER)
]


class _Styled(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", f"{css} {css}-sm")


def regions_for(scope: ScopeLike, perm: str) -> Any:
    """Regions where the person holds `perm` (a list belongs to a province, city or county)."""
    return (
        Region.objects.current()
        .in_scope(scope, perm)
        .exclude(level=Region.Level.NATION)
        .order_by("path")
    )


class ListCreateForm(_Styled):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    batch = forms.IntegerField(label=_("Batch"), min_value=1, max_value=99, initial=1)
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, scope: ScopeLike, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_for(scope, "audits.add_mandatorylist")  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year + 1


class EntryAddForm(_Styled):
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30)
    triggers = forms.MultipleChoiceField(
        label=_("Legal reasons"), choices=MANUAL_TRIGGERS, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Why it is added"), max_length=2000)
    reason_text = forms.CharField(
        label=_("Facts (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EntryDecisionForm(_Styled):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class CommentForm(_Styled):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ListDeadlinesForm(_Styled):
    """One optional date per step of the clock (empty: the region's rule)."""

    def __init__(self, *args: Any, initial_dates: dict[str, date] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for step in Step:
            self.fields[step.value] = forms.DateField(
                label=step.label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                initial=(initial_dates or {}).get(step.value),
            )
        self.style()

    def dates(self) -> dict[str, date | None]:
        return {step: self.cleaned_data.get(step) for step in Step.values}


class PublishForm(_Styled):
    doc_number = forms.CharField(label=_("Document number"), max_length=80)
    issuing_authorities = forms.CharField(label=_("Issuing authorities"), max_length=200)
    published_on = forms.DateField(label=_("Publication date"), widget=DATE)


class AmendForm(_Styled):
    kind = forms.ChoiceField(label=_("Amendment"), choices=ListAmendment.Kind.choices)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30)
    triggers = forms.MultipleChoiceField(
        label=_("Legal reasons (when adding)"),
        choices=MANUAL_TRIGGERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    doc_number = forms.CharField(label=_("Document number"), max_length=80, required=False)
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE)


class ListImportForm(_Styled):
    """The notice's facts; the sheet holds only the enterprises."""

    file = forms.FileField(label=_("Spreadsheet (.xlsx, at most 20 MB)"), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    batch = forms.IntegerField(label=_("Batch"), min_value=1, max_value=99, initial=1)
    title = forms.CharField(label=_("Title"), max_length=200)
    issuing_authorities = forms.CharField(label=_("Issuing authorities"), max_length=200)
    doc_number = forms.CharField(label=_("Document number"), max_length=80)
    published_on = forms.DateField(label=_("Publication date"), widget=DATE)

    def __init__(self, *args: Any, scope: ScopeLike, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_for(scope, "audits.import_mandatorylist")  # type: ignore[attr-defined]
        for step in Step:
            self.fields[f"due_{step.value}"] = forms.DateField(
                label=step.label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        self.style()

    def fixed(self) -> dict[str, date]:
        return {
            step: day
            for step in Step.values
            if (day := self.cleaned_data.get(f"due_{step}")) is not None
        }

    def step_fields(self) -> list[forms.BoundField]:
        return [self[f"due_{step}"] for step in Step.values]


STATUS_CHOICES = [("", _("All statuses")), *MandatoryList.Status.choices]
