"""Build a synthetic national enterprise registry for benchmarks.

    python manage.py synth --enterprises 1000000 --seed 1 [--batch 5000]

Loads the bundled regions and industries first when they are missing. Deterministic for a
seed; another seed adds more enterprises, a seed already in the database is refused. See
cleanprod/registry/synth.py for the weights and what is (not) written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from cleanprod.registry.synth import SynthError, ensure_reference_data, synth_enterprises


class Command(BaseCommand):
    help = "Add N synthetic enterprises (regions and industries weighted like real ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, required=True, help="how many to add")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")

    def handle(self, *args: Any, enterprises: int, seed: int, batch: int, **options: Any) -> None:
        loaded = ensure_reference_data()
        if loaded:
            self.stdout.write(f"loaded the bundled {' and '.join(loaded)}")
        self.stdout.write(
            f"synth: {enterprises:,} enterprises, seed {seed}, batch {batch:,}, {connection.vendor}"
        )
        try:
            result = synth_enterprises(
                n=enterprises, seed=seed, batch=batch, progress=self.stdout.write
            )
        except SynthError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"created {result.created:,} enterprises (tag {result.tag}), "
            f"{result.other_industries:,} other-industry links, {result.parks_created} parks "
            f"in {result.seconds:.1f} s: {result.rate:,.0f} rows/s"
        )
