"""Loading the official calendar from a CSV file of the shape of data/cn_holidays.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.core.errors import DomainError
from cleanprod.workdays.calendar import clear_cache

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "cn_holidays.csv"
KINDS = ("holiday", "workday")


@dataclass(frozen=True)
class Row:
    date: date
    kind: str
    name: str
    source: str


def _refuse(line: int, field: str, message: str) -> DomainError:
    text = _("Line %(line)s, %(field)s: %(message)s") % {
        "line": line,
        "field": field,
        "message": message,
    }
    return DomainError("workdays.invalid_file", text, fields={field: [text]})


def workdays_read(path: Path | str | None = None) -> list[Row]:
    """The rows of the file, all checked (a DomainError names the first bad line and field)."""
    rows: list[Row] = []
    seen: set[date] = set()
    with open(path or DEFAULT_FILE, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"date", "kind", "name"} - set(reader.fieldnames or [])
        if missing:
            raise _refuse(1, ", ".join(sorted(missing)), _("Column missing."))
        for line, raw in enumerate(reader, start=2):
            try:
                day = date.fromisoformat((raw.get("date") or "").strip())
            except ValueError:
                raise _refuse(line, "date", _("Not a date (YYYY-MM-DD).")) from None
            kind = (raw.get("kind") or "").strip()
            if kind not in KINDS:
                raise _refuse(line, "kind", _("Must be holiday or workday."))
            if kind == "workday" and day.weekday() < 5:
                raise _refuse(line, "kind", _("A make-up working day falls on a weekend."))
            name = (raw.get("name") or "").strip()
            if not name:
                raise _refuse(line, "name", _("This field is required."))
            if day in seen:
                raise _refuse(line, "date", _("This date appears twice."))
            seen.add(day)
            rows.append(Row(day, kind, name[:40], (raw.get("source") or "").strip()[:200]))
    return rows


def days_upsert(model: Any, rows: list[Row]) -> tuple[int, int]:
    """Create or update one Day per row (by date); (created, updated). `model` is the Day
    model, or its historical version inside a data migration."""
    existing = {d.date: d for d in model.objects.filter(date__in=[r.date for r in rows])}
    created = updated = 0
    new = []
    for row in rows:
        day = existing.get(row.date)
        if day is None:
            new.append(model(date=row.date, kind=row.kind, name=row.name, source=row.source))
            created += 1
        elif (day.kind, day.name, day.source) != (row.kind, row.name, row.source):
            day.kind, day.name, day.source = row.kind, row.name, row.source
            day.save(update_fields=["kind", "name", "source"])
            updated += 1
    model.objects.bulk_create(new)
    return created, updated


@transaction.atomic
def workdays_load(path: Path | str | None = None) -> tuple[int, int]:
    """Load the calendar file (the shipped one by default); idempotent, upsert by date.
    Returns (created, updated)."""
    from cleanprod.workdays.models import Day

    rows = workdays_read(path)
    result = days_upsert(Day, rows)
    transaction.on_commit(clear_cache)
    clear_cache()
    return result
