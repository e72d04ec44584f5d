"""Registry benchmark (`manage.py bench registry`): the goals of PERFORMANCE.md §2 measured on
whatever enterprise data is in the database (build it with `manage.py synth`).

**HTTP.** Requests go through ``django.test.Client``: Django's in-process WSGI handler with
the full middleware stack (database sessions saved on every request, authentication, the
scope, session limits, trail context, history, axes), URL routing, DRF (authentication,
throttling, filters, cursor pagination, serializer) and template rendering, but no socket and
no HTTP server. ``DEBUG`` is forced off while measuring (no query log). Each case is warmed
up, then timed over ``--requests`` requests; p50/p95/mean in milliseconds.
Through a real server (gunicorn) at 1 and 8 concurrent clients: `bench_http` (P8, P9).

**Raw SQL.** For every list the main query of one real request is captured (the SELECT on
``registry_enterprise`` with its LIMIT: the same scope filter, WHERE, ORDER BY and LIMIT) and
re-run as text through ``connection.cursor()`` (execute + fetchall) as many times; the ratio
is the request's time over the raw query's (P1 uses means).

**Accounts.** ``bench_national`` (national_official at 000000), ``bench_county_<code>``
(county_official in the county with most enterprises) and ``bench_province_<code>``
(provincial_official in the province with most enterprises, the importer), created through
the accounts services once and reused.

**Import.** A sheet of ``--import-rows`` new enterprises of that province (synthetic, credit
codes marked ``X``) is written with `write_rows`, then timed: `read_workbook`, a dry run
(validation only, for the breakdown) and `enterprises_import` by the provincial official,
which commits. The imported enterprises, their history rows and other-industry links are then
deleted again (the trail keeps its REGISTRY_IMPORTED event: it is append-only). For P5 the same
rows are also inserted raw (COPY on PostgreSQL, ``executemany`` on SQLite, foreign keys checked
immediately) in a transaction that is rolled back, and up to 500 of them row by row (one
INSERT per row, autocommit) and deleted again. All of it ``--import-repeat`` times (3); each
figure is the median of the rounds.

**Export.** The first ``--export-rows`` rows (by id) of the national scope, from the queryset
the export builds, through `enterprise_rows` + `write_rows` into a temporary file; once end to
end and once without writing the workbook (the query and row share).
Plus the export view itself over HTTP for the county official.

**Write phases** (raw insert, row by row, import) each start right after a ``CHECKPOINT`` and
a flush of the token index's pending list on PostgreSQL (when permitted), so they pay the
same full-page writes a real import pays: measured, the first COPY after a checkpoint is
1.3–2.6× slower than a repeat, which would otherwise favour whichever phase runs second.

**Memory.** Per phase: the current RSS and the phase's own peak (Linux ``VmHWM``, reset
through ``/proc/self/clear_refs`` between phases; elsewhere the process peak ``ru_maxrss``),
and the process peak. Creating the benchmark accounts hashes passwords with Argon2, which
makes "prepare" peak on a first run.
"""

from __future__ import annotations

import base64
import io
import json
import os
import platform
import resource
import secrets
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.scope import scope_for
from cleanprod.accounts.services import account_create, roles_sync
from cleanprod.core.excel import read_workbook, write_rows
from cleanprod.core.paging import _encode as keyset_cursor
from cleanprod.core.search import search_filter
from cleanprod.regions.models import ROOT_CODE, Region
from cleanprod.registry.excel import ENTERPRISES, enterprise_rows
from cleanprod.registry.models import Enterprise, Industry, Park
from cleanprod.registry.selectors import enterprise_queryset
from cleanprod.registry.services.imports import enterprises_import
from cleanprod.registry.synth import SEARCH_INDEX, Synthesizer, Writer

if TYPE_CHECKING:
    from cleanprod.registry.bench_http import HttpOptions

IMPORT_MARKER = "X"  # organisation codes of benchmark import rows (synth uses "Y")
IMPORT_SEED = 424242
ROW_BY_ROW_MAX = 500
MIN_SAMPLES = 20
API = "/api/v1/enterprises/"
PAGE = "/registry/enterprises/"
EXPORT = "/registry/export/enterprises.xlsx"
TWO_CHAR_TERMS = ("电镀", "化工")
FOUR_CHAR_TERMS = ("恒达化工",)


