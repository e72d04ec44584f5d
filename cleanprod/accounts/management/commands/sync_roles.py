"""Apply roles.py to the Role rows (also done after every migrate)."""

from typing import Any

from django.core.management.base import BaseCommand

from cleanprod.accounts.services import roles_sync


class Command(BaseCommand):
    help = "Make the roles in the database match cleanprod/accounts/roles.py."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"roles: {roles_sync()} in sync")
