"""Users, roles as data, role assignments per region, the scope of each person and policies."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: Any, **kwargs: Any) -> None:
    from cleanprod.accounts.services import roles_sync

    roles_sync()


class AccountsConfig(AppConfig):
    name = "cleanprod.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from cleanprod.accounts import receivers  # noqa: F401  (connects the sign-in receivers)

        # Roles are data: after every migrate the Role rows match roles.py.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="cleanprod.sync_roles")
