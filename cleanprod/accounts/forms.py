"""Input shapes for account pages; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cleanprod.accounts.roles import ROLES


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=())
    region = forms.RegexField(
        label=_("Region code"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("Enter a 6-digit division code.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = [(slug, spec.label) for slug, spec in ROLES.items()]
        self.fields["role"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["region"].widget.attrs.update(
            {
                "class": "form-control form-control-sm",
                "inputmode": "numeric",
                "placeholder": "370303",
            }
        )
