"""People, their roles and where they hold them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cleanprod.core.scoping import ScopedQuerySet
from cleanprod.regions.models import Region


class UserQuerySet(ScopedQuerySet["User"]):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


def new_scope_stamp() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    """A person who signs in. Their home `region` places the account itself in the tree
    (officials of a county see that county's accounts); what they may do comes from roles."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # A new random value whenever what makes up the person's scope changes (their role
    # assignments, or the permissions of a role they hold): `accounts.scope` caches scopes
    # per process under (id, stamp), so a change takes effect with the next request.
    scope_stamp = models.CharField(
        _("scope stamp"), max_length=32, default=new_scope_stamp, editable=False
    )

    objects = UserManager()
    scope_region = "region__path"

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        permissions = [("assign_role", _("Can grant and revoke roles"))]

    def __str__(self) -> str:
        return self.display_name or self.username

    def role_slugs(self) -> set[str]:
        return set(self.assignments.values_list("role__slug", flat=True))


class Role(models.Model):
    """A role as data (see `roles.py`): a named set of permissions. Admin roles are exclusive."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    is_admin = models.BooleanField(_("administrator role"), default=False)
    party = models.CharField(_("acts for"), max_length=20, blank=True)
    permissions = models.ManyToManyField(Permission, verbose_name=_("permissions"), blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        from cleanprod.accounts.roles import ROLES

        spec = ROLES.get(self.slug)
        return str(spec.label) if spec else self.slug


class RoleAssignment(models.Model):
    """`user` holds `role` in `region` (and, with `include_descendants`, everywhere below it).
    Enterprise, agency and expert roles are bound to the object they act for through
    `party_id`; those registries arrive in later releases and link here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    include_descendants = models.BooleanField(_("covers the regions below"), default=True)
    is_admin = models.BooleanField(_("administrator role"), default=False, editable=False)
    party_id = models.PositiveBigIntegerField(_("acts for (object ID)"), null=True, blank=True)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_region = "region__path"

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="assignment_unique"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_admin=True), name="assignment_one_admin_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.region}"


class PasswordHistory(models.Model):
    """Hashes of a person's recent passwords, so the last five cannot be reused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        ordering = ["-id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class NoticeQuerySet(models.QuerySet["Notice"]):
    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message to one person in the platform (站内通知): list publication, reminders, overdue
    alerts. `key` makes sending idempotent: the same notice is never sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    key = models.CharField(_("key"), max_length=120)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notice_once_per_key")
        ]

    def __str__(self) -> str:
        return self.subject
