"""Import a registry spreadsheet, or write its template.

    python manage.py import_registry enterprises FILE.xlsx [--dry-run] [--user NAME]
    python manage.py import_registry enterprises --template FILE.xlsx

Exits non-zero when the file is refused; every problem is printed as row, column and reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cleanprod.accounts.models import User
from cleanprod.core.errors import DomainError
from cleanprod.core.excel import format_error, read_workbook, write_template
from cleanprod.registry.imports import REGISTRIES, run_import


class Command(BaseCommand):
    help = "Import a registry from an .xlsx file (all or nothing), or write its template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("registry", choices=sorted(REGISTRIES))
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--template", type=Path, help="write the template to this file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--user", help="act as this account (its scope applies)")

    def handle(
        self,
        *args: Any,
        registry: str,
        file: Path | None,
        template: Path | None,
        dry_run: bool,
        user: str | None,
        **options: Any,
    ) -> None:
        spec = REGISTRIES[registry]
        if template is not None:
            with template.open("wb") as out:
                write_template(spec.spec, out, examples=[spec.example])
            self.stdout.write(f"template written to {template}")
            return
        if file is None:
            raise CommandError("give FILE.xlsx to import, or --template FILE.xlsx")
        by = User.objects.filter(username=user).first() if user else None
        if user and by is None:
            raise CommandError(f"no account {user}")
        try:
            sheet = read_workbook(file, spec.spec)
        except DomainError as refused:
            raise CommandError(refused.message) from refused
        result = run_import(registry, sheet, by=by, dry_run=dry_run)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(format_error(error))
            raise CommandError(f"{len(result.errors)} problems in {file}; nothing was written")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{verb} {result.total} rows: {result.created} new, "
            f"{result.updated} changed, {result.unchanged} unchanged"
        )