class BenchError(Exception):
    """The benchmark cannot run (no data, a request failed)."""


@dataclass
class Check:
    """One figure against its goal."""

    id: str
    measure: str
    value: float
    unit: str
    target: str
    ok: bool | None  # None: informational


@dataclass
class Report:
    machine: dict[str, Any] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    importing: dict[str, Any] = field(default_factory=dict)
    exporting: dict[str, Any] = field(default_factory=dict)
    memory: dict[str, dict[str, float]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    http: dict[str, Any] = field(default_factory=dict)  # bench_http: through gunicorn

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["import"] = out.pop("importing")
        out["export"] = out.pop("exporting")
        return out


def _ms(samples: list[int]) -> dict[str, float]:
    """p50, p95, mean (ms) of nanosecond samples; p95 is the nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(0, -(-95 * len(ordered) // 100) - 1)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered) / 1e6,
        "p95": ordered[rank] / 1e6,
        "mean": statistics.fmean(ordered) / 1e6,
        "max": ordered[-1] / 1e6,
    }


def _rss_mib() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux
        return float("nan")


def _maxrss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if platform.system() == "Darwin" else peak / 1024


def _load() -> list[float]:
    """1, 5 and 15-minute load averages (other work on the machine skews every figure)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_start": _load(),
    }
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((ln.split(":", 1)[1].strip() for ln in fh if "model name" in ln), "")
        with open("/proc/meminfo") as fh:
            kib = int(next(ln.split()[1] for ln in fh if ln.startswith("MemTotal")))
        facts |= {"cpu_model": model, "memory_gib": round(kib / 2**20, 1)}
    except (OSError, StopIteration, ValueError):
        pass
    facts["database"] = connection.vendor
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in ("server_version", "shared_buffers", "work_mem", "autovacuum"):
                cursor.execute(f"SHOW {name}")
                facts[name] = cursor.fetchone()[0]
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            facts["server_version"] = cursor.fetchone()[0]
    return facts


# --- set-up ----------------------------------------------------------------------------------


def _account(username: str, role: str, region: Region) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_create(
            username=username,
            password=f"Bx7-{secrets.token_urlsafe(24)}",  # three classes whatever the token
            region=region,
            role=Role.objects.get(slug=role),
            display_name="Benchmark",
        )
    return user


@dataclass
class Setting:
    total: int
    county: Region
    province: Region
    national: User
    county_user: User
    province_user: User


def analyse_if_never(tables: list[str]) -> list[str]:
    """ANALYZE the tables PostgreSQL has no statistics for (autovacuum off, fresh load);
    returns their names."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
            "AND last_analyze IS NULL AND last_autoanalyze IS NULL",
            [tables],
        )
        missing = [row[0] for row in cursor.fetchall()]
        for table in missing:
            cursor.execute(f'ANALYZE "{table}"')
    return missing


def prepare() -> Setting:
    total = Enterprise.objects.count()
    if total == 0:
        raise BenchError("no enterprises in the database: run `manage.py synth` first")
    per_region = Counter(
        dict(Enterprise.objects.values_list("region_id").annotate(n=Count("id")).order_by())
    )
    regions = Region.objects.in_bulk(list(per_region))
    per_province: Counter[str] = Counter()
    for region_id, n in per_region.items():
        per_province[regions[region_id].code[:2]] += n
    county = regions[per_region.most_common(1)[0][0]]
    province = Region.objects.current().get(code=per_province.most_common(1)[0][0] + "0000")
    roles_sync()
    root = Region.objects.current().get(code=ROOT_CODE)
    return Setting(
        total=total,
        county=county,
        province=province,
        national=_account("bench_national", "national_official", root),
        county_user=_account(f"bench_county_{county.code}", "county_official", county),
        province_user=_account(f"bench_province_{province.code}", "provincial_official", province),
    )


def _client(user: User) -> Client:
    client = Client(HTTP_HOST=_host())
    client.force_login(user)
    return client


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h]
    return hosts[0].lstrip(".") if hosts else "localhost"


def _existing(terms: tuple[str, ...]) -> list[str]:
    base = Enterprise.objects.all()
    return [t for t in terms if search_filter(base, t).exists()]


def search_terms() -> tuple[list[str], list[str]]:
    """2- and 4-character terms that exist in the data (fixed ones when they do)."""
    two, four = _existing(TWO_CHAR_TERMS), _existing(FOUR_CHAR_TERMS)
    if not two or not four:
        middle = Enterprise.objects.order_by("id").values_list("name", flat=True)
        sample = middle[Enterprise.objects.count() // 2]
        two, four = two or [sample[:2]], four or [sample[:4]]
    return two, four


def deep_id(total: int, fraction: float = 0.9) -> int:
    """The id of the row at `fraction` of the newest-first list (row 900,000 of 1M)."""
    depth = min(total - 1, int(total * fraction))
    return Enterprise.objects.order_by("-id").values_list("id", flat=True)[depth]


def drf_cursor(position: int) -> str:
    """The cursor DRF's CursorPagination writes for "after the row with this pk"."""
    return base64.b64encode(urlencode({"p": str(position)}).encode("ascii")).decode("ascii")


