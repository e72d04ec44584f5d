"""Sign-in, sign-out, password change and the account list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from cleanprod.accounts.forms import RoleGrantForm
from cleanprod.accounts.models import Role, RoleAssignment, User
from cleanprod.accounts.roles import ROLES
from cleanprod.accounts.selectors import user_list
from cleanprod.accounts.services import (
    account_is_locked,
    account_unlock,
    role_grant,
    role_revoke,
)
from cleanprod.core.errors import DomainError
from cleanprod.core.views import ScopedObjectMixin, ScopedViewMixin
from cleanprod.regions.models import Region
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


@method_decorator(transaction.atomic, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's sign-in page; the attempt and its trail row commit together."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(ScopedViewMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("reporting:home")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        trail_record(
            TrailEvent.Action.PASSWORD_CHANGED, by=self.request.user, obj=self.request.user
        )
        return response


class UserListView(ScopedViewMixin, TemplateView):
    """Accounts in the person's jurisdiction with the roles they hold."""

    template_name = "accounts/user_list.html"
    required_perm = "accounts.view_user"
    page_size = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request: HttpRequest = self.request
        q = request.GET.get("q", "").strip()
        role = request.GET.get("role", "")
        after = request.GET.get("after", "")
        users = list(
            user_list(
                scope=request.scope,
                q=q,
                role=role,  # type: ignore[attr-defined]
                after=int(after) if after.isdigit() else None,
                limit=self.page_size + 1,
            )
        )
        more = len(users) > self.page_size
        users = users[: self.page_size]
        return super().get_context_data(
            users=users,
            q=q,
            role=role,
            roles=[(s, r.label) for s, r in ROLES.items()],
            next_after=users[-1].pk if more else None,
            **kwargs,
        )


class UserDetailView(ScopedObjectMixin, DetailView):
    """One account: its roles, sign-in state, and for the security administrator the
    buttons to grant and revoke roles and lift a lock."""

    model = User
    object_perm = "accounts.view_user"
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        account: User = self.object
        scope = self.request.scope  # type: ignore[attr-defined]
        path = account.region.path if account.region else ""
        return super().get_context_data(
            assignments=account.assignments.select_related("role", "region", "granted_by"),
            can_assign=scope.allows("accounts.assign_role", path),
            locked=account_is_locked(account),
            grant_form=kwargs.pop("grant_form", None) or RoleGrantForm(),
            **kwargs,
        )


class _AccountActionView(ScopedObjectMixin, View):
    """POST-only actions on one account; refusals come back as a message on its page."""

    model = User
    object_perm = "accounts.assign_role"

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        account = self.get_object()
        try:
            notice = self.act(account, request, **kwargs)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, notice)
        return HttpResponseRedirect(reverse("accounts:detail", args=[account.pk]))

    def act(self, account: User, request: HttpRequest, **kwargs: Any) -> str:
        raise NotImplementedError


class RoleGrantView(_AccountActionView):
    def act(self, account: User, request: HttpRequest, **kwargs: Any) -> str:
        form = RoleGrantForm(request.POST)
        if not form.is_valid():
            raise DomainError("invalid", " ".join(m for e in form.errors.values() for m in e))
        region = Region.objects.current().filter(code=form.cleaned_data["region"]).first()
        if region is None:
            raise DomainError(
                "regions.unknown",
                _("No region in force has the code %(code)s.")
                % {"code": form.cleaned_data["region"]},
            )
        role = Role.objects.get(slug=form.cleaned_data["role"])
        role_grant(user=account, role=role, region=region, by=request.user)
        return _("Granted %(role)s in %(region)s.") % {"role": role.label, "region": region}


class RoleRevokeView(_AccountActionView):
    def act(self, account: User, request: HttpRequest, **kwargs: Any) -> str:
        assignment = get_object_or_404(RoleAssignment, pk=kwargs["assignment"], user=account)
        role_revoke(assignment=assignment, by=request.user)
        return _("Revoked %(role)s in %(region)s.") % {
            "role": assignment.role.label,
            "region": assignment.region,
        }


class AccountUnlockView(_AccountActionView):
    def act(self, account: User, request: HttpRequest, **kwargs: Any) -> str:
        account_unlock(user=account, by=request.user)
        return _("The account can sign in again.")
