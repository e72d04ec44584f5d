"""Measure the registry against the goals of PERFORMANCE.md on the data in the database.

    python manage.py bench registry [--requests 300] [--case-seconds 60]
        [--import-rows 10000] [--import-repeat 3] [--export-rows 100000] [--json]
        [--http | --no-http] [--http-requests 3000] [--http-concurrency 8]
        [--http-workers N] [--http-settings config.settings.production] [--only http]

Build the data first with `manage.py synth`. Progress goes to stderr; the table (or, with
--json, one JSON document) to stdout. What is measured and how: cleanprod/registry/bench.py,
and for the section through gunicorn (P8 at 8 clients, P9) cleanprod/registry/bench_http.py.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cleanprod.registry.bench import BenchError, render, run
from cleanprod.registry.bench_http import HttpOptions


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
        parser.add_argument(
            "--http",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="the section through gunicorn (P8 at c clients, P9); by default it runs "
            "where a server can share the data and says why it is skipped elsewhere; --http "
            "makes that an error, --no-http skips it",
        )
        parser.add_argument(
            "--http-requests", type=int, default=3000, help="requests per case at c=1 and at c"
        )
        parser.add_argument("--http-concurrency", type=int, default=8, help="clients (c)")
        parser.add_argument(
            "--http-workers", type=int, default=None, help="gunicorn workers (default: its config)"
        )
        parser.add_argument(
            "--http-settings",
            default="config.settings.production",
            help="settings module of the server (DEBUG must be off)",
        )
        parser.add_argument(
            "--only", choices=["http"], default=None, help="run only this section (and set-up)"
        )

    def handle(
        self,
        *args: Any,
        requests: int,
        import_rows: int,
        export_rows: int,
        case_seconds: float,
        import_repeat: int,
        json: bool,
        http: bool | None,
        http_requests: int,
        http_concurrency: int,
        http_workers: int | None,
        http_settings: str,
        only: str | None,
        **options: Any,
    ) -> None:
        counts = [requests, import_rows, export_rows, import_repeat, http_requests]
        counts += [http_concurrency] + ([http_workers] if http_workers is not None else [])
        if min(counts) < 1:
            raise CommandError("the counts given must be ≥ 1")
        if only == "http" and http is False:
            raise CommandError("--only http and --no-http leave nothing to run")
        http_options = None
        if http is not False:
            http_options = HttpOptions(
                requests=http_requests,
                concurrency=http_concurrency,
                settings=http_settings,
                workers=http_workers,
                required=bool(http),
            )

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
                http=http_options,
                only_http=only == "http",
            )
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            self.stdout.write(render(report))


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
