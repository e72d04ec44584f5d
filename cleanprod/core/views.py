"""Base views: the scoped mixins every UI view inherits, and JSON error pages for the API."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from cleanprod.core.api import error_body
from cleanprod.core.scoping import get_in_scope_or_404, resolve_perm


class ScopedViewMixin(LoginRequiredMixin):
    """A signed-in page whose reads start from `request.scope`.

    `required_perm` (a codename) must be held somewhere in the person's scope, else 403.
    """

    required_perm: ClassVar[str | None] = None
    scoped: ClassVar[bool] = True
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_perm and not any(request.scope.grants(self.required_perm)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin(ScopedViewMixin):
    """A page about one object: looked up only inside the person's scope."""

    model: Any
    object_perm: ClassVar[str] = "view"
    slug_field = "pk"
    slug_url_kwarg = "pk"
    kwargs: dict[str, Any]

    def get_object(self, queryset: Any = None) -> Any:
        return get_in_scope_or_404(
            self.model,
            self.request.scope,
            resolve_perm(self.model, self.object_perm),
            **{self.slug_field: self.kwargs[self.slug_url_kwarg]},
        )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        body = error_body("permission_denied", _("You do not have permission to do this."))
        return JsonResponse(body, status=403)
    return defaults.permission_denied(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("bad_request", _("Bad request.")), status=400)
    return defaults.bad_request(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        body = error_body("csrf_failed", _("The request was refused: CSRF check failed."))
        return JsonResponse(body, status=403)
    from django.views.csrf import csrf_failure as default_csrf_failure

    return default_csrf_failure(request, reason)
