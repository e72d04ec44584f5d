"""django-axes' lockout check, marking requests refused because the account was *already*
locked, so the trail can tell them from the failure that caused the lock."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied

ALREADY_LOCKED = "cleanprod_already_locked"


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            if request is not None:
                setattr(request, ALREADY_LOCKED, True)
            raise
