"""The one domain error: a stable English code plus a translated message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A broken business rule. `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class TransitionNotAllowed(DomainError):
    """A workflow step the current status does not allow (409)."""

    status = 409