# --- lists -----------------------------------------------------------------------------------


def _main_query(captured: list[dict[str, str]]) -> str | None:
    for query in captured:
        sql = query["sql"]
        if 'FROM "registry_enterprise"' in sql and " LIMIT " in sql:
            return sql
    return None


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        hint = " (throttled: fewer --requests, or raise API_USER_RATE)" * (
            response.status_code == 429
        )
        raise BenchError(f"GET {url} answered {response.status_code}{hint}")
    return response


def _timed(action: Callable[[], Any], count: int, budget: float) -> list[int]:
    """Nanosecond timings of `action`, `count` times or until `budget` seconds have passed
    (at least MIN_SAMPLES, so one pathological case cannot hold the whole run)."""
    samples: list[int] = []
    deadline = time.perf_counter() + budget
    for _ in range(count):
        started = time.perf_counter_ns()
        action()
        samples.append(time.perf_counter_ns() - started)
        if len(samples) >= MIN_SAMPLES and time.perf_counter() > deadline:
            break
    return samples


def measure_case(client: Client, url: str, requests: int, budget: float) -> dict[str, Any]:
    warm = min(10, requests)
    _timed(lambda: _get(client, url), warm, budget / 10)
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    captured = list(ctx.captured_queries)  # the log is cleared by the next request
    statements = [q for q in captured if q["sql"] not in ("BEGIN", "COMMIT", "ROLLBACK")]
    sql = _main_query(captured)
    http = _ms(_timed(lambda: _get(client, url), requests, budget))
    case: dict[str, Any] = {
        "url": url,
        "queries": len(statements),
        "query_list": [q["sql"][:120] for q in statements],
        "http": http,
    }
    if sql is not None:
        fetched: list[int] = []
        with connection.cursor() as cursor:

            def raw() -> None:
                cursor.execute(sql)
                fetched[:] = [len(cursor.fetchall())]

            _timed(raw, warm, budget / 10)
            case |= {"sql": sql, "raw": _ms(_timed(raw, requests, budget)), "rows": fetched[0]}
        case["ratio_mean"] = http["mean"] / case["raw"]["mean"]
        case["ratio_p95"] = http["p95"] / case["raw"]["p95"]
    return case


def follow_next(client: Client, hops: int) -> dict[str, Any]:
    """Follow DRF's `next` links from the first page."""
    url: str | None = API
    samples = []
    for _ in range(hops + 1):
        if url is None:
            break
        started = time.perf_counter_ns()
        body = json.loads(_get(client, url).content)
        samples.append(time.perf_counter_ns() - started)
        url = body.get("next")
    return {"hops": len(samples) - 1, "http": _ms(samples[1:] or samples)}


# --- import and export -----------------------------------------------------------------------


