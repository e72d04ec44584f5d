"""Spreadsheet imports: every row checked with the same form as a single edit, nothing written
unless the whole file is valid, rows matched by credit code so a second import changes
nothing.

Two write paths, one outcome. On PostgreSQL new enterprises are streamed with ``COPY`` while
the rows are still being checked (PERFORMANCE.md §3.6): Python checks row n+1 while the
server indexes row n. The first invalid row stops the stream, every later row is still checked
so that all problems are listed, and the transaction is rolled back: all or nothing as before.
Their "+" history rows are then copied server-side from the rows just written
(``INSERT … SELECT``) and their other industries streamed with ``COPY``. Changed enterprises,
and everything on SQLite or in a dry run, go through the ORM (`bulk_create_with_history`,
`bulk_update_with_history`). Either way the trail gets one REGISTRY_IMPORTED event.

The COPY path writes no model instances and sends no ``post_save`` signal (neither does
``bulk_create``); it needs no staging table, because every row is checked in Python and the
unique credit code, the check constraint and the foreign keys of the real tables hold in the
same transaction.

On PostgreSQL the search tokens of the written rows land in the search index's pending list
(registry migration 0005); a commit that wrote rows queues its merge into the index as a
background task (`registry.tasks.search_pending_merge_task`), so the import does not wait for it.
The sheet's credit codes and the enterprises' other industries are looked up with one array
parameter (``= ANY(%s)``), not one placeholder per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Lookup, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cleanprod.accounts.scope import Scope, scope_for
from cleanprod.core.excel import CellError, ParsedRow, ParsedSheet
from cleanprod.core.search import tokens
from cleanprod.registry import credit_codes
from cleanprod.registry.excel import ENTERPRISES
from cleanprod.registry.models import Enterprise
from cleanprod.registry.rules import FIELDS, Lookups, enterprise_apply, enterprise_clean
from cleanprod.registry.services.enterprises import TOKEN_FIELDS, enterprise_tokens
from cleanprod.registry.tasks import search_pending_merge_later
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

BATCH = 1000
REFERENCES = {"region", "industry", "park"}  # FIELDS whose clean value is a model instance


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
    copy = not dry_run and not sheet.errors and connection.vendor == "postgresql"
    with transaction.atomic():
        checker = _Checker(sheet, by, result)
        if copy:
            _copy_new(checker, by)
            if result.errors:
                transaction.set_rollback(True)  # rows copied before the first bad one go too
                return result
        else:
            for _row, code, clean in checker.new_rows():
                checker.plan.new.append(_new_enterprise(clean))
                if clean["other_industries"]:
                    checker.plan.industries[code] = _industry_ids(clean)
            if result.errors or dry_run:
                return result
        _write(checker.plan, by)
        result.written = True
        if result.created or result.updated:
            # robust: the rows are committed whatever happens to the queue
            transaction.on_commit(search_pending_merge_later, robust=True)
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


class _Checker:
    """Checks the rows in order: errors go to the result, changed enterprises to the plan, and
    valid new rows are handed to the caller (`new_rows`), which writes them its own way."""

    def __init__(self, sheet: ParsedSheet, by: Any, result: ImportResult) -> None:
        self.sheet, self.result, self.plan = sheet, result, _Plan()
        self.lookups = Lookups()
        self.allowed = _Allowed(by)
        self.codes = [
            credit_codes.normalise(str(r.values.get("credit_code") or "")) for r in sheet.rows
        ]
        self.existing = _registered(self.codes)
        self.other_industries = _other_industry_ids([e.pk for e in self.existing.values()])

    def fresh_codes(self) -> int:
        """How many distinct credit codes of the sheet are not registered (new rows at most)."""
        return len(set(self.codes) - set(self.existing) - {""})

    def new_rows(self) -> Iterator[tuple[ParsedRow, str, dict[str, Any]]]:
        sheet, result, plan = self.sheet, self.result, self.plan
        seen: dict[str, int] = {}
        bad_cells = {(e.row, e.key) for e in sheet.errors}
        bad_rows = {e.row for e in sheet.errors}
        for row, code in zip(sheet.rows, self.codes, strict=True):
            clean, errors = enterprise_clean(row.values, self.lookups)
            if code and code in seen and "credit_code" not in errors:
                errors["credit_code"] = [
                    _("The credit code is also on row %(row)s.") % {"row": seen[code]}
                ]
            seen.setdefault(code, row.number)
            for key, messages in errors.items():
                if (row.number, key) not in bad_cells:  # an unreadable cell is listed already
                    result.errors.extend(
                        sheet.error(ENTERPRISES, row.number, key, m) for m in messages
                    )
            if errors or row.number in bad_rows:
                continue
            current = self.existing.get(code)
            perm = "registry.change_enterprise" if current else "registry.add_enterprise"
            if not self.allowed(perm, clean["region"].path) or (
                current is not None and not self.allowed(perm, current.region.path)
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
            if current is None:
                result.created += 1
                yield row, code, clean
                continue
            changed = enterprise_apply(current, clean)
            others = _industry_ids(clean)
            moved = others != self.other_industries.get(current.pk, [])
            if moved:
                plan.industries[code] = others
            if changed:
                current.search_tokens = enterprise_tokens(current)
                plan.changed.append(current)
                plan.changed_fields |= set(changed)
            if changed or moved:
                result.updated += 1
            else:
                result.unchanged += 1
        result.errors.sort(key=lambda e: (e.row, e.key))


def _industry_ids(clean: dict[str, Any]) -> list[int]:
    return sorted(i.pk for i in clean["other_industries"])


class _AnyOf(Lookup):
    """``lhs = ANY(%s)`` with the values as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def _among(field: str, values: list[Any]) -> Q | Lookup:
    """``field IN values``. On PostgreSQL as ``= ANY(%s)``: Django and psycopg handle each of
    10,000 ``IN`` placeholders one by one (0.25–0.96 s for the codes of a 10,000-row sheet on
    the benchmark machine, against 0.02–0.04 s for one array)."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), values)
    return Q(**{f"{field}__in": values})


def _registered(codes: list[str]) -> dict[str, Enterprise]:
    """The registered enterprises among the credit codes, by code, with region and industry.

    Ids first, then the rows: for a sheet of new codes the first query is one index probe per
    code and the second is skipped; as one query with the joins, the planner expected 10,000
    rows and started parallel workers (~0.1 s before it found none)."""
    found = list(
        Enterprise.objects.filter(_among("credit_code", codes)).values_list("pk", flat=True)
    )
    if not found:
        return {}
    rows = Enterprise.objects.filter(_among("pk", found)).select_related("region", "industry")
    return {e.credit_code: e for e in rows}


def _other_industry_ids(enterprise_ids: list[int]) -> dict[int, list[int]]:
    """The other industries of the enterprises as sorted industry ids, by enterprise id."""
    out: dict[int, list[int]] = {}
    if not enterprise_ids:
        return out
    through = Enterprise.other_industries.through
    links = through.objects.filter(_among("enterprise_id", enterprise_ids))
    for enterprise_id, industry_id in links.values_list("enterprise_id", "industry_id"):
        out.setdefault(enterprise_id, []).append(industry_id)
    for ids in out.values():
        ids.sort()
    return out


def _new_enterprise(clean: dict[str, Any]) -> Enterprise:
    enterprise = Enterprise()
    enterprise_apply(enterprise, clean)
    enterprise.search_tokens = enterprise_tokens(enterprise)
    return enterprise


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
            Enterprise.objects.filter(_among("credit_code", list(plan.industries))).values_list(
                "credit_code", "id"
            )
        )
        through = Enterprise.other_industries.through
        through.objects.filter(_among("enterprise_id", list(ids.values()))).delete()
        through.objects.bulk_create(
            [
                through(enterprise_id=ids[code], industry_id=industry)
                for code, industries in plan.industries.items()
                for industry in industries
            ],
            batch_size=BATCH,
        )


# --- PostgreSQL: new enterprises by COPY ------------------------------------------------------


def _copy_new(checker: _Checker, by: Any) -> int:
    """Check every row while streaming the valid new ones into the enterprise table; then
    their history and other industries. Returns how many rows were copied (the caller rolls
    back when the result has errors)."""
    model, history = Enterprise, Enterprise.history.model
    columns = list(model._meta.concrete_fields)
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    now = timezone.now()
    links: list[tuple[int, int]] = []
    copied: list[int] = []
    checker.lookups.load()
    with connection.cursor() as cursor:
        ids = iter(_next_ids(cursor, model._meta.db_table, checker.fresh_codes()))
        rows = _copy_rows(checker, columns, ids, now, links, copied)
        # The rows are checked while COPY holds the connection: a query from in there would
        # wait for the COPY forever, so it fails at once instead.
        with (
            connection.execute_wrapper(_no_query_during_copy),
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream,
        ):
            for values in rows:
                stream.write_row(values)
        if checker.result.errors or not copied:
            return len(copied)
        _insert_history(cursor, history, copied, now, _history_user(by))
        if links:
            through = model.other_industries.through._meta.db_table
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(through)} (enterprise_id, industry_id) FROM STDIN"
            ) as stream:
                for link in links:
                    stream.write_row(link)
    return len(copied)


def _copy_rows(
    checker: _Checker,
    columns: list[Any],
    ids: Iterator[int],
    now: Any,
    links: list[tuple[int, int]],
    copied: list[int],
) -> Iterator[list[Any]]:
    """The table row of each valid new enterprise, in column order, until the first error;
    the rows after it are checked (for the error list) but not written. Each row is a copy of
    one template (defaults, timestamps) filled at positions worked out once."""
    at = {f.attname: i for i, f in enumerate(columns)}
    template = [f.get_default() for f in columns]
    template[at["created_at"]] = template[at["updated_at"]] = now
    plain = [(at[name], name) for name in FIELDS if name not in REFERENCES]
    references = [(at[f"{name}_id"], name) for name in FIELDS if name in REFERENCES]
    at_id, at_path, at_tokens = at["id"], at["industry_path"], at["search_tokens"]
    for _row, _code, clean in checker.new_rows():
        if checker.result.errors:
            continue
        pk = next(ids)
        row = template.copy()
        for i, name in plain:
            row[i] = clean[name]
        for i, name in references:
            value = clean[name]
            row[i] = None if value is None else value.pk
        row[at_id] = pk
        row[at_path] = clean["industry"].path
        row[at_tokens] = tokens(*(clean[f] for f in TOKEN_FIELDS))
        links.extend((pk, industry) for industry in _industry_ids(clean))
        copied.append(pk)
        yield row


def _no_query_during_copy(execute: Any, sql: str, *args: Any) -> Any:
    raise RuntimeError(f"query while the import's COPY holds the connection: {sql[:80]}")


def _next_ids(cursor: Any, table: str, n: int) -> list[int]:
    """`n` ids from the table's own sequence, ascending (gaps are harmless)."""
    if n <= 0:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, n],
    )
    return sorted(row[0] for row in cursor.fetchall())


def _history_user(by: Any) -> int | None:
    """As `bulk_create_with_history`: the importing person, else the request's user."""
    if getattr(by, "is_authenticated", False):
        return by.pk
    user = Enterprise.history.model.get_default_history_user(Enterprise())
    return getattr(user, "pk", None)


def _insert_history(cursor: Any, history: Any, ids: list[int], now: Any, user: int | None) -> None:
    """The "+" history row of each copied enterprise (the fields simple-history tracks), read
    back from the rows just written."""
    q = connection.ops.quote_name
    tracked = [f.name for f in history.tracked_fields]
    columns = [history._meta.get_field(name).column for name in tracked]
    source = [Enterprise._meta.get_field(name).column for name in tracked]
    cursor.execute(
        f"INSERT INTO {q(history._meta.db_table)} "  # noqa: S608 (names from the models)
        f"({', '.join(map(q, columns))}, history_date, history_change_reason, history_type, "
        f"history_user_id) "
        f"SELECT {', '.join(map(q, source))}, %s, NULL, '+', %s "
        f"FROM {q(Enterprise._meta.db_table)} WHERE id = ANY(%s)",
        [now, user, ids],
    )
