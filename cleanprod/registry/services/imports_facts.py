"""Importing screening facts: every row checked (its enterprise must exist and be in the
importer's scope), nothing written unless the whole file is valid, rows matched by enterprise
and their identifying fields, and the screening flags refreshed for every enterprise touched."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cleanprod.accounts.scope import scope_for
from cleanprod.core.excel import ParsedSheet
from cleanprod.registry import credit_codes
from cleanprod.registry.excel_facts import FACT_SHEETS
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.enterprises import enterprise_refresh_flags
from cleanprod.registry.services.imports import ImportResult
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record


def facts_import(*, kind: str, sheet: ParsedSheet, by: Any, dry_run: bool = False) -> ImportResult:
    """Create or update the fact rows of one fact sheet, all or nothing."""
    facts = FACT_SHEETS[kind]
    result = ImportResult(total=len(sheet.rows), errors=list(sheet.errors))
    bad_rows = {e.row for e in sheet.errors}
    scope = scope_for(by) if by is not None else None
    codes = {credit_codes.normalise(str(r.values.get("credit_code") or "")) for r in sheet.rows}
    holders = {
        e.credit_code: e
        for e in Enterprise.objects.filter(credit_code__in=codes).select_related("region")
    }
    columns = [c for c in facts.spec if c.key != "credit_code"]
    touched: dict[int, Enterprise] = {}
    with transaction.atomic():
        seen: dict[tuple[Any, ...], int] = {}
        for row in sheet.rows:
            if row.number in bad_rows:
                continue
            code = credit_codes.normalise(str(row.values.get("credit_code") or ""))
            holder = holders.get(code)
            if holder is None:
                result.errors.append(
                    sheet.error(
                        facts.spec,
                        row.number,
                        "credit_code",
                        _("No enterprise with this credit code is registered."),
                    )
                )
                continue
            if scope is not None and not scope.allows(
                "registry.change_enterprise", holder.region.path
            ):
                result.errors.append(
                    sheet.error(
                        facts.spec,
                        row.number,
                        "credit_code",
                        _("%(name)s is outside your jurisdiction.") % {"name": holder.name},
                    )
                )
                continue
            values = {c.key: _blank(c.kind, row.values.get(c.key)) for c in columns}
            key = (holder.pk, *(values[k] for k in facts.key))
            if key in seen:
                result.errors.append(
                    sheet.error(
                        facts.spec,
                        row.number,
                        facts.key[0],
                        _("The same record is also on row %(row)s.") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = row.number
            lookup = {k: values[k] for k in facts.key}
            record = facts.model.objects.filter(enterprise=holder, **lookup).first()
            if record is not None and all(getattr(record, f) == v for f, v in values.items()):
                result.unchanged += 1
                continue
            record = record or facts.model(enterprise=holder)
            for f, v in values.items():
                setattr(record, f, v)
            try:
                record.full_clean()
            except ValidationError as exc:
                for f, messages in exc.message_dict.items():
                    result.errors.extend(
                        sheet.error(facts.spec, row.number, f, m) for m in messages
                    )
                continue
            if record.pk is None:
                result.created += 1
            else:
                result.updated += 1
            record.save()
            touched[holder.pk] = holder
        result.errors.sort(key=lambda e: (e.row, e.key))
        if result.errors or dry_run:
            transaction.set_rollback(True)
            return result
        for enterprise in touched.values():
            enterprise_refresh_flags(enterprise=enterprise)
        result.written = True
        trail_record(
            TrailEvent.Action.REGISTRY_IMPORTED,
            by=by,
            details={
                "registry": kind,
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def _blank(kind: str, value: Any) -> Any:
    """Empty text cells are "" (as the model stores them); empty numbers stay None."""
    return "" if value is None and kind in ("text", "code", "choice") else value
