"""Load the demo data and print the demo accounts."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cleanprod.accounts.roles import ROLES
from cleanprod.demo.data import ACCOUNTS, DEMO_PASSWORD
from cleanprod.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo province and accounts (idempotent) and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options.get("force"):
            raise CommandError("the demo is for local installs (DEBUG on); refusing")
        translation.activate("zh-hans")  # texts the services write (reasons, notices) in Chinese
        counts = demo_load()
        self.stdout.write(
            f"demo: {counts['regions_created']} regions, {counts['accounts_created']} accounts, "
            f"{counts['enterprises_created']} enterprises and {counts['audits_created']} audits "
            "created (existing ones kept)"
        )
        translation.activate("zh-hans")
        self.stdout.write("")
        self.stdout.write("Demo accounts — sign in at http://127.0.0.1:8000/accounts/login/")
        self.stdout.write(f"password for every demo account: {DEMO_PASSWORD}")
        for a in ACCOUNTS:
            self.stdout.write(
                f"  {a.username:<13} {a.role:<20} {a.region}  {ROLES[a.role].label} · "
                f"{a.organisation}"
            )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="load even with DEBUG off")
