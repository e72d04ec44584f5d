"""Template context: the navigation for the signed-in person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cleanprod.accounts.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "scope"):
        return {"nav": []}
    return {"nav": nav_for(request.scope), "scope": request.scope}  # type: ignore[attr-defined]
