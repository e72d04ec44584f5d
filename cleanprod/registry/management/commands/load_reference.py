"""Load GB/T 4754-2017 and the bundled national industry catalogues; safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from cleanprod.registry.services.industries import catalogues_seed, industries_load


class Command(BaseCommand):
    help = "Load the industry classification and the national industry catalogues."

    def handle(self, *args: Any, **options: Any) -> None:
        added = industries_load()
        catalogues = catalogues_seed()
        self.stdout.write(f"industries: {added} added; catalogues: {catalogues} created")
