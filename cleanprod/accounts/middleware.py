"""Per-request: the person's scope (lazily), and the session limits a security review asks for:
30 minutes idle (15 for the three administrators), 8 hours absolute.

The idle clock is the session's expiry, pushed on whenever the session is saved. Saving it on
every request (`SESSION_SAVE_EVERY_REQUEST`) costs an UPDATE and a COMMIT per request; instead
the session is touched when the last touch is `SESSION_TOUCH_SECONDS` (60) old or more, so
the idle limit holds to within a minute and a busy person's requests write nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cleanprod.accounts.receivers import AUTH_AT
from cleanprod.accounts.scope import request_scope
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


class ScopeMiddleware:
    """`request.scope`, computed on first use from whoever the request is authenticated as
    (for API token requests DRF sets the user before the view reads the scope)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: request_scope(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)


SEEN_AT = "cleanprod_seen_at"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(AUTH_AT)
            if started is None:
                request.session[AUTH_AT] = int(time.time())
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                trail_record(
                    TrailEvent.Action.SESSION_EXPIRED,
                    by=user,
                    obj=user,
                    details={"limit": "absolute"},
                )
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "code": "auth.session_expired",
                            "message": _("Your session has expired; please sign in again."),
                            "fields": {},
                        },
                        status=401,
                    )
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            now = int(time.time())
            if now - request.session.get(SEEN_AT, 0) >= settings.SESSION_TOUCH_SECONDS:
                request.session[SEEN_AT] = now  # the save pushes the idle expiry on
                if request.scope.is_admin:  # type: ignore[attr-defined]
                    request.session.set_expiry(settings.SESSION_ADMIN_IDLE_SECONDS)
        return self.get_response(request)
