"""API conventions: one error shape for every 4xx, one pagination, the scoped viewset."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from cleanprod.core.errors import DomainError
from cleanprod.core.scoping import get_in_scope_or_404


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "fields": fields or {}}


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, list):
        return [m for item in detail for m in _messages(item)]
    if isinstance(detail, dict):
        return [m for item in detail.values() for m in _messages(item)]
    return [str(detail)]


def _fields(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {
            key: (_fields(value) if isinstance(value, dict) else _messages(value))
            for key, value in detail.items()
        }
    return {"non_field_errors": _messages(detail)}


_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: "auth.not_authenticated",
    exceptions.AuthenticationFailed: "auth.failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map DomainError, ValidationError, PermissionDenied and NotFound to one JSON shape."""
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _("The input is not valid."), _fields(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        code = next((c for k, c in _CODES.items() if isinstance(exc, k)), "error")
        response.data = error_body(code, " ".join(_messages(exc.detail)))
    return response


class CursorPagination(pagination.CursorPagination):
    """Keyset paging: constant time at any depth, no count over the whole table."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-pk"


class ScopedViewSetMixin:
    """Builds every queryset from the person's scope; out of scope is 404, no permission 403.

    `scope_perm` is the permission for reading; detail lookups distinguish "not covered"
    (404) from "covered but not permitted" (403).
    """

    scope_perm: ClassVar[str] = "view"
    request: Request
    queryset: Any
    lookup_field: str
    kwargs: dict[str, Any]

    def get_queryset(self) -> Any:
        return self.queryset.model.objects.in_scope(self.request.scope, self.scope_perm)

    def get_object(self) -> Any:
        model = self.queryset.model
        lookup = {self.lookup_field: self.kwargs[self.lookup_field]}
        obj = get_in_scope_or_404(model, self.request.scope, self.scope_perm, **lookup)
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj
