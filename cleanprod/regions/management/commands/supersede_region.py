"""Retire a region code in favour of its successor (rename with a new code, merger)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.regions.services import region_supersede


class Command(BaseCommand):
    help = "Mark region OLD as superseded by NEW from a date; OLD's records stay reachable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("old")
        parser.add_argument("new")
        parser.add_argument("--date", type=datetime.date.fromisoformat, required=True)

    def handle(self, *args: Any, old: str, new: str, date: datetime.date, **opts: Any) -> None:
        try:
            old_region = Region.objects.current().get(code=old)
            new_region = Region.objects.current().get(code=new)
            region = region_supersede(old=old_region, new=new_region, on=date)
        except Region.DoesNotExist as exc:
            raise CommandError(f"no region in force with code {old} or {new}") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{region} superseded by {new_region} from {date:%Y-%m-%d}")
