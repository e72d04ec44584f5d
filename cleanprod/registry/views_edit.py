"""Officials add and edit enterprises one at a time; the same rules as every import row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedViewMixin
from cleanprod.registry.models import Enterprise
from cleanprod.registry.rules import FIELDS, enterprise_values
from cleanprod.registry.services.enterprises import enterprise_save

FORM_FIELDS = [*FIELDS, "other_industries"]
CHOICES = {"scale": Enterprise.Scale.choices, "status": Enterprise.Status.choices}


def _fields(values: dict[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    labels = {
        f.name: f.verbose_name for f in Enterprise._meta.get_fields() if hasattr(f, "verbose_name")
    }
    value_of = {**values, "other_industries": ";".join(values.get("other_industries") or [])}
    return [
        {
            "name": f,
            "label": labels.get(f, f),
            "value": value_of.get(f),
            "errors": errors.get(f, []),
            "choices": CHOICES.get(f),
            "boolean": f == "key_pollutant_unit",
        }
        for f in FORM_FIELDS
    ]


class EnterpriseEditView(ScopedViewMixin, View):
    """GET shows the form, POST saves through `enterprise_save` (scope checked there)."""

    required_perm = "registry.change_enterprise"
    template_name = "registry/enterprise_form.html"

    def _enterprise(self, request: HttpRequest, pk: int | None) -> Enterprise | None:
        if pk is None:
            return None
        return get_in_scope_or_404(
            Enterprise,
            request.scope,  # type: ignore[attr-defined]
            "registry.change_enterprise",
            pk=pk,
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        enterprise = self._enterprise(request, pk)
        values = enterprise_values(enterprise) if enterprise else {"status": "operating"}
        return render(
            request, self.template_name, {"enterprise": enterprise, "fields": _fields(values, {})}
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        enterprise = self._enterprise(request, pk)
        data = {f: request.POST.get(f, "") for f in FORM_FIELDS}
        data["key_pollutant_unit"] = request.POST.get("key_pollutant_unit") == "on"
        try:
            saved = enterprise_save(data=data, by=request.user, enterprise=enterprise)
        except DomainError as refused:
            values = {
                **data,
                "other_industries": [c for c in str(data["other_industries"]).split(";") if c],
            }
            return render(
                request,
                self.template_name,
                {
                    "enterprise": enterprise,
                    "fields": _fields(values, refused.fields),
                    "refusal": refused.message,
                },
                status=400,
            )
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("registry:enterprise", args=[saved.pk]))
