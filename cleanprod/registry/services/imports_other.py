"""Importing industrial parks and emission permits: all or nothing, matched by park name and
region or by permit number, so a second import of the same file changes nothing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.scope import scope_for
from cleanprod.core.excel import ParsedSheet
from cleanprod.regions.models import Region
from cleanprod.registry import credit_codes
from cleanprod.registry.excel import PARKS, PERMITS
from cleanprod.registry.models import Enterprise, Park, Permit, PermitAllowance
from cleanprod.registry.services.imports import ImportResult
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

ALLOWANCE = re.compile(r"^\s*(?P<pollutant>[^=＝:：]+?)\s*[=＝:：]\s*(?P<amount>[0-9.,]+)\s*$")


def _allows(by: Any, perm: str, path: str) -> bool:
    return by is None or scope_for(by).allows(perm, path)


def _finish(result: ImportResult, sheet: ParsedSheet, registry: str, by: Any) -> None:
    if not result.errors:
        result.written = True
        trail_record(
            TrailEvent.Action.REGISTRY_IMPORTED,
            by=by,
            details={
                "registry": registry,
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )


def parks_import(*, sheet: ParsedSheet, by: Any, dry_run: bool = False) -> ImportResult:
    """Create or update parks; the region must be in the importer's scope."""
    result = ImportResult(total=len(sheet.rows), errors=list(sheet.errors))
    bad_rows = {e.row for e in sheet.errors}
    regions = {r.code: r for r in Region.objects.current()}
    names = {}
    for r in regions.values():
        names.setdefault(r.name, []).append(r)
    with transaction.atomic():
        seen: dict[tuple[str, str], int] = {}
        for row in sheet.rows:
            if row.number in bad_rows:
                continue
            v = row.values
            found = regions.get(v["region"]) if str(v["region"]).isdigit() else None
            if found is None and len(names.get(v["region"], [])) == 1:
                found = names[v["region"]][0]
            if found is None:
                result.errors.append(
                    sheet.error(
                        PARKS,
                        row.number,
                        "region",
                        _("No region in force has the code or name %(code)s.")
                        % {"code": v["region"]},
                    )
                )
                continue
            if not _allows(by, "registry.add_park", found.path):
                result.errors.append(
                    sheet.error(
                        PARKS,
                        row.number,
                        "region",
                        _("%(region)s is outside your jurisdiction.") % {"region": found},
                    )
                )
                continue
            key = (v["name"], found.code)
            if key in seen:
                result.errors.append(
                    sheet.error(
                        PARKS,
                        row.number,
                        "name",
                        _("The same park is also on row %(row)s.") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = row.number
            values = {
                "level": v["level"],
                "address": v.get("address") or "",
                "established_on": v.get("established_on"),
            }
            park = Park.objects.filter(name=v["name"], region=found).first()
            if park is None:
                result.created += 1
                if not dry_run:
                    Park.objects.create(name=v["name"], region=found, **values)
            elif any(getattr(park, k) != val for k, val in values.items()):
                result.updated += 1
                if not dry_run:
                    for k, val in values.items():
                        setattr(park, k, val)
                    park.save()
            else:
                result.unchanged += 1
        result.errors.sort(key=lambda e: (e.row, e.key))
        if result.errors or dry_run:
            transaction.set_rollback(True)
            return result
        _finish(result, sheet, "parks", by)
    return result


def _allowances(raw: list[str]) -> list[tuple[str, Decimal]]:
    out = []
    for item in raw:
        match = ALLOWANCE.match(item)
        if not match:
            raise ValueError(_("“%(item)s” is not written as pollutant=amount.") % {"item": item})
        try:
            amount = Decimal(match["amount"].replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(_("“%(item)s” has no valid amount.") % {"item": item}) from exc
        out.append((match["pollutant"], amount))
    return out


def permits_import(*, sheet: ParsedSheet, by: Any, dry_run: bool = False) -> ImportResult:
    """Create or replace permits with their permitted amounts, by permit number."""
    result = ImportResult(total=len(sheet.rows), errors=list(sheet.errors))
    bad_rows = {e.row for e in sheet.errors}
    codes = [credit_codes.normalise(str(r.values.get("credit_code") or "")) for r in sheet.rows]
    holders = {
        e.credit_code: e
        for e in Enterprise.objects.filter(credit_code__in=codes).select_related("region")
    }
    with transaction.atomic():
        seen: dict[str, int] = {}
        for row, code in zip(sheet.rows, codes, strict=True):
            if row.number in bad_rows:
                continue
            v = row.values
            holder = holders.get(code)
            problems = []
            if holder is None:
                problems.append(
                    ("credit_code", _("No enterprise with this credit code is registered."))
                )
            elif not _allows(by, "registry.add_permit", holder.region.path):
                problems.append(
                    (
                        "credit_code",
                        _("%(name)s is outside your jurisdiction.") % {"name": holder.name},
                    )
                )
            if v["valid_to"] < v["valid_from"]:
                problems.append(("valid_to", _("The permit ends before it starts.")))
            if v["number"] in seen:
                problems.append(
                    (
                        "number",
                        _("The permit number is also on row %(row)s.") % {"row": seen[v["number"]]},
                    )
                )
            try:
                allowances = _allowances(v.get("allowances") or [])
            except ValueError as exc:
                problems.append(("allowances", str(exc)))
            seen.setdefault(v["number"], row.number)
            if problems:
                result.errors.extend(sheet.error(PERMITS, row.number, k, m) for k, m in problems)
                continue
            _permit_upsert(result, v, holder, allowances, dry_run)
        result.errors.sort(key=lambda e: (e.row, e.key))
        if result.errors or dry_run:
            transaction.set_rollback(True)
            return result
        _finish(result, sheet, "permits", by)
    return result


def _permit_upsert(
    result: ImportResult,
    v: dict[str, Any],
    holder: Enterprise,
    allowances: list[tuple[str, Decimal]],
    dry_run: bool,
) -> None:
    values = {
        "enterprise": holder,
        "category": v["category"],
        "issued_by": v.get("issued_by") or "",
        "valid_from": v["valid_from"],
        "valid_to": v["valid_to"],
    }
    permit = Permit.objects.filter(number=v["number"]).prefetch_related("allowances").first()
    wanted = sorted(allowances)
    if permit is not None:
        have = sorted((a.pollutant, a.annual_t) for a in permit.allowances.all())
        if all(getattr(permit, k) == val for k, val in values.items()) and have == wanted:
            result.unchanged += 1
            return
        result.updated += 1
    else:
        result.created += 1
    if dry_run:
        return
    permit = permit or Permit(number=v["number"])
    for k, val in values.items():
        setattr(permit, k, val)
    permit.save()
    permit.allowances.all().delete()
    PermitAllowance.objects.bulk_create(
        PermitAllowance(permit=permit, pollutant=p, annual_t=a) for p, a in allowances
    )
