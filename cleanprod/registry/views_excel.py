"""Excel in and out: template download, upload → preview → confirm, filtered export."""

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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from cleanprod.core.errors import DomainError
from cleanprod.core.excel import XLSX, export_response, format_error, read_workbook, write_template
from cleanprod.core.views import ScopedViewMixin
from cleanprod.registry.imports import REGISTRIES, run_import
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

MAX_UPLOAD = 20 * 1024 * 1024
SESSION_KEY = "registry_imports"


def _registry(kind: str) -> Any:
    if kind not in REGISTRIES:
        raise Http404
    return REGISTRIES[kind]


class TemplateDownloadView(ScopedViewMixin, View):
    required_perm = "registry.import_registry"

    def get(self, request: HttpRequest, kind: str) -> FileResponse:
        registry = _registry(kind)
        out = io.BytesIO()
        write_template(registry.spec, out, examples=[registry.example])
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename=f"{kind}-template.xlsx", content_type=XLSX
        )


class ImportView(ScopedViewMixin, View):
    """Upload a file: every problem is listed by row and column, nothing is written; when the
    file is clean, the preview's confirm button writes it all in one transaction."""

    required_perm = "registry.import_registry"
    template_name = "registry/import.html"

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        return render(request, self.template_name, {"kind": kind, "registry": _registry(kind)})

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        registry = _registry(kind)
        token = request.POST.get("token", "")
        if token:
            return self._confirm(request, kind, token)
        upload = request.FILES.get("file")
        context: dict[str, Any] = {"kind": kind, "registry": registry}
        if upload is None:
            context["refusal"] = _("Choose a file to upload.")
            return render(request, self.template_name, context, status=400)
        try:
            sheet = read_workbook(upload, registry.spec, max_bytes=MAX_UPLOAD)
        except DomainError as refused:
            context["refusal"] = refused.message
            return render(request, self.template_name, context, status=400)
        result = run_import(kind, sheet, by=request.user, dry_run=True)
        context.update(
            result=result,
            file_name=upload.name,
            errors=[format_error(e) for e in result.errors[:1000]],
        )
        if result.ok:
            upload.seek(0)
            token = uuid.uuid4().hex
            default_storage.save(f"imports/{token}.xlsx", ContentFile(upload.read()))
            request.session.setdefault(SESSION_KEY, {})[token] = kind
            request.session.modified = True
            context["token"] = token
        return render(request, self.template_name, context, status=200 if result.ok else 400)

    def _confirm(self, request: HttpRequest, kind: str, token: str) -> HttpResponse:
        pending = request.session.get(SESSION_KEY, {})
        if pending.get(token) != kind:
            raise Http404
        path = f"imports/{token}.xlsx"
        try:
            with default_storage.open(path, "rb") as fh:
                sheet = read_workbook(fh, _registry(kind).spec, max_bytes=MAX_UPLOAD)
            result = run_import(kind, sheet, by=request.user, dry_run=False)
        finally:
            default_storage.delete(path)
            pending.pop(token, None)
            request.session.modified = True
        if not result.written:  # the data changed between preview and confirm
            messages.error(request, _("The file no longer imports cleanly; upload it again."))
            return HttpResponseRedirect(reverse("registry:import", args=[kind]))
        messages.success(
            request,
            _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return HttpResponseRedirect(reverse(_registry(kind).list_url))


class ExportView(ScopedViewMixin, View):
    """The filtered list as xlsx, from the person's scope; contacts stay masked unless asked
    for by someone allowed to see them, which is recorded."""

    required_perm = "registry.export_registry"

    def get(self, request: HttpRequest, kind: str) -> FileResponse:
        registry = _registry(kind)
        scope = request.scope  # type: ignore[attr-defined]
        contacts = request.GET.get("contacts") == "1" and scope.has_perm("registry.view_contacts")
        with transaction.atomic():
            trail_record(
                TrailEvent.Action.EXPORT,
                by=request.user,
                details={"what": kind, "filters": request.GET.dict(), "contacts": contacts},
            )
        rows = registry.export(scope, request.GET, contacts)
        return export_response(registry.spec, rows, f"{kind}.xlsx")
