"""Documents of an audit, uploaded per phase: type and size checked (the content must match
the extension), hashed, versioned per (audit, kind, title) and never overwritten."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditDocument, AuditEvent
from cleanprod.core.errors import DomainError
from cleanprod.core.uploads import file_check, sha256_of

MAX_BYTES = 50 * 1024 * 1024
UPLOAD_PERM = "audits.add_auditdocument"


def max_upload_bytes() -> int:
    """50 MB, or less where the settings say so (AUDIT_DOCUMENT_MAX_BYTES)."""
    return min(MAX_BYTES, int(getattr(settings, "AUDIT_DOCUMENT_MAX_BYTES", MAX_BYTES)))


def upload_allowed_status(status: str) -> bool:
    """Documents are uploaded while the workflow allows phase work or disclosure."""
    table = workflow.AUDIT_TRANSITIONS
    return (status, workflow.AuditAction.WORK) in table or (
        status,
        workflow.AuditAction.DISCLOSE,
    ) in table


def document_check(file: Any) -> tuple[str, str]:
    """The file's extension and content type, once its size and first bytes fit the extension;
    DomainError otherwise (`core.uploads.file_check` within the audit upload limit)."""
    return file_check(file, max_bytes=max_upload_bytes())


def document_store(
    *, audit: Audit, kind: str, title: str, phase: int | None, file: Any, by: Any
) -> AuditDocument:
    """Check and store one new version (1 + the highest of this audit, kind and title) and
    record it. The caller holds the audit's lock and has checked the workflow and permission."""
    extension, content_type = document_check(file)
    title = title.strip()
    latest = (
        AuditDocument.objects.filter(audit=audit, kind=kind, title=title)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    original = PurePath(file.name).name
    document = AuditDocument(
        audit=audit,
        kind=kind,
        title=title,
        phase=phase,
        version=(latest or 0) + 1,
        original_name=original[-200:],
        extension=extension,
        content_type=content_type,
        size=file.size,
        sha256=sha256_of(file),
        uploaded_by=by,
    )
    # the storage never overwrites: an existing name gets a fresh suffix
    document.file = File(file, name=original[-100:])
    document.full_clean()
    document.save()
    record_event(
        AuditEvent.Type.DOCUMENT_UPLOADED,
        by=by,
        audit=audit,
        from_status=audit.status,
        to_status=audit.status,
        data={
            "document": document.pk,
            "kind": kind,
            "title": title,
            "version": document.version,
            "phase": phase,
            "size": document.size,
            "sha256": document.sha256,
        },
    )
    return document


@transaction.atomic
def document_upload(
    *, audit: Audit, kind: str, title: str, phase: int | None, file: Any, by: Any
) -> AuditDocument:
    """Add a version of a document while the audit is being worked on; older versions stay."""
    audit = Audit.objects.select_for_update().select_related("region").get(pk=audit.pk)
    if not upload_allowed_status(audit.status):
        workflow.audit_step(audit.status, workflow.AuditAction.WORK)  # raises the 409
    ensure_allowed(by, UPLOAD_PERM, audit)
    if kind == AuditDocument.Kind.REPORT:
        raise DomainError(
            "document.report_via_submission",
            _("The audit report is uploaded when it is submitted."),
            fields={"kind": [_("Choose another kind.")]},
        )
    if not title.strip():
        raise DomainError(
            "document.title_required",
            _("Give the document a title."),
            fields={"title": [_("This field is required.")]},
        )
    return document_store(audit=audit, kind=kind, title=title, phase=phase, file=file, by=by)
