"""What an expert's document may be: PDF, Office or an image whose first bytes match its
extension, at most 20 MB (the checks of `core.uploads`)."""

from __future__ import annotations

from typing import Any

from cleanprod.core.uploads import PAPERS, file_check, sha256_of

MAX_BYTES = 20 * 1024 * 1024

__all__ = ["MAX_BYTES", "document_check", "sha256_of"]


def document_check(file: Any) -> str:
    """The file's extension once its size and first bytes fit it; DomainError otherwise."""
    return file_check(file, max_bytes=MAX_BYTES, allowed=PAPERS)[0]
