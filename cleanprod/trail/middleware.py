"""Binds the source IP and a request ID for the trail; echoes the ID in a response header."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cleanprod.trail import context


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy, the proxy must set REMOTE_ADDR (e.g. uWSGI/gunicorn forwarded
    # allow-list); X-Forwarded-For is never trusted here, as it is set by the client.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.bind(client_ip(request))
        try:
            response = self.get_response(request)
            ctx = context.current()
            if ctx is not None:
                response["X-Request-ID"] = ctx.request_id
            return response
        finally:
            context.unbind(token)
