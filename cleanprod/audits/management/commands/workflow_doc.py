"""Write docs/workflows/*.md from the transition tables."""

from typing import Any

from django.core.management.base import BaseCommand

from cleanprod.audits.workflow_doc import workflow_docs_write


class Command(BaseCommand):
    help = "Generate the workflow diagrams in docs/workflows/ from the transition tables."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in workflow_docs_write():
            self.stdout.write(str(path))
