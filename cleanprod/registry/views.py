"""Registry pages: the enterprise list with search and filters, the enterprise page."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from cleanprod.core.scoping import allowed_on
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.registry.excel_facts import FACT_SHEETS
from cleanprod.registry.filters import FLAGS
from cleanprod.registry.models import Enterprise, IndustryCatalogue
from cleanprod.registry.privacy import mask_name, mask_phone
from cleanprod.registry.rules import ENTERPRISE_EDITABLE
from cleanprod.registry.selectors import (
    ORDERINGS,
    correction_rows,
    enterprise_file,
    enterprise_page,
)
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


class EnterpriseListView(ScopedViewMixin, TemplateView):
    template_name = "registry/enterprise_list.html"
    required_perm = "registry.view_enterprise"
    page_size = 50

    def get_template_names(self) -> list[str]:
        if self.request.htmx:  # type: ignore[attr-defined]
            return ["registry/_enterprise_rows.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        scope = request.scope  # type: ignore[attr-defined]
        filterset, page = enterprise_page(scope=scope, filters=request.GET, size=self.page_size)
        query = request.GET.copy()
        query.pop("cursor", None)
        return super().get_context_data(
            filter=filterset,
            page=page,
            rows=list_rows(page.rows),
            query=query.urlencode(),
            flags=FLAGS,
            sort=request.GET.get("sort", "newest"),
            orderings=list(ORDERINGS),
            catalogues=IndustryCatalogue.objects.published().order_by("kind", "slug"),
            can_import=scope.has_perm("registry.import_registry"),
            can_export=scope.has_perm("registry.export_registry"),
            can_add=scope.has_perm("registry.add_enterprise"),
            fact_sheets=[(kind, sheet.spec.title) for kind, sheet in FACT_SHEETS.items()],
            **kwargs,
        )


BADGES = (  # (flags, style, label): one badge when any of the flags is set
    (("key_pollutant_unit",), "secondary", _("Key pollutant discharge unit")),
    (("exceeds_standard", "exceeds_cap"), "danger", _("Exceedance")),
    (("over_energy_quota",), "warning", _("Over energy quota")),
    (("uses_toxic",), "dark", _("Toxic substances")),
)


def list_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The list's rows ready to print: link, labels and badges made once per page in Python
    rather than by template tags in every row (half of the page's time went into those)."""
    statuses = {value: str(label) for value, label in Enterprise.Status.choices}
    link = reverse("registry:enterprise", args=[0]).removesuffix("0/")
    badges: dict[tuple[bool, ...], str] = {}
    out = []
    for row in rows:
        flags = tuple(any(row[f] for f in names) for names, _style, _label in BADGES)
        if flags not in badges:
            badges[flags] = format_html_join(
                "",
                '<span class="badge text-bg-{}">{}</span>',
                (
                    (style, label)
                    for on, (_n, style, label) in zip(flags, BADGES, strict=True)
                    if on
                ),
            )
        park = row["park__name"]
        out.append(
            {
                "url": f"{link}{row['id']}/",
                "name": row["name"],
                "credit_code": row["credit_code"],
                "region": row["region__name"],
                "industry": f"{row['industry__code']} {row['industry__name']}",
                "park": park or "—",
                "status": statuses.get(row["status"], row["status"]),
                "badges": badges[flags],
            }
        )
    return out


class EnterpriseDetailView(ScopedObjectMixin, DetailView):
    model = Enterprise
    template_name = "registry/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        enterprise: Enterprise = self.object
        scope = self.request.scope  # type: ignore[attr-defined]
        pending = enterprise.corrections.pending().select_related("proposed_by").first()
        return super().get_context_data(
            file=enterprise_file(enterprise=enterprise),
            pending=pending,
            pending_rows=correction_rows(pending) if pending else [],
            can_propose=allowed_on(scope, "registry.add_enterprisecorrection", enterprise),
            can_decide=allowed_on(scope, "registry.change_enterprisecorrection", enterprise),
            can_edit=allowed_on(scope, "registry.change_enterprise", enterprise),
            editable=[
                (f, Enterprise._meta.get_field(f).verbose_name, getattr(enterprise, f))
                for f in ENTERPRISE_EDITABLE
            ],
            masked_name=mask_name(enterprise.contact_name),
            masked_phone=mask_phone(enterprise.contact_phone),
            can_unmask=scope.has_perm("registry.view_contacts"),
            **kwargs,
        )


class EnterpriseContactsView(ScopedObjectMixin, View):
    """Shows the contact person and phone on purpose; the showing is recorded in the trail."""

    model = Enterprise
    object_perm = "registry.view_contacts"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = self.get_object()
        with transaction.atomic():
            trail_record(
                TrailEvent.Action.PERSONAL_DATA_SHOWN,
                by=request.user,
                obj=enterprise,
                region_path=enterprise.region.path,
                details={"fields": ["contact_name", "contact_phone"]},
            )
        return render(request, "registry/_contacts.html", {"enterprise": enterprise})
