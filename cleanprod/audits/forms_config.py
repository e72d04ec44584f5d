"""Input shapes of the regional configuration pages; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.audits.models import Anchor, AuditPolicy, Department, Step, Track, Trigger
from cleanprod.audits.services.config_edit import POLICY_FIELDS


class BootstrapMixin:
    """Small Bootstrap controls on every widget."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class DeadlineRuleForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=Step.choices)
    track = forms.ChoiceField(
        label=_("Track"), choices=[("", _("Both tracks")), *Track.choices], required=False
    )
    anchor = forms.ChoiceField(label=_("Counted from"), choices=Anchor.choices)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=120, initial=0)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=3650, initial=0)
    working_days = forms.BooleanField(
        label=_("Working days"),
        required=False,
        help_text=_("Count the days on the official working-day calendar."),
    )
    enabled = forms.BooleanField(
        label=_("Enabled"), required=False, initial=True, help_text=_("Off: no such deadline.")
    )
    source = forms.CharField(label=_("Legal basis"), max_length=200, required=False)


class AuditPolicyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AuditPolicy
        fields = POLICY_FIELDS


class LeadDepartmentForm(BootstrapMixin, forms.Form):
    trigger = forms.ChoiceField(label=_("Trigger"), choices=Trigger.choices)
    department = forms.ChoiceField(label=_("Lead department"), choices=Department.choices)
