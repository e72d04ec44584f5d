"""Measure the registry against the goals of PERFORMANCE.md on the data in the database.

    python manage.py bench registry [--requests 300] [--case-seconds 60]
        [--import-rows 10000] [--import-repeat 3] [--export-rows 100000] [--json]

Build the data first with `manage.py synth`. Progress goes to stderr; the table (or, with
--json, one JSON document) to stdout. What is measured and how: cleanprod/registry/bench.py.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cleanprod.registry.bench import BenchError, render, run


class Command(BaseCommand):
    help = "Benchmark lists, search, import and export of the registry (PERFORMANCE.md §2)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", choices=["registry"])
        parser.add_argument("--requests", type=int, default=300, help="timed requests per case")
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--export-rows", type=int, default=100_000)
        parser.add_argument(
            "--case-seconds",
            type=float,
            default=60.0,
            help="time budget per case; a slower case stops early (at least 20 samples)",
        )
        parser.add_argument(
            "--import-repeat", type=int, default=3, help="import rounds (median reported)"
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(
        self,
        *args: Any,
        requests: int,
        import_rows: int,
        export_rows: int,
        case_seconds: float,
        import_repeat: int,
        json: bool,
        **options: Any,
    ) -> None:
        if min(requests, import_rows, export_rows, import_repeat) < 1:
            raise CommandError("the counts given must be ≥ 1")

        def echo(line: str) -> None:
            self.stderr.write(line, style_func=lambda text: text)

        try:
            report = run(
                requests=requests,
                import_rows=import_rows,
                export_rows=export_rows,
                budget=case_seconds,
                repeat=import_repeat,
                echo=echo,
            )
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            self.stdout.write(render(report))


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
