"""The notices inbox at /accounts/notices/: the signed-in person's own notices, newest first,
with the unread count; open one (marks it read and follows its link) or mark all read."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from cleanprod.accounts.models import Notice
from cleanprod.accounts.notices import (
    notice_mark_read,
    notices_for,
    notices_mark_all_read,
    unread_count,
)
from cleanprod.core.views import ScopedViewMixin


def _own_notice(request: HttpRequest, pk: int) -> Notice:
    """Only the recipient reaches a notice; anyone else gets 404."""
    notice = Notice.objects.filter(recipient=request.user, pk=pk).first()
    if notice is None:
        raise Http404
    return notice


class NoticeListView(ScopedViewMixin, TemplateView):
    template_name = "accounts/notices.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unread_only = self.request.GET.get("unread") == "1"
        return super().get_context_data(
            notices=notices_for(user=self.request.user, unread_only=unread_only),
            unread=unread_count(user=self.request.user),
            unread_only=unread_only,
            **kwargs,
        )


class NoticeOpenView(ScopedViewMixin, View):
    """POST: mark the notice read; htmx gets the row back, a plain form follows the link."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = notice_mark_read(notice=_own_notice(request, pk), by=request.user)
        if getattr(request, "htmx", False):
            context = {"n": notice, "unread": unread_count(user=request.user)}
            return render(request, "accounts/_notice_read.html", context)
        safe = notice.link and url_has_allowed_host_and_scheme(
            notice.link, allowed_hosts={request.get_host()}
        )
        if safe and request.POST.get("follow") == "1":
            return HttpResponseRedirect(notice.link)
        return HttpResponseRedirect(reverse("accounts:notices"))


class NoticeReadAllView(ScopedViewMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        notices_mark_all_read(by=request.user)
        return HttpResponseRedirect(reverse("accounts:notices"))


urlpatterns = [
    path("", NoticeListView.as_view(), name="notices"),
    path("<int:pk>/read/", NoticeOpenView.as_view(), name="notice_read"),
    path("read-all/", NoticeReadAllView.as_view(), name="notices_read_all"),
]
