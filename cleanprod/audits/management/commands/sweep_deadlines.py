"""Run the legal-clock sweep once (for cron), or start the daily task chain."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cleanprod.audits.services.sweep import deadlines_sweep
from cleanprod.audits.tasks import schedule_next_sweep


class Command(BaseCommand):
    help = (
        "Remind, mark overdue and escalate unmet audit deadlines as of --date (default: today). "
        "Idempotent. --schedule queues the daily task instead (needs `manage.py db_worker`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to sweep as, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the daily sweep task at the next 01:00 instead of sweeping now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            queued = schedule_next_sweep()
            self.stdout.write("sweep queued" if queued else "sweep already queued (or no defer)")
            return
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as bad:
            raise CommandError(f"--date: {bad}") from bad
        result = deadlines_sweep(today=today or timezone.localdate())
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.as_dict().items()))
