"""Writes to the region tree: loading a division list, superseding a unit."""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cleanprod.core.errors import DomainError
from cleanprod.regions.models import ROOT_CODE, Region
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

BUNDLED_FILE = Path(__file__).parent / "data" / "gbt2260-mca-2021.csv"
CODE_RE = re.compile(r"^\d{6}$")
LEVEL_ORDER = {Region.Level.PROVINCE: 1, Region.Level.PREFECTURE: 2, Region.Level.COUNTY: 3}


@dataclass
class LoadResult:
    created: int = 0
    renamed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def read_region_file(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _validate(rows: list[dict[str, str]], known: set[str]) -> list[str]:
    errors: list[str] = []
    codes = set(known)
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        level, parent = (row.get("level") or "").strip(), (row.get("parent_code") or "").strip()
        if not CODE_RE.match(code):
            errors.append(
                _("Row %(row)s, column code: “%(value)s” is not a 6-digit code.")
                % {"row": number, "value": code}
            )
        if not name:
            errors.append(_("Row %(row)s, column name: the name is empty.") % {"row": number})
        if level not in LEVEL_ORDER:
            errors.append(
                _("Row %(row)s, column level: “%(value)s” is not one of %(choices)s.")
                % {"row": number, "value": level, "choices": ", ".join(LEVEL_ORDER)}
            )
        if level == Region.Level.PROVINCE and parent:
            errors.append(
                _("Row %(row)s, column parent_code: a province has no parent.") % {"row": number}
            )
        if level != Region.Level.PROVINCE and parent not in codes:
            errors.append(
                _(
                    "Row %(row)s, column parent_code: “%(value)s” is not a known "
                    "region listed above this row."
                )
                % {"row": number, "value": parent}
            )
        codes.add(code)
    return errors


def _root() -> Region:
    root = Region.objects.filter(code=ROOT_CODE, valid_to__isnull=True).first()
    if root is None:
        root = Region(
            code=ROOT_CODE,
            name="中华人民共和国",
            level=Region.Level.NATION,
            path=f"{ROOT_CODE}/",
            depth=0,
        )
        bulk_create_with_history([root], Region)
        root = Region.objects.get(code=ROOT_CODE, valid_to__isnull=True)
    return root


@transaction.atomic
def regions_load(*, rows: Iterable[dict[str, str]], by: Any = None) -> LoadResult:
    """Add new units and rename changed ones; all or nothing; running it twice changes nothing."""
    rows = sorted(rows, key=lambda r: LEVEL_ORDER.get((r.get("level") or "").strip(), 9))
    current = {r.code: r for r in Region.objects.current()}
    result = LoadResult(errors=_validate(rows, set(current) - {ROOT_CODE}))
    if result.errors:
        raise DomainError(
            "regions.invalid_file", _("The region file has errors."), fields={"rows": result.errors}
        )
    current[ROOT_CODE] = _root()
    for level in LEVEL_ORDER:  # parents are created before their children
        fresh: list[Region] = []
        for row in (r for r in rows if r["level"].strip() == level):
            code, name = row["code"].strip(), row["name"].strip()
            existing = current.get(code)
            if existing is None:
                parent = current[row["parent_code"].strip() or ROOT_CODE]
                fresh.append(
                    Region(
                        code=code,
                        name=name,
                        level=level,
                        parent=parent,
                        path=f"{parent.path}{code}/",
                        depth=parent.depth + 1,
                    )
                )
            elif existing.name != name:
                existing.name = name
                existing.save(update_fields=["name"])
                result.renamed += 1
            else:
                result.unchanged += 1
        if fresh:
            bulk_create_with_history(fresh, Region, batch_size=500)
            result.created += len(fresh)
            for region in Region.objects.current().filter(code__in=[r.code for r in fresh]):
                current[region.code] = region
    if result.created or result.renamed:
        trail_record(
            TrailEvent.Action.REGION_CREATED,
            by=by,
            region_path=f"{ROOT_CODE}/",
            details={"created": result.created, "renamed": result.renamed},
        )
    return result


def _rehang(region: Region, new_parent: Region) -> None:
    old_prefix = region.path
    new_prefix = f"{new_parent.path}{region.code}/"
    shift = new_parent.depth + 1 - region.depth
    for node in Region.objects.filter(path__startswith=old_prefix).order_by("-depth"):
        node.path = new_prefix + node.path[len(old_prefix) :]
        node.depth += shift
        if node.pk == region.pk:
            node.parent = new_parent
        node.save(update_fields=["path", "depth", "parent"])


@transaction.atomic
def region_supersede(*, old: Region, new: Region, on: datetime.date, by: Any = None) -> Region:
    """End `old` on `on` and hang it under `new`, so its records stay in `new`'s scope."""
    old = Region.objects.select_for_update().get(pk=old.pk)
    new = Region.objects.select_for_update().get(pk=new.pk)
    if not old.is_current or not new.is_current:
        raise DomainError("regions.not_current", _("Both regions must be in force."))
    if new.path.startswith(old.path):
        raise DomainError("regions.cycle", _("A region cannot be superseded by one below it."))
    old.valid_to, old.superseded_by = on, new
    old.save(update_fields=["valid_to", "superseded_by"])
    if new.valid_from is None:
        new.valid_from = on
        new.save(update_fields=["valid_from"])
    _rehang(old, new)
    trail_record(
        TrailEvent.Action.REGION_SUPERSEDED,
        by=by,
        obj=old,
        region_path=new.path,
        details={"old": old.code, "new": new.code, "on": on.isoformat()},
    )
    return Region.objects.get(pk=old.pk)
