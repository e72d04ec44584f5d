"""The yearly re-evaluation of the expert pool, run daily (or by hand for a given date):

python manage.py reevaluate_experts [--date 2027-01-15]
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cleanprod.experts.services import reevaluation_run


class Command(BaseCommand):
    help = "Renew or flag the experts whose re-evaluation date has come."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run for (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(opts["date"])
                if opts.get("date")
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(f"not a date: {opts['date']}") from exc
        summary = reevaluation_run(today=today)
        self.stdout.write(
            f"{today}: renewed {len(summary.renewed)}, flagged {len(summary.flagged)}"
            + (f" ({', '.join(summary.flagged)})" if summary.flagged else "")
        )
