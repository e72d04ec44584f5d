"""Checks every uploaded document passes, whatever it belongs to (audit documents, expert
applications, agency filings): an allowed extension, a size within the limit, and first bytes
that match the extension (an OOXML file must also be a real Office package), so a renamed
executable or a polyglot is refused before anything is stored; and the content hash."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import IO, Any

from django.utils.translation import gettext as _

from cleanprod.core.errors import DomainError

PDF, OOXML, OLE, PNG, JPEG = "pdf", "ooxml", "ole", "png", "jpeg"
# extension → (signature family, content type)
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
# what expert applications and agency filings take (audits also take PowerPoint and WPS)
PAPERS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")


def _is_ooxml(handle: IO[bytes], extension: str) -> bool:
    try:
        names = zipfile.ZipFile(handle).namelist()  # the directory only; nothing is unpacked
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(
        n.startswith(OOXML_PARTS[extension]) for n in names
    )


def _kinds(allowed: Iterable[str]) -> str:
    families = {EXTENSIONS[e][0] for e in allowed}
    names = []
    if PDF in families:
        names.append("PDF")
    if families & {OLE, OOXML}:
        office = ["Word", "Excel"]
        if ".ppt" in allowed or ".pptx" in allowed:
            office.append("PowerPoint")
        if ".wps" in allowed:
            office.append("WPS")
        names.append(_("Office (%(apps)s)") % {"apps": ", ".join(office)})
    if JPEG in families:
        names.append("JPEG")
    if PNG in families:
        names.append("PNG")
    return ", ".join(names)


def file_check(
    file: Any,
    *,
    max_bytes: int,
    allowed: Iterable[str] = tuple(EXTENSIONS),
    field: str = "file",
) -> tuple[str, str]:
    """The file's extension and content type, once its extension is allowed, its size within
    `max_bytes` and its first bytes fit the extension; DomainError (on `field`) otherwise."""
    allowed = tuple(allowed)

    def refuse(code: str, message: str) -> DomainError:
        return DomainError(code, message, fields={field: [message]})

    extension = PurePath(getattr(file, "name", "") or "").suffix.lower()
    if extension not in allowed:
        raise refuse(
            "document.type_not_allowed",
            _("Only these files are accepted: %(kinds)s.") % {"kinds": _kinds(allowed)},
        )
    if file.size is None or file.size > max_bytes:
        raise refuse(
            "document.too_large",
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
        )
    if file.size == 0:
        raise refuse("document.empty", _("The file is empty."))
    family, content_type = EXTENSIONS[extension]
    file.seek(0)
    matches = file.read(8).startswith(MAGIC[family])
    file.seek(0)
    if matches and family == OOXML:
        matches = _is_ooxml(file, extension)
        file.seek(0)
    if not matches:
        raise refuse(
            "document.content_mismatch",
            _("The content of the file is not a %(ext)s file; check the file and its name.")
            % {"ext": extension.lstrip(".").upper()},
        )
    return extension, content_type


def sha256_of(file: Any) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
