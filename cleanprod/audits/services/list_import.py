"""Importing a list an authority has already published (its Excel annex): all or nothing, every
problem named by row, column and reason. The import creates the list as published (origin
imported), opens every enterprise's audit with the notice's deadlines (its fixed dates, else
the region's rules counted from the publication date) and notifies the enterprises."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.accounts.scope import scope_for
from cleanprod.audits.events import record_event
from cleanprod.audits.excel import LIST_ENTRIES, parse_categories, parse_department
from cleanprod.audits.models import (
    AuditEvent,
    ListDeadline,
    ListEntry,
    MandatoryList,
    Step,
    Trigger,
)
from cleanprod.audits.services.list_publishing import list_open_audits, listed_notify
from cleanprod.audits.services.screening import lead_department
from cleanprod.core.errors import DomainError
from cleanprod.core.excel import CellError, ParsedSheet
from cleanprod.regions.models import Region
from cleanprod.registry import credit_codes
from cleanprod.registry.models import Enterprise


@dataclass(frozen=True)
class ListHeader:
    """The facts of the notice, given on the form or the command line (not in the sheet)."""

    region: Region
    year: int
    batch: int
    title: str
    issuing_authorities: str
    doc_number: str
    published_on: date | None
    fixed: Mapping[str, date] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedEntry:
    row: int
    enterprise: Enterprise
    triggers: list[str]
    lead_department: str
    note: str


@dataclass
class ListImportResult:
    total: int = 0
    errors: list[CellError] = field(default_factory=list)
    entries: list[PlannedEntry] = field(default_factory=list)
    mandatory_list: MandatoryList | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.mandatory_list is not None


def list_header_check(*, header: ListHeader, by: Any) -> None:
    """Refuse (DomainError, PermissionDenied) a header the import cannot start from: missing
    facts, an unknown step, no permission in the region, or a list that already exists."""
    ensure_allowed(by, "audits.import_mandatorylist", header.region)
    missing = {
        name: [_("This value is required.")]
        for name in ("title", "issuing_authorities", "doc_number")
        if not str(getattr(header, name) or "").strip()
    }
    if header.published_on is None:
        missing["published_on"] = [_("This value is required.")]
    if missing:
        raise DomainError(
            "list.header_incomplete",
            _("Give the title, issuing authorities, document number and publication date."),
            fields=missing,
        )
    unknown = [step for step in header.fixed if step not in Step.values]
    if unknown:
        raise DomainError(
            "list.unknown_step",
            _("Unknown steps: %(steps)s.") % {"steps": ", ".join(unknown)},
            fields={"fixed": unknown},
        )
    if MandatoryList.objects.filter(
        region=header.region, year=header.year, batch=header.batch
    ).exists():
        raise DomainError(
            "list.exists",
            _(
                "%(region)s already has a list for %(year)s, batch %(batch)s; it was not "
                "imported again."
            )
            % {"region": header.region.name, "year": header.year, "batch": header.batch},
            fields={"batch": [_("Choose another batch number.")]},
            status=409,
        )


def list_import(
    *, sheet: ParsedSheet, header: ListHeader, by: Any, dry_run: bool = False
) -> ListImportResult:
    """Check every row; when all are valid and not `dry_run`, create the published list, its
    fixed dates, entries, audits and notices in one transaction."""
    result = ListImportResult(total=len(sheet.rows), errors=list(sheet.errors))
    with transaction.atomic():
        list_header_check(header=header, by=by)
        result.entries = _plan(sheet, header, by, result)
        result.errors.sort(key=lambda e: (e.row, e.key))
        if result.errors or dry_run:
            return result
        result.mandatory_list = _write(header, result.entries, by)
    return result


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _names(enterprise: Enterprise) -> set[str]:
    former = enterprise.former_names.replace("；", ";").split(";")
    return {_name_key(n) for n in [enterprise.name, *former] if n.strip()}


def _plan(
    sheet: ParsedSheet, header: ListHeader, by: Any, result: ListImportResult
) -> list[PlannedEntry]:
    scope = scope_for(by)
    codes = [credit_codes.normalise(str(r.values.get("credit_code") or "")) for r in sheet.rows]
    known = {
        e.credit_code: e
        for e in Enterprise.objects.filter(credit_code__in=codes).select_related("region")
    }
    visible = set(
        Enterprise.objects.in_scope(scope, "registry.view_enterprise")
        .filter(credit_code__in=codes)
        .values_list("pk", flat=True)
    )
    taken = dict(
        ListEntry.objects.filter(
            mandatory_list__year=header.year,
            included=True,
            removed=False,
            enterprise__credit_code__in=codes,
        ).values_list("enterprise__credit_code", "mandatory_list__title")
    )
    bad = {e.row for e in sheet.errors}
    seen: dict[str, int] = {}
    planned = []

    def error(row: int, key: str, message: str) -> None:
        result.errors.append(sheet.error(LIST_ENTRIES, row, key, message))

    for row, code in zip(sheet.rows, codes, strict=True):
        values = row.values
        if code and code in seen:
            error(
                row.number,
                "credit_code",
                _("The credit code is also on row %(row)s.") % {"row": seen[code]},
            )
            continue
        seen.setdefault(code, row.number)
        if row.number in bad or not code:
            continue
        if problems := credit_codes.problems(code):
            error(row.number, "credit_code", " ".join(problems))
            continue
        enterprise = known.get(code)
        if enterprise is None:
            error(
                row.number, "credit_code", _("No enterprise with this credit code is registered.")
            )
            continue
        if enterprise.pk not in visible or not enterprise.region.path.startswith(
            header.region.path
        ):
            error(
                row.number,
                "credit_code",
                _(
                    "%(name)s is registered in %(region)s, outside %(list_region)s or your "
                    "jurisdiction."
                )
                % {
                    "name": enterprise.name,
                    "region": enterprise.region.name,
                    "list_region": header.region.name,
                },
            )
            continue
        if _name_key(str(values.get("name") or "")) not in _names(enterprise):
            error(
                row.number,
                "name",
                _("The registry knows this credit code as “%(name)s”, not under this name.")
                % {"name": enterprise.name},
            )
            continue
        if code in taken:
            error(
                row.number,
                "credit_code",
                _("Already on “%(list)s” for the same year.") % {"list": taken[code]},
            )
            continue
        triggers, unknown = parse_categories(values.get("categories") or [])
        if unknown or not triggers:
            error(
                row.number,
                "categories",
                _("Not an audit category: %(values)s (use 双超, 双有 or 高耗能).")
                % {"values": "、".join(unknown) or "—"},
            )
            continue
        department_text = str(values.get("lead_department") or "").strip()
        department = parse_department(department_text) if department_text else None
        if department_text and department is None:
            error(
                row.number,
                "lead_department",
                _("“%(value)s” is not a lead department (生态环境, 发展改革 or 工信).")
                % {"value": department_text},
            )
            continue
        planned.append(
            PlannedEntry(
                row=row.number,
                enterprise=enterprise,
                triggers=triggers,
                lead_department=department or lead_department(enterprise.region, triggers),
                note=str(values.get("note") or "").strip(),
            )
        )
    return planned


def _write(header: ListHeader, planned: list[PlannedEntry], by: Any) -> MandatoryList:
    mandatory_list = MandatoryList(
        region=header.region,
        year=header.year,
        batch=header.batch,
        title=header.title.strip(),
        status=MandatoryList.Status.PUBLISHED,
        origin=MandatoryList.Origin.IMPORTED,
        issuing_authorities=header.issuing_authorities.strip(),
        doc_number=header.doc_number.strip(),
        published_on=header.published_on,
        published_at=timezone.now(),
        created_by=by,
    )
    mandatory_list.full_clean()
    mandatory_list.save()
    ListDeadline.objects.bulk_create(
        ListDeadline(mandatory_list=mandatory_list, step=step, due_on=due_on)
        for step, due_on in header.fixed.items()
    )
    ListEntry.objects.bulk_create(
        ListEntry(
            mandatory_list=mandatory_list,
            enterprise=p.enterprise,
            triggers=p.triggers,
            lead_department=p.lead_department,
            reason_text="；".join(
                filter(None, ["、".join(str(Trigger(t).label) for t in p.triggers), p.note])
            ),
            origin=ListEntry.Origin.IMPORT,
        )
        for p in planned
    )
    audits = list_open_audits(mandatory_list=mandatory_list, by=by)
    notices = listed_notify(
        mandatory_list=mandatory_list, enterprise_ids=[a.enterprise_id for a in audits]
    )
    record_event(
        AuditEvent.Type.LIST_IMPORTED,
        by=by,
        mandatory_list=mandatory_list,
        to_status=mandatory_list.status,
        data={
            "rows": len(planned),
            "audits": len(audits),
            "notices": notices,
            "doc_number": mandatory_list.doc_number,
            "published_on": mandatory_list.published_on.isoformat()
            if mandatory_list.published_on
            else "",
            "fixed": {step: d.isoformat() for step, d in header.fixed.items()},
        },
    )
    return mandatory_list
