"""A list in Excel: import a published list (upload → preview → confirm), its template, and
the export of a list in the official layout."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View

from cleanprod.audits.excel import (
    EXAMPLE,
    LIST_ENTRIES,
    entry_rows,
    official_response,
    read_list_workbook,
)
from cleanprod.audits.forms_lists import ListImportForm
from cleanprod.audits.models import MandatoryList
from cleanprod.audits.selectors.lists import list_subtitle, listed_entries
from cleanprod.audits.services.list_import import ListHeader, list_import
from cleanprod.core.errors import DomainError
from cleanprod.core.excel import XLSX, format_error, write_template
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.regions.models import Region
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

SESSION_KEY = "list_imports"


class ListTemplateView(ScopedViewMixin, View):
    required_perm = "audits.import_mandatorylist"

    def get(self, request: HttpRequest) -> FileResponse:
        out = io.BytesIO()
        write_template(LIST_ENTRIES, out, examples=[EXAMPLE])
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename="mandatory-list-template.xlsx", content_type=XLSX
        )


def _header(data: dict[str, Any], fixed: dict[str, Any]) -> ListHeader:
    return ListHeader(
        region=data["region"],
        year=data["year"],
        batch=data["batch"],
        title=data["title"],
        issuing_authorities=data["issuing_authorities"],
        doc_number=data["doc_number"],
        published_on=data["published_on"],
        fixed=fixed,
    )


class ListImportView(ScopedViewMixin, View):
    """Upload the published annex with the notice's facts: every problem is listed by row and
    column and nothing is written; a clean file shows its rows and a confirm button."""

    required_perm = "audits.import_mandatorylist"
    template_name = "audits/lists/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ListImportForm(scope=request.scope)  # type: ignore[attr-defined]
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("token", "")
        if token:
            return self._confirm(request, token)
        form = ListImportForm(request.POST, request.FILES, scope=request.scope)  # type: ignore[attr-defined]
        context: dict[str, Any] = {"form": form}
        upload = request.FILES.get("file")
        if not form.is_valid() or upload is None:
            if upload is None:
                form.add_error("file", _("Choose a file to upload."))
            return render(request, self.template_name, context, status=400)
        header = _header(form.cleaned_data, form.fixed())
        try:
            sheet = read_list_workbook(upload)
            result = list_import(sheet=sheet, header=header, by=request.user, dry_run=True)
        except DomainError as refused:
            context["refusal"] = refused.message
            return render(request, self.template_name, context, status=400)
        context.update(
            result=result,
            header=header,
            file_name=upload.name,
            errors=[format_error(e) for e in result.errors[:1000]],
        )
        if result.ok:
            upload.seek(0)
            token = uuid.uuid4().hex
            default_storage.save(f"imports/{token}.xlsx", ContentFile(upload.read()))
            request.session.setdefault(SESSION_KEY, {})[token] = {
                "region": header.region.pk,
                "year": header.year,
                "batch": header.batch,
                "title": header.title,
                "issuing_authorities": header.issuing_authorities,
                "doc_number": header.doc_number,
                "published_on": header.published_on.isoformat() if header.published_on else "",
                "fixed": {step: day.isoformat() for step, day in header.fixed.items()},
            }
            request.session.modified = True
            context["token"] = token
        return render(request, self.template_name, context, status=200 if result.ok else 400)

    def _confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        pending = request.session.get(SESSION_KEY, {})
        saved = pending.get(token)
        if not saved:
            raise Http404
        region = Region.objects.filter(pk=saved["region"]).first()
        if region is None:
            raise Http404
        header = ListHeader(
            region=region,
            year=saved["year"],
            batch=saved["batch"],
            title=saved["title"],
            issuing_authorities=saved["issuing_authorities"],
            doc_number=saved["doc_number"],
            published_on=parse_date(saved["published_on"]),
            fixed={step: parse_date(day) for step, day in saved["fixed"].items()},  # type: ignore[misc]
        )
        path_name = f"imports/{token}.xlsx"
        try:
            with default_storage.open(path_name, "rb") as fh:
                sheet = read_list_workbook(fh)
            result = list_import(sheet=sheet, header=header, by=request.user)
        except DomainError as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(reverse("audits:list_import"))
        finally:
            default_storage.delete(path_name)
            pending.pop(token, None)
            request.session.modified = True
        if result.mandatory_list is None:  # the registry changed between preview and confirm
            messages.error(request, _("The file no longer imports cleanly; upload it again."))
            return HttpResponseRedirect(reverse("audits:list_import"))
        messages.success(
            request,
            _("Imported %(n)d enterprises; their audits are open.") % {"n": len(result.entries)},
        )
        return HttpResponseRedirect(reverse("audits:list", args=[result.mandatory_list.pk]))


class ListExportView(ScopedObjectMixin, View):
    """The list as xlsx in the official layout, for the people who may see the list."""

    model = MandatoryList

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        mandatory_list = self.get_object()
        with transaction.atomic():
            trail_record(
                TrailEvent.Action.EXPORT,
                by=request.user,
                region_path=mandatory_list.region.path,
                details={"what": "mandatory_list", "list": mandatory_list.pk},
            )
        rows = entry_rows(listed_entries(mandatory_list=mandatory_list).iterator(chunk_size=2000))
        return official_response(
            title=mandatory_list.title,
            subtitle=list_subtitle(mandatory_list),
            rows=rows,
            filename=f"list-{mandatory_list.year}-{mandatory_list.batch}-{mandatory_list.pk}.xlsx",
        )


urlpatterns = [
    path("lists/import/", ListImportView.as_view(), name="list_import"),
    path("lists/template.xlsx", ListTemplateView.as_view(), name="list_template"),
    path("lists/<int:pk>/export.xlsx", ListExportView.as_view(), name="list_export"),
]
