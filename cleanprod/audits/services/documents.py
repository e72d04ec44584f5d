"""Documents of an audit, uploaded per phase: type and size checked (the content must match
the extension), hashed, versioned per (audit, kind, title) and never overwritten."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits import workflow
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditDocument, AuditEvent
from cleanprod.core.errors import DomainError

MAX_BYTES = 50 * 1024 * 1024
UPLOAD_PERM = "audits.add_auditdocument"

# extension → (signature family, content type)
PDF, OOXML, OLE, PNG, JPEG = "pdf", "ooxml", "ole", "png", "jpeg"
EXTENSIONS: dict[str, tuple[str, str]] = {
    ".pdf": (PDF, "application/pdf"),
    ".doc": (OLE, "application/msword"),
    ".xls": (OLE, "application/vnd.ms-excel"),
    ".ppt": (OLE, "application/vnd.ms-powerpoint"),
    ".wps": (OLE, "application/vnd.ms-works"),
    ".docx": (
        OOXML,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (OOXML, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (
        OOXML,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".jpg": (JPEG, "image/jpeg"),
    ".jpeg": (JPEG, "image/jpeg"),
    ".png": (PNG, "image/png"),
}
# the folder an OOXML package keeps its main part in
OOXML_PARTS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
MAGIC = {
    PDF: b"%PDF-",
    OLE: bytes.fromhex("D0CF11E0A1B11AE1"),
    PNG: b"\x89PNG\r\n\x1a\n",
    JPEG: b"\xff\xd8\xff",
    OOXML: b"PK\x03\x04",
}


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


def _refuse(code: str, message: str) -> DomainError:
    return DomainError(code, message, fields={"file": [message]})


def _is_ooxml(handle: IO[bytes], extension: str) -> bool:
    try:
        names = zipfile.ZipFile(handle).namelist()  # the directory only; nothing is unpacked
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(
        n.startswith(OOXML_PARTS[extension]) for n in names
    )


def document_check(file: Any) -> tuple[str, str]:
    """The file's extension and content type, once its size and first bytes fit the extension;
    DomainError otherwise."""
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise _refuse(
            "document.type_not_allowed",
            _("Only PDF, Office (Word, Excel, PowerPoint, WPS), JPEG and PNG files are accepted."),
        )
    limit = max_upload_bytes()
    if file.size is None or file.size > limit:
        raise _refuse(
            "document.too_large",
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
        )
    if file.size == 0:
        raise _refuse("document.empty", _("The file is empty."))
    family, content_type = EXTENSIONS[extension]
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    matches = head.startswith(MAGIC[family])
    if matches and family == OOXML:
        matches = _is_ooxml(file, extension)
        file.seek(0)
    if not matches:
        raise _refuse(
            "document.content_mismatch",
            _("The content of the file is not a %(ext)s file; check the file and its name.")
            % {"ext": extension.lstrip(".").upper()},
        )
    return extension, content_type


def _sha256(file: Any) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


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
        sha256=_sha256(file),
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
