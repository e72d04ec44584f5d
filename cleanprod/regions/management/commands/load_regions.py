"""Load (or refresh) the administrative-division tree from the bundled or a given CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cleanprod.core.errors import DomainError
from cleanprod.regions.services import BUNDLED_FILE, read_region_file, regions_load


class Command(BaseCommand):
    help = "Load GB/T 2260 regions (province, prefecture, county); safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=BUNDLED_FILE,
            help="CSV with columns code,name,level,parent_code",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            result = regions_load(rows=read_region_file(file))
        except DomainError as exc:
            raise CommandError("\n".join([exc.message, *exc.fields.get("rows", [])])) from exc
        self.stdout.write(
            f"regions: {result.created} created, {result.renamed} renamed, "
            f"{result.unchanged} unchanged"
        )
