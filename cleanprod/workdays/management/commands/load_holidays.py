"""manage.py load_holidays [FILE]: add or update the official calendar from a CSV file
(date,kind,name,source), e.g. next year's State Council notice; the shipped file by default."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cleanprod.core.errors import DomainError
from cleanprod.workdays.services import workdays_load


class Command(BaseCommand):
    help = "Load public holidays and make-up working days from a CSV file (upsert by date)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default=None, help="CSV: date,kind,name,source")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created, updated = workdays_load(options["file"])
        except (DomainError, OSError) as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"{created} days created, {updated} updated")
