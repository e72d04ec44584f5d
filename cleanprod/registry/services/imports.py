"""Spreadsheet imports: every row checked with the same form as a single edit, nothing written
unless the whole file is valid, rows matched by credit code so a second import changes
nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cleanprod.accounts.scope import Scope, scope_for
from cleanprod.core.excel import CellError, ParsedSheet
from cleanprod.registry import credit_codes
from cleanprod.registry.excel import ENTERPRISES
from cleanprod.registry.models import Enterprise
from cleanprod.registry.rules import Lookups, enterprise_apply, enterprise_clean
from cleanprod.registry.services.enterprises import enterprise_tokens
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

BATCH = 1000


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Allowed:
    """Whether the importing person may create or change an enterprise in a region."""

    def __init__(self, by: Any) -> None:
        self.scope: Scope | None = scope_for(by) if by is not None else None

    def __call__(self, perm: str, path: str) -> bool:
        return self.scope is None or self.scope.allows(perm, path)


def enterprises_import(*, sheet: ParsedSheet, by: Any, dry_run: bool = False) -> ImportResult:
    """Check every row; when all are valid and not `dry_run`, write them in one transaction."""
    result = ImportResult(total=len(sheet.rows), errors=list(sheet.errors))
    with transaction.atomic():
        plan = _plan(sheet, by, result)
        if result.errors or dry_run:
            return result
        _write(plan, by)
        result.written = True
        trail_record(
            TrailEvent.Action.REGISTRY_IMPORTED,
            by=by,
            result=TrailEvent.Result.SUCCESS,
            details={
                "registry": "enterprises",
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


@dataclass
class _Plan:
    new: list[Enterprise] = field(default_factory=list)
    changed: list[Enterprise] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    industries: dict[str, list[int]] = field(default_factory=dict)  # credit code → other ids


def _plan(sheet: ParsedSheet, by: Any, result: ImportResult) -> _Plan:
    lookups = Lookups()
    allowed = _Allowed(by)
    codes = [credit_codes.normalise(str(r.values.get("credit_code") or "")) for r in sheet.rows]
    existing = {
        e.credit_code: e
        for e in Enterprise.objects.filter(credit_code__in=codes)
        .select_related("region")
        .prefetch_related("other_industries")
    }
    seen: dict[str, int] = {}
    plan = _Plan()
    bad_cells = {(e.row, e.key) for e in sheet.errors}
    bad_rows = {e.row for e in sheet.errors}
    for row, code in zip(sheet.rows, codes, strict=True):
        clean, errors = enterprise_clean(row.values, lookups)
        if code and code in seen and "credit_code" not in errors:
            errors["credit_code"] = [
                _("The credit code is also on row %(row)s.") % {"row": seen[code]}
            ]
        seen.setdefault(code, row.number)
        for key, messages in errors.items():
            if (row.number, key) not in bad_cells:  # an unreadable cell is listed already
                result.errors.extend(sheet.error(ENTERPRISES, row.number, key, m) for m in messages)
        if errors or row.number in bad_rows:
            continue
        current = existing.get(code)
        perm = "registry.change_enterprise" if current else "registry.add_enterprise"
        if not allowed(perm, clean["region"].path) or (
            current is not None and not allowed(perm, current.region.path)
        ):
            result.errors.append(
                sheet.error(
                    ENTERPRISES,
                    row.number,
                    "region",
                    _("%(region)s is outside your jurisdiction.") % {"region": clean["region"]},
                )
            )
            continue
        enterprise = current or Enterprise()
        changed = enterprise_apply(enterprise, clean)
        others = sorted(i.pk for i in clean["other_industries"])
        old_others = sorted(i.pk for i in current.other_industries.all()) if current else []
        if others != old_others:
            plan.industries[code] = others
        if current is None:
            enterprise.search_tokens = enterprise_tokens(enterprise)
            plan.new.append(enterprise)
            result.created += 1
        elif changed or others != old_others:
            if changed:
                enterprise.search_tokens = enterprise_tokens(enterprise)
                plan.changed.append(enterprise)
                plan.changed_fields |= set(changed)
            result.updated += 1
        else:
            result.unchanged += 1
    result.errors.sort(key=lambda e: (e.row, e.key))
    return plan


def _write(plan: _Plan, by: Any) -> None:
    user = by if getattr(by, "is_authenticated", False) else None
    if plan.new:
        bulk_create_with_history(plan.new, Enterprise, batch_size=BATCH, default_user=user)
    if plan.changed:
        fields = sorted(
            {f.removesuffix("_id") for f in plan.changed_fields}
            | {"industry_path", "search_tokens"}
        )
        bulk_update_with_history(
            plan.changed, Enterprise, fields=fields, batch_size=BATCH, default_user=user
        )
    if plan.industries:
        ids = dict(
            Enterprise.objects.filter(credit_code__in=list(plan.industries)).values_list(
                "credit_code", "id"
            )
        )
        through = Enterprise.other_industries.through
        through.objects.filter(enterprise_id__in=ids.values()).delete()
        through.objects.bulk_create(
            [
                through(enterprise_id=ids[code], industry_id=industry)
                for code, industries in plan.industries.items()
                for industry in industries
            ],
            batch_size=BATCH,
        )
