"""Corrections: an enterprise proposes, an official of its region confirms or rejects."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.registry.models import Enterprise, EnterpriseCorrection
from cleanprod.registry.rules import ENTERPRISE_EDITABLE
from cleanprod.registry.services.corrections import (
    correction_confirm,
    correction_propose,
    correction_reject,
)


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = [f"{f}: {' '.join(m)}" for f, m in refused.fields.items() if m]
    messages.error(request, " ".join([refused.message, *details]))


class CorrectionProposeView(ScopedObjectMixin, View):
    model = Enterprise
    object_perm = "registry.add_enterprisecorrection"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = self.get_object()
        changes = {f: request.POST[f] for f in ENTERPRISE_EDITABLE if f in request.POST}
        try:
            correction_propose(
                enterprise=enterprise,
                changes=changes,
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The correction was sent for confirmation."))
        return HttpResponseRedirect(reverse("registry:enterprise", args=[enterprise.pk]))


class CorrectionDecideView(ScopedViewMixin, View):
    required_perm = "registry.change_enterprisecorrection"

    def post(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        correction = get_in_scope_or_404(
            EnterpriseCorrection,
            request.scope,  # type: ignore[attr-defined]
            "registry.change_enterprisecorrection",
            pk=pk,
        )
        note = request.POST.get("note", "")
        try:
            if decision == "confirm":
                correction_confirm(correction=correction, by=request.user, note=note)
                messages.success(request, _("The correction is now part of the record."))
            else:
                correction_reject(correction=correction, by=request.user, note=note)
                messages.success(request, _("The correction was rejected."))
        except DomainError as refused:
            _refused(request, refused)
        return HttpResponseRedirect(reverse("registry:enterprise", args=[correction.enterprise_id]))


class CorrectionListView(ScopedViewMixin, TemplateView):
    """Corrections waiting for an official of the person's jurisdiction."""

    template_name = "registry/correction_list.html"
    required_perm = "registry.change_enterprisecorrection"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        pending = (
            EnterpriseCorrection.objects.in_scope(
                self.request.scope,  # type: ignore[attr-defined]
                "registry.change_enterprisecorrection",
            )
            .pending()
            .select_related("enterprise__region", "proposed_by")
            .order_by("proposed_at")[:200]
        )
        return super().get_context_data(corrections=pending, **kwargs)