def _delete_marked(marker: str = IMPORT_MARKER) -> int:
    """Remove benchmark import rows (and their history and links) left by any run."""
    pattern = rf"^91[0-9]{{6}}{marker}"
    ids = list(Enterprise.objects.filter(credit_code__regex=pattern).values_list("id", flat=True))
    codes = list(
        Enterprise.history.model.objects.filter(credit_code__regex=pattern)
        .values_list("credit_code", flat=True)
        .distinct()
    )
    with transaction.atomic():
        Enterprise.other_industries.through.objects.filter(enterprise_id__in=ids).delete()
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:  # no post_delete: no "-" history rows
                cursor.execute(
                    f'DELETE FROM "{Enterprise._meta.db_table}" WHERE id IN ({marks})',  # noqa: S608
                    chunk,
                )
        for start in range(0, len(codes), 5000):
            Enterprise.history.model.objects.filter(
                credit_code__in=codes[start : start + 5000]
            ).delete()
    return len(ids)


def settle() -> bool:
    """On PostgreSQL: CHECKPOINT and flush the token index's pending list, so every write
    phase starts alike and pays the full-page writes a real import pays (imports are rarer
    than the 5-minute checkpoints). False when not permitted (then phases start as they are)."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [SEARCH_INDEX])
            if cursor.fetchone()[0] is not None:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        return False
    return True


def measure_import(
    setting: Setting, n: int, echo: Callable[[str], None], repeat: int = 3
) -> dict[str, Any]:
    """The import phase `repeat` times; each figure is the median of the rounds (the machine
    may be shared: one round can be slowed by someone else's I/O)."""
    _delete_marked()
    synth = Synthesizer(IMPORT_SEED, marker=IMPORT_MARKER, province=setting.province.code)
    synth.ensure_parks(create=False)
    records = list(synth.records(n + min(ROW_BY_ROW_MAX, n)))
    records, singles = records[:n], records[n:]
    out: dict[str, Any] = {"rows": n, "by": setting.province_user.username, "repeat": repeat}
    started = time.perf_counter()
    data = io.BytesIO()
    write_rows(ENTERPRISES, (r.sheet_row() for r in records), data)
    out["xlsx_bytes"] = data.tell()
    out["xlsx_write_s"] = time.perf_counter() - started
    rounds = []
    for number in range(1, repeat + 1):
        figures = _import_round(setting, records, singles, data)
        rounds.append(figures)
        echo(
            f"  round {number}: raw {figures['raw_insert_rate']:,.0f} rows/s, row by row "
            f"{figures['row_by_row_rate']:,.0f} rows/s, import {figures['rate']:,.0f} rows/s "
            f"(load {figures['load']})"
        )
    for key, value in rounds[0].items():
        if isinstance(value, float) and key != "load":
            out[key] = statistics.median(r[key] for r in rounds)
        else:
            out[key] = value
    out["rounds"] = rounds
    out["raw_insert_method"] = "COPY" if connection.vendor == "postgresql" else "executemany"
    out["vs_raw_insert"] = out["rate"] / out["raw_insert_rate"]
    out["vs_row_by_row"] = out["rate"] / out["row_by_row_rate"] if singles else 0.0
    return out


def _import_round(setting: Setting, records: list[Any], singles: list[Any], data: Any) -> dict:
    n = len(records)
    out: dict[str, Any] = {"load": _load()}
    # raw bulk insert of the same rows, rolled back (P5: import ≥ 20 % of it)
    writer = Writer()
    out["settled"] = settle()
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            ids = writer.ids(cursor, n)
            rows = [r.db_row(pk, writer.now_value) for r, pk in zip(records, ids, strict=True)]
            started = time.perf_counter()
            writer.insert(cursor, rows)
            out["raw_insert_s"] = time.perf_counter() - started
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's own mode again
        transaction.set_rollback(True)
    out["raw_insert_rate"] = n / out["raw_insert_s"]

    # row by row, autocommit, then deleted
    settle()
    with connection.cursor() as cursor:
        ids = writer.ids(cursor, len(singles))
        rows = [r.db_row(pk, writer.now_value) for r, pk in zip(singles, ids, strict=True)]
        started = time.perf_counter()
        for row in rows:
            writer.insert(cursor, [row], copy=False)
        out["row_by_row_s"] = time.perf_counter() - started
    out["row_by_row_rows"] = len(rows)
    out["row_by_row_rate"] = len(rows) / out["row_by_row_s"] if rows else 0.0
    _delete_marked()

    started = time.perf_counter()
    data.seek(0)
    sheet = read_workbook(data, ENTERPRISES)
    out["read_s"] = time.perf_counter() - started
    started = time.perf_counter()
    dry = enterprises_import(sheet=sheet, by=setting.province_user, dry_run=True)
    out["validate_s"] = time.perf_counter() - started
    if not dry.ok:
        raise BenchError(f"the benchmark sheet does not validate: {dry.errors[:3]}")
    settle()
    started = time.perf_counter()
    result = enterprises_import(sheet=sheet, by=setting.province_user)
    out["import_s"] = time.perf_counter() - started
    if not result.written or result.created != n:
        raise BenchError(f"import wrote {result.created} of {n} rows")
    out["end_to_end_s"] = out["read_s"] + out["import_s"]
    out["rate"] = n / out["end_to_end_s"]
    out["per_10k_s"] = out["end_to_end_s"] * 10_000 / n
    started = time.perf_counter()
    out["deleted"] = _delete_marked()
    out["cleanup_s"] = time.perf_counter() - started
    return out


def export_queryset(user: User, n: int) -> Any:
    """What the export builds for `user` with no filter (registry.imports), cut to the first
    `n` rows by id: `enterprise_rows` reads it in keyset chunks, so it must not be sliced."""
    _filterset, qs = enterprise_queryset(
        scope=scope_for(user), filters={}, perm="registry.export_registry"
    )
    last = qs.order_by("id").values_list("id", flat=True)[n - 1 : n]
    return qs.filter(id__lte=last[0]) if last else qs


def measure_export(setting: Setting, n: int) -> dict[str, Any]:
    n = min(n, setting.total)
    out: dict[str, Any] = {"rows": n}
    started = time.perf_counter()
    count = sum(1 for _ in enterprise_rows(export_queryset(setting.national, n), contacts=False))
    out["rows_only_s"] = time.perf_counter() - started
    out["rows_only_rate"] = count / out["rows_only_s"]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as fh:
        rows = enterprise_rows(export_queryset(setting.national, n), contacts=False)
        written = write_rows(ENTERPRISES, rows, fh)
        out["xlsx_bytes"] = fh.tell()
    out["seconds"] = time.perf_counter() - started
    out["rate"] = written / out["seconds"]
    out["xlsx_share"] = 1 - out["rows_only_s"] / out["seconds"]
    if written != n:
        raise BenchError(f"the export wrote {written} rows, not {n}")

    client = _client(setting.county_user)
    county_rows = Enterprise.objects.filter(region=setting.county).count()
    started = time.perf_counter()
    response = _get(client, EXPORT)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    out["http"] = {
        "user": setting.county_user.username,
        "rows": county_rows,
        "seconds": seconds,
        "rate": county_rows / seconds,
        "bytes": size,
    }
    return out


# --- the run ---------------------------------------------------------------------------------


def run(
    *,
    requests: int = 300,
    import_rows: int = 10_000,
    export_rows: int = 100_000,
    budget: float = 60.0,
    repeat: int = 3,
    echo: Callable[[str], None] = lambda _line: None,
    http: HttpOptions | None = None,
    only_http: bool = False,
) -> Report:
    """Every phase; `http` adds the section through gunicorn (bench_http), first after the
    set-up so a server that cannot start fails the run at once; `only_http` stops there."""
    with override_settings(DEBUG=False):
        return _run(requests, import_rows, export_rows, budget, repeat, echo, http, only_http)


def _reset_peak() -> bool:
    """Reset the kernel's peak RSS of this process (Linux ≥ 4.0), so VmHWM is per phase."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def _hwm_mib() -> float:
    try:
        with open("/proc/self/status") as fh:
            kib = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return float("nan")
    return kib / 1024


def _phase(report: Report, name: str) -> None:
    """Memory after a phase: current RSS, the phase's own peak (VmHWM since the last reset;
    the process peak where it cannot be reset) and the process peak (ru_maxrss)."""
    report.memory[name] = {
        "rss_mib": _rss_mib(),
        "phase_peak_mib": _hwm_mib() if report.machine.get("peak_per_phase") else _maxrss_mib(),
        "process_peak_mib": _maxrss_mib(),
    }
    _reset_peak()


def _run(
    requests: int,
    import_rows: int,
    export_rows: int,
    budget: float,
    repeat: int,
    echo: Callable[[str], None],
    http: HttpOptions | None = None,
    only_http: bool = False,
) -> Report:
    from cleanprod.registry.bench_http import http_checks, http_section  # it imports this module

    report = Report(machine=machine_facts())
    report.machine["peak_per_phase"] = _reset_peak()
    _phase(report, "start")
    echo("preparing accounts and terms …")
    s = prepare()
    analysed = analyse_if_never(
        [
            m._meta.db_table
            for m in (Enterprise, Enterprise.other_industries.through, Region, Industry, Park)
        ]
    )
    two, four = search_terms()
    deep = deep_id(s.total)
    report.dataset = {
        "enterprises": s.total,
        "county": f"{s.county.code} {s.county.name}",
        "county_enterprises": Enterprise.objects.filter(region=s.county).count(),
        "province": f"{s.province.code} {s.province.name}",
        "deep_row": min(s.total, int(s.total * 0.9) + 1),
        "deep_id": deep,
        "terms_2": two,
        "terms_4": four,
        "requests": requests,
        "case_seconds": budget,
        "http": "django.test.Client (in-process WSGI, full middleware), DEBUG off",
        "analysed_now": analysed,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [Enterprise._meta.db_table])
            report.dataset["table_mib"] = round(cursor.fetchone()[0] / 2**20)
    _phase(report, "prepare")
    if http is not None:
        report.http = http_section(s, http, echo)
        _phase(report, "http")
    if only_http:
        report.machine["load_average_end"] = _load()
        report.checks = http_checks(report.http)
        return report

    national, county = _client(s.national), _client(s.county_user)
    code_prefix = "91" + s.county.code
    cases: list[tuple[str, str, Client, str]] = [
        ("api_list", "API list, national, first page", national, API),
        (
            "api_filtered",
            f"API list, industry=C & region={s.province.code}",
            national,
            f"{API}?industry=C&region={s.province.code}",
        ),
        ("api_county", f"API list, county official {s.county.code}", county, API),
        (
            "api_deep",
            f"API list, deep page (row {report.dataset['deep_row']:,})",
            national,
            f"{API}?cursor={quote(drf_cursor(deep))}",
        ),
        ("page_list", "Page /registry/enterprises/", national, PAGE),
        (
            "page_deep",
            "Page, deep (same row)",
            national,
            f"{PAGE}?cursor={quote(keyset_cursor([deep]))}",
        ),
    ]
    cases += [
        (f"search_2_{t}", f"Search 2 chars “{t}”", national, f"{API}?q={quote(t)}") for t in two
    ]
    cases += [
        (f"search_4_{t}", f"Search 4 chars “{t}”", national, f"{API}?q={quote(t)}") for t in four
    ]
    label = f"Search credit-code prefix {code_prefix}"
    cases.append(("search_code", label, national, f"{API}?q={code_prefix}"))
    for key, label, client, url in cases:
        echo(f"measuring {label} …")
        report.cases[key] = {"label": label, **measure_case(client, url, requests, budget)}
    report.cases["api_next"] = {
        "label": "API list, following `next` 20 times",
        **follow_next(national, 20),
    }
    _phase(report, "lists")

    echo(f"import of {import_rows:,} rows …")
    report.importing = measure_import(s, import_rows, echo, repeat)
    _phase(report, "import")
    echo(f"export of {min(export_rows, s.total):,} rows …")
    report.exporting = measure_export(s, export_rows)
    _phase(report, "export")
    report.machine["load_average_end"] = _load()
    report.checks = checks(report) + http_checks(report.http)
    return report


# --- goals -----------------------------------------------------------------------------------


def checks(report: Report) -> list[Check]:
    out: list[Check] = []
    c = report.cases

    def add(id_: str, measure: str, value: float, unit: str, target: str, ok: bool | None) -> None:
        out.append(Check(id_, measure, round(value, 3), unit, target, ok))

    for key in ("api_list", "api_filtered", "api_county", "api_deep"):
        case = c[key]
        add(f"P8 {key}", f"{case['label']}: p95", case["http"]["p95"], "ms", "≤ 50 ms (P8)",
            case["http"]["p95"] <= 50)  # fmt: skip
        if "ratio_mean" in case:
            add(f"P1 {key}", f"{case['label']}: mean vs raw SQL", case["ratio_mean"], "×",
                "≤ 10× (P1)", case["ratio_mean"] <= 10)  # fmt: skip
    statements = c["api_list"]["queries"]
    add("P2", "API list: SQL statements per request", statements, "", "≤ 6 (P2)", statements <= 6)
    deep = c["api_deep"]["http"]["p50"] / c["api_list"]["http"]["p50"]
    add("P3", "API deep page p50 / first page p50", deep, "×", "≤ 2× (P3)", deep <= 2)
    for key in ("page_list", "page_deep"):
        case = c[key]
        add(f"P8* {key}", f"{case['label']}: p95", case["http"]["p95"], "ms",
            "≤ 50 ms (P8 applied to the page)", case["http"]["p95"] <= 50)  # fmt: skip
        if "ratio_mean" in case:
            add(f"P1* {key}", f"{case['label']}: mean vs raw SQL", case["ratio_mean"], "×",
                "≤ 10× (P1 applied)", case["ratio_mean"] <= 10)  # fmt: skip
    for key, case in c.items():
        if key.startswith("search"):
            add(f"P7 {key}", f"{case['label']}: p95", case["http"]["p95"], "ms",
                "≤ 100 ms (P7, issue)", case["http"]["p95"] <= 100)  # fmt: skip
    imp = report.importing
    add("import rate", f"Import {imp['rows']:,} rows end to end", imp["rate"], "rows/s",
        "≥ 5,000 rows/s (issue)", imp["rate"] >= 5000)  # fmt: skip
    add("P5 10k", "Import time per 10,000 rows", imp["per_10k_s"], "s", "≤ 2 s (P5)",
        imp["per_10k_s"] <= 2)  # fmt: skip
    add("P5 raw", f"Import vs raw {imp['raw_insert_method']}", imp["vs_raw_insert"] * 100, "%",
        "≥ 20 % (P5)", imp["vs_raw_insert"] >= 0.2)  # fmt: skip
    add("P5 row", "Import vs row-by-row INSERT", imp["vs_row_by_row"], "×", "≥ 8× (P5)",
        imp["vs_row_by_row"] >= 8)  # fmt: skip
    exp = report.exporting
    add("export rate", f"Export {exp['rows']:,} rows", exp["rate"], "rows/s",
        "≥ 20,000 rows/s (issue)", exp["rate"] >= 20000)  # fmt: skip
    add("memory", "Peak RSS of the process", report.memory["export"]["process_peak_mib"], "MiB",
        "(recorded)", None)  # fmt: skip
    return out


# --- output ----------------------------------------------------------------------------------


def render(report: Report) -> str:
    from cleanprod.registry.bench_http import http_lines  # it imports this module

    m, d = report.machine, report.dataset
    lines = [
        "CleanProd registry benchmark",
        f"machine   {m.get('cpus')} CPU {m.get('cpu_model', '?')}, {m.get('memory_gib', '?')} GiB, "
        f"Python {m['python']}",
        f"database  {m['database']} {m.get('server_version', '')}"
        + (
            f" (shared_buffers {m['shared_buffers']}, work_mem {m['work_mem']}, "
            f"autovacuum {m['autovacuum']})"
            if "shared_buffers" in m
            else ""
        ),
        f"dataset   {d['enterprises']:,} enterprises"
        + (f", table + indexes {d['table_mib']:,} MiB" if "table_mib" in d else "")
        + f"; county {d['county']} ({d['county_enterprises']:,}); province {d['province']}",
        *(
            [
                f"http      {d['http']}; {d['requests']} timed requests per case "
                f"(at least {MIN_SAMPLES} where a case exceeds {d['case_seconds']:.0f} s: column n)"
            ]
            if report.cases  # not with --only http
            else []
        ),
        f"load      {m['load_average_start']} at the start, {m.get('load_average_end')} at the end"
        " (1/5/15 min)",
        *(
            [
                f"note      no planner statistics were found for {', '.join(d['analysed_now'])}:"
                " analysed them first"
            ]
            if d["analysed_now"]
            else []
        ),
    ]
    if report.cases:  # not with --only http
        lines += [
            "",
            "== Lists and search (ms) ==",
            f"{'case':<46}{'n':>5}{'p50':>8}{'p95':>8}{'mean':>8}{'raw p50':>9}{'raw p95':>9}"
            f"{'raw mean':>9}{'×raw':>7}{'queries':>8}",
        ]
    for case in report.cases.values():
        h, r = case["http"], case.get("raw")
        raw = (
            f"{r['p50']:>9.2f}{r['p95']:>9.2f}{r['mean']:>9.2f}{case['ratio_mean']:>7.1f}"
            if r
            else f"{'':>9}{'':>9}{'':>9}{'':>7}"
        )
        queries = case.get("queries", "")
        lines.append(
            f"{case['label'][:45]:<46}{h['n']:>5}{h['p50']:>8.2f}{h['p95']:>8.2f}{h['mean']:>8.2f}{raw}"
            f"{queries!s:>8}"
        )
    imp, exp = report.importing, report.exporting
    if imp:  # not with --only http
        lines += [
            "",
            "== Import (xlsx → validated → committed) ==",
            f"median of {imp['repeat']} rounds; rows {imp['rows']:,} by {imp['by']}; "
            f"sheet {imp['xlsx_bytes'] / 2**20:.1f} MiB "
            f"(written in {imp['xlsx_write_s']:.2f} s)",
            f"read_workbook {imp['read_s']:.2f} s · "
            f"validation (dry run) {imp['validate_s']:.2f} s · "
            f"enterprises_import {imp['import_s']:.2f} s · end to end {imp['end_to_end_s']:.2f} s "
            f"= {imp['rate']:,.0f} rows/s",
            f"raw {imp['raw_insert_method']} of the same rows {imp['raw_insert_rate']:,.0f} rows/s "
            f"(rolled back) · row by row {imp['row_by_row_rate']:,.0f} rows/s "
            f"({imp['row_by_row_rows']} INSERTs, autocommit) · cleanup {imp['cleanup_s']:.2f} s"
            + (" · each phase after CHECKPOINT" if imp.get("settled") else ""),
            "",
            "== Export (queryset → enterprise_rows → write_rows) ==",
            f"rows {exp['rows']:,}: {exp['seconds']:.2f} s = {exp['rate']:,.0f} rows/s, "
            f"{exp['xlsx_bytes'] / 2**20:.1f} MiB; query + rows only {exp['rows_only_rate']:,.0f} "
            f"rows/s (xlsx writing {exp['xlsx_share'] * 100:.0f} % of the time)",
            f"export view over HTTP as {exp['http']['user']}: {exp['http']['rows']:,} rows in "
            f"{exp['http']['seconds']:.2f} s = {exp['http']['rate']:,.0f} rows/s",
        ]
    lines += http_lines(report.http)
    lines += [
        "",
        "== Memory (MiB: current RSS, peak within the phase) ==",
        "  ".join(
            f"{phase}: rss {v['rss_mib']:.0f}, peak {v['phase_peak_mib']:.0f}"
            for phase, v in report.memory.items()
        ),
        "",
        "== Goals ==",
        f"{'measure':<58}{'value':>12}  {'target':<34}result",
    ]
    for check in report.checks:
        result = "info" if check.ok is None else ("PASS" if check.ok else "FAIL")
        value = f"{check.value:,.2f} {check.unit}".strip()
        lines.append(f"{check.measure[:57]:<58}{value:>12}  {check.target:<34}{result}")
    failed = sum(1 for c in report.checks if c.ok is False)
    passed = sum(1 for c in report.checks if c.ok)
    lines += ["", f"{passed} PASS, {failed} FAIL"]
    return "\n".join(lines)
