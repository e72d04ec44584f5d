"""Import a published mandatory list (its Excel annex) as the given official, or write the
template:

    python manage.py import_list FILE.xlsx --region 370000 --year 2026 --batch 1 \\
        --title T --authorities A --doc-number D --published-on 2026-01-31 \\
        [--due disclose=2026-03-01 ...] --user USERNAME [--dry-run]
    python manage.py import_list --template FILE.xlsx

Exits non-zero when the file or the header is refused; every problem is printed as row,
column, reason and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date

from cleanprod.audits.excel import EXAMPLE, LIST_ENTRIES, read_list_workbook
from cleanprod.audits.models import Step
from cleanprod.audits.services.list_import import ListHeader, list_import
from cleanprod.core.errors import DomainError
from cleanprod.core.excel import format_error, write_template
from cleanprod.regions.models import Region


def _date(value: str) -> date:
    parsed = parse_date(value or "")
    if parsed is None:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}")
    return parsed


def _due(values: list[str]) -> dict[str, date]:
    fixed = {}
    for item in values:
        step, _sep, day = item.partition("=")
        if step not in Step.values:
            raise CommandError(f"unknown step {step!r}; steps: {', '.join(Step.values)}")
        fixed[step] = _date(day)
    return fixed


class Command(BaseCommand):
    help = "Import a published mandatory audit list from Excel, or write its template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the .xlsx annex of the notice")
        parser.add_argument("--template", metavar="FILE", help="write the import template")
        parser.add_argument("--region", help="division code of the list's region")
        parser.add_argument("--year", type=int)
        parser.add_argument("--batch", type=int, default=1)
        parser.add_argument("--title")
        parser.add_argument("--authorities", help="issuing authorities")
        parser.add_argument("--doc-number", dest="doc_number")
        parser.add_argument("--published-on", dest="published_on", help="YYYY-MM-DD")
        parser.add_argument(
            "--due",
            action="append",
            default=[],
            metavar="STEP=YYYY-MM-DD",
            help="a date the notice fixes for a step (repeatable)",
        )
        parser.add_argument("--user", help="the importing official's username")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            write_template(LIST_ENTRIES, options["template"], examples=[EXAMPLE])
            self.stdout.write(f"template written to {options['template']}")
            return
        header, user = self._header(options)
        try:
            sheet = read_list_workbook(options["file"])
            result = list_import(sheet=sheet, header=header, by=user, dry_run=options["dry_run"])
        except DomainError as refused:
            details = "; ".join(f"{k}: {v}" for k, v in refused.fields.items())
            raise CommandError(f"{refused.code}: {refused.message} {details}".strip()) from None
        except PermissionDenied as denied:
            raise CommandError(
                f"{user} may not import lists in {header.region.code} ({denied})"
            ) from None
        for error in result.errors:
            self.stderr.write(format_error(error))
        if not result.ok:
            raise CommandError(f"{len(result.errors)} problems; nothing was written")
        if result.mandatory_list is None:
            self.stdout.write(f"dry run: {len(result.entries)} enterprises would be listed")
            return
        self.stdout.write(
            f"list {result.mandatory_list.pk} imported: {len(result.entries)} enterprises, "
            "audits opened"
        )

    def _header(self, options: dict[str, Any]) -> tuple[ListHeader, Any]:
        required = ["file", "region", "year", "title", "authorities", "doc_number"]
        required += ["published_on", "user"]
        missing = [name for name in required if not options.get(name)]
        if missing:
            raise CommandError("missing: " + ", ".join(m.replace("_", "-") for m in missing))
        region = Region.objects.current().filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"unknown region {options['region']}")
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"unknown or inactive user {options['user']}")
        header = ListHeader(
            region=region,
            year=options["year"],
            batch=options["batch"],
            title=options["title"],
            issuing_authorities=options["authorities"],
            doc_number=options["doc_number"],
            published_on=_date(options["published_on"]),
            fixed=_due(options["due"]),
        )
        return header, user
