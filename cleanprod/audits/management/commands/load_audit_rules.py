"""Seed the national defaults of the legal clock, lead departments and audit policy
(idempotent; provinces then override them as configuration)."""

from typing import Any

from django.core.management.base import BaseCommand

from cleanprod.audits.services.config import rules_seed_national


class Command(BaseCommand):
    help = "Seed the national default deadline rules, lead departments and audit policy."

    def handle(self, *args: Any, **options: Any) -> None:
        created = rules_seed_national()
        self.stdout.write(f"audit rules: {created} created")
