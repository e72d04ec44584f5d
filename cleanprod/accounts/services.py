"""Writes about people: creating accounts, granting and revoking roles, unlocking sign-in,
syncing role data."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.models import Role, RoleAssignment, User
from cleanprod.accounts.policies import can, ensure_allowed
from cleanprod.accounts.roles import ROLES
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


def roles_sync() -> int:
    """Make the Role rows match `roles.py`; returns the number of roles. Idempotent."""
    # Roles name permissions of apps migrated after this one: make sure they all exist.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for slug, spec in ROLES.items():
        role, _created = Role.objects.update_or_create(
            slug=slug, defaults={"is_admin": spec.is_admin, "party": spec.party}
        )
        perms = []
        for name in spec.perms:
            app_label, codename = name.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is None:
                raise DomainError("roles.unknown_permission", f"{slug}: no permission {name}")
            perms.append(perm)
        role.permissions.set(perms)
    return len(ROLES)


def _check_admin_exclusive(user: User, role: Role) -> None:
    """三权分立: an administrator role is held alone, by one person, and never with another."""
    held = {a.role.slug: a.role for a in user.assignments.select_related("role")}
    others = {slug: r for slug, r in held.items() if slug != role.slug}
    if role.is_admin and others:
        raise DomainError(
            "accounts.admin_role_exclusive",
            _(
                "%(user)s already holds the role %(held)s; an administrator role cannot be held "
                "together with any other role."
            )
            % {"user": user.username, "held": ", ".join(sorted(others))},
            fields={"role": [role.slug]},
        )
    admin_held = [r for r in others.values() if r.is_admin]
    if admin_held:
        raise DomainError(
            "accounts.admin_role_exclusive",
            _(
                "%(user)s holds the administrator role %(held)s, which cannot be combined with "
                "another role."
            )
            % {"user": user.username, "held": admin_held[0].slug},
            fields={"role": [role.slug]},
        )


def _check_region_fits(user: User, region: Region) -> None:
    if user.region is not None and not region.path.startswith(user.region.path):
        raise DomainError(
            "accounts.region_outside_home",
            _("A role can only be granted in the account's own region (%(home)s) or below it.")
            % {"home": user.region},
            fields={"region": [region.code]},
        )


def _ensure_may_assign(by: Any, user: User, region: Region) -> None:
    """A person (scripts pass `by=None`) may grant only where they hold `assign_role`, both
    over the account and over the region of the role."""
    if by is None:
        return
    ensure_allowed(by, "accounts.assign_role", user)
    if not can(by, "accounts.assign_role", region):
        raise PermissionDenied("accounts.assign_role")


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: Role,
    region: Region,
    by: Any = None,
    party_id: int | None = None,
    include_descendants: bool = True,
) -> RoleAssignment:
    """Grant `role` in `region`; refuses a second administrator role or a mixed admin holder."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _ensure_may_assign(by, user, region)
    _check_admin_exclusive(user, role)
    _check_region_fits(user, region)
    if not region.is_current:
        raise DomainError(
            "accounts.region_not_current",
            _("%(region)s is no longer in force.") % {"region": region},
            fields={"region": [region.code]},
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        region=region,
        defaults={
            "is_admin": role.is_admin,
            "party_id": party_id,
            "granted_by": by,
            "include_descendants": include_descendants,
        },
    )
    if created:
        trail_record(
            TrailEvent.Action.ROLE_GRANTED,
            by=by,
            obj=user,
            region_path=region.path,
            details={"role": role.slug, "region": region.code},
        )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by: Any = None) -> None:
    """Take a role back."""
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("user", "role", "region")
        .get(pk=assignment.pk)
    )
    _ensure_may_assign(by, assignment.user, assignment.region)
    trail_record(
        TrailEvent.Action.ROLE_REVOKED,
        by=by,
        obj=assignment.user,
        region_path=assignment.region.path,
        details={"role": assignment.role.slug, "region": assignment.region.code},
    )
    assignment.delete()


@transaction.atomic
def account_unlock(*, user: User, by: Any = None) -> int:
    """Lift a sign-in lock before its 30 minutes are over; returns the attempts cleared."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if by is not None:
        ensure_allowed(by, "accounts.assign_role", user)
    cleared = axes_reset(username=user.username)
    trail_record(
        TrailEvent.Action.ACCOUNT_UNLOCKED,
        by=by,
        obj=user,
        region_path=user.region.path if user.region else "",
        details={"attempts_cleared": cleared},
    )
    return cleared


def account_is_locked(user: User) -> bool:
    """True while the person is locked out by failed sign-ins."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        username=user.username,
        attempt_time__gte=since,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    ).exists()


@transaction.atomic
def account_create(
    *,
    username: str,
    password: str,
    region: Region,
    role: Role,
    by: Any = None,
    display_name: str = "",
    organisation: str = "",
    email: str = "",
    party_id: int | None = None,
) -> User:
    """Create an account with its first role; the password must pass the policy."""
    if User.objects.filter(username=username).exists():
        raise DomainError(
            "accounts.username_taken",
            _("The user name %(name)s is taken.") % {"name": username},
            fields={"username": [username]},
        )
    user = User(
        username=username,
        region=region,
        display_name=display_name,
        organisation=organisation,
        email=email,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(
            "accounts.password_policy",
            " ".join(exc.messages),
            fields={"password": list(exc.messages)},
        ) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    trail_record(
        TrailEvent.Action.ACCOUNT_CREATED,
        by=by,
        obj=user,
        region_path=region.path,
        details={"role": role.slug},
    )
    role_grant(user=user, role=role, region=region, by=by, party_id=party_id)
    return user


@transaction.atomic
def role_bind_party(*, assignment: RoleAssignment, party_id: int, by: Any = None) -> None:
    """Bind an enterprise, agency or expert role to the object the person acts for."""
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("role", "region", "user")
        .get(pk=assignment.pk)
    )
    if not assignment.role.party:
        raise DomainError(
            "accounts.not_a_party_role",
            _("%(role)s does not act for an enterprise, agency or expert.")
            % {"role": assignment.role.label},
        )
    _ensure_may_assign(by, assignment.user, assignment.region)
    assignment.party_id = party_id
    assignment.save(update_fields=["party_id"])
    trail_record(
        TrailEvent.Action.ROLE_GRANTED,
        by=by,
        obj=assignment.user,
        region_path=assignment.region.path,
        details={
            "role": assignment.role.slug,
            "party": assignment.role.party,
            "party_id": party_id,
        },
    )
