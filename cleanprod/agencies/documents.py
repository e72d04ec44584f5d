"""Filing documents: PDF, Office or an image whose first bytes match its extension, at most
20 MB (the checks of `core.uploads`), so a renamed executable never gets stored."""

from __future__ import annotations

from typing import Any

from cleanprod.core.uploads import PAPERS, file_check, sha256_of

MAX_BYTES = 20 * 1024 * 1024

__all__ = ["MAX_BYTES", "filing_document_check", "sha256_of"]


def filing_document_check(file: Any) -> tuple[str, str]:
    """(extension, content type) once size and first bytes fit the extension; else DomainError."""
    return file_check(file, max_bytes=MAX_BYTES, allowed=PAPERS, field="documents")
