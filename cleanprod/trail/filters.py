"""TrailEventFilterSet: what the audit administrator filters the trail by."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.trail.models import TrailEvent


class TrailEventFilterSet(django_filters.FilterSet):
    since = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    action = django_filters.ChoiceFilter(choices=TrailEvent.Action.choices, label=_("Action"))
    result = django_filters.ChoiceFilter(choices=TrailEvent.Result.choices, label=_("Result"))
    user = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="icontains", label=_("User name")
    )
    ip = django_filters.CharFilter(
        field_name="source_ip", lookup_expr="startswith", label=_("Source IP")
    )

    class Meta:
        model = TrailEvent
        fields = ["since", "until", "action", "result", "user", "ip"]

    @property
    def form(self) -> forms.Form:
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")
        return form
