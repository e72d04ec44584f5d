"""The HTTP section of `manage.py bench registry`: P8 (DRF list p95 at 8 concurrent clients)
and P9 (throughput, 0 errors over 3,000 requests at c=8) through a real server, which the
in-process test client of `bench.py` cannot measure.

**Server.** Gunicorn as production runs it: ``config/gunicorn.conf.py`` (sync workers, by
default (2 × CPUs) + 1, or ``--http-workers``), started as a child process on a free port of
127.0.0.1 (the socket is bound here and handed over as ``fd://N``, so no other process can
take the port in between), against the database this process uses (``DATABASE_URL`` rebuilt
from its connection settings, so a test database is reached too). Settings:
``--http-settings``, by default ``config.settings.production`` (``DEBUG`` off, HTTPS
redirect, manifest static files, cached templates), with the environment it requires:
``DJANGO_ALLOWED_HOSTS=127.0.0.1``, this process's ``DJANGO_SECRET_KEY`` (the sessions
signed in here must verify there) and ``API_USER_RATE`` raised to 10⁸/hour, so the throttle
is still consulted on every API request but does not refuse a load generator that sends a
national official's hour of requests in a minute. Requests carry ``X-Forwarded-Proto: https``
as the TLS-terminating proxy sends it; without it production answers a redirect. A child
process checks the settings first (`server_facts`): the bench refuses ``DEBUG`` on and
names a missing static manifest (``collectstatic``) before anything is timed.

**Sign-in.** Server-side: one session per client thread and account, created by
``django.contrib.auth.login`` through the test client's ``force_login`` (what `bench.py`
does in-process), so the ``user_logged_in`` receivers run (session start time, trail event)
and each simulated client has its own session row, as eight people would. Not by POSTing the
sign-in form: the benchmark accounts have random passwords nobody keeps (resetting them on
each run would fill the password history), and the form costs an Argon2 hash and a django-axes
record per client, which is not what P8/P9 measure. The sessions are deleted at the end.

**Load.** For each case: one probe request (it must answer 200, else the section stops with
the server's log), a warm-up at the full concurrency (so every worker has its database
connection and templates), then ``--http-requests`` requests at c=1 and the same number at
c=``--http-concurrency``, from threads of this process, each with its own
``http.client`` connection kept alive where the server allows it (sync workers close every
connection, as behind a proxy; the number of connections opened is reported). Latency is
from sending the request to the last byte of the body; throughput is requests over the wall
time of the run. Any answer other than 200 and any connection failure is an error, counted
by kind and never retried. Each run also records the load average, this process's CPU time
(the load generator shares the two cores) and how busy the machine's CPUs were.

**CPU per request.** On a shared machine requests per second say as much about the other
work as about the code, so each run also takes the CPU time (Linux /proc) the gunicorn
workers and their PostgreSQL sessions (found by ``application_name``) spent per request, and
the throughput those two alone would allow on this machine's CPUs: an estimate for P9, shown
beside the measured figure, never instead of it. For that the server's database sessions
live for the whole run (``DATABASE_CONN_MAX_AGE`` 3600 instead of 60; a reconnect a minute
per worker is too rare to show in the figures, but a session that ends takes its CPU time
with it).
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection

from cleanprod.registry.bench import API, PAGE, BenchError, Check, Setting, _client, _load, _ms

HOST = "127.0.0.1"
APP_NAME = "cleanprod-bench-http"  # application_name of the server's database sessions
CONN_MAX_AGE = 3600  # one database session per worker for the whole run (see the docstring)
CONFIG = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"
API_RATE = "100000000/hour"
STATIC_PROBE = "cleanprod/charts.js"  # a file every page's layout links
START_SECONDS = 60.0
REQUEST_TIMEOUT = 60.0
P9_ERROR_REQUESTS = 3000
P9_RPS = {"drf": 250, "values": 500, "dashboard": 400}
P9_KIND = {"drf": "DRF list", "values": "`.values()` list", "dashboard": "dashboard"}

# key, label, account ("national" or "county"), path, kind (which P9 target applies)
CASES: tuple[tuple[str, str, str, str, str], ...] = (
    ("api_list", "DRF list, national, first page", "national", API, "drf"),
    ("page_list", "Enterprise list page (.values())", "national", PAGE, "values"),
    ("home", "Home dashboard /", "national", "/", "dashboard"),
    ("api_county", "DRF list, county official", "county", API, "drf"),
)


@dataclass(frozen=True)
class HttpOptions:
    requests: int = 3000
    concurrency: int = 8
    settings: str = "config.settings.production"
    workers: int | None = None  # None: what config/gunicorn.conf.py decides (CPU count)
    required: bool = False  # True: fail, rather than skip, where no server can share the data


def unshareable() -> str | None:
    """Why a server process could not see the data this process sees, or None."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return "the database is in-memory SQLite, which no other process can open"
    if connection.in_atomic_block:
        return "the data is in an uncommitted transaction (a test's), invisible to a server"
    if connection.vendor not in ("sqlite", "postgresql"):
        return f"no database URL is known for {connection.vendor}"
    return None


def database_url(application_name: str = "") -> str:
    """This connection's database as a ``DATABASE_URL`` (django-environ's format)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return "sqlite:///" + str(Path(s["NAME"]).resolve())
    user = quote(s.get("USER") or "", safe="")
    if s.get("PASSWORD"):
        user += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or ""
    if s.get("PORT"):
        host += f":{s['PORT']}"
    options = {k: v for k, v in (s.get("OPTIONS") or {}).items() if isinstance(v, str)}
    if application_name:
        options["application_name"] = application_name
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{user}@{host}/{quote(s['NAME'], safe='')}{query}"


def server_env(options: HttpOptions) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": options.settings,
        "DATABASE_URL": database_url(APP_NAME),
        "DATABASE_CONN_MAX_AGE": str(CONN_MAX_AGE),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "API_USER_RATE": API_RATE,
    }
    if options.workers:
        env["WEB_CONCURRENCY"] = str(options.workers)
    return env


def server_facts() -> dict[str, Any]:
    """The settings a server process runs with; called in a child process that has the
    server's environment (`preflight`)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    facts: dict[str, Any] = {
        "settings": settings.SETTINGS_MODULE,
        "debug": settings.DEBUG,
        "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
        "conn_max_age": connection.settings_dict.get("CONN_MAX_AGE"),
        "session_save_every_request": settings.SESSION_SAVE_EVERY_REQUEST,
        "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
        "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    }
    try:
        staticfiles_storage.url(STATIC_PROBE)
    except ValueError as exc:  # a manifest storage without its manifest (no collectstatic)
        facts["static_error"] = str(exc)
    return facts


def preflight(options: HttpOptions) -> dict[str, Any]:
    """Load the server's settings in a child process with its environment; refuse DEBUG on
    and a missing static manifest before anything is started or timed."""
    code = (
        "import json, django; django.setup(); "
        "from cleanprod.registry.bench_http import server_facts; "
        "print(json.dumps(server_facts()))"
    )
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=server_env(options),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise BenchError(f"the server settings {options.settings} do not load:\n{tail}")
    facts: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if facts["debug"]:
        raise BenchError(f"{options.settings} runs with DEBUG on: pass --http-settings")
    if "static_error" in facts:
        raise BenchError(
            f"{options.settings} serves static files from a manifest that is not there "
            f"({facts['static_error']}): run `manage.py collectstatic --noinput` with "
            f"DJANGO_SETTINGS_MODULE={options.settings} first, as a deployment does"
        )
    return facts


# --- the server ------------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    command: list[str]

    def log_lines(self) -> list[str]:
        # pread leaves the offset alone: gunicorn writes through the same open file
        fd = self.log.fileno()
        return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace").splitlines()

    def log_tail(self, n: int = 20) -> str:
        return "\n".join(self.log_lines()[-n:])

    def worker_pids(self) -> set[str]:
        marker = "Booting worker with pid:"
        return {ln.split(marker)[1].strip() for ln in self.log_lines() if marker in ln}


@contextlib.contextmanager
def gunicorn(options: HttpOptions) -> Iterator[Server]:
    """Gunicorn with config/gunicorn.conf.py on a free port of 127.0.0.1, stopped (SIGTERM,
    then SIGKILL after 40 s) on the way out."""
    listener = socket.create_server((HOST, 0))
    port = listener.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
    command += ["--bind", f"fd://{listener.fileno()}"]
    with tempfile.TemporaryFile() as log:
        with listener:
            process = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
                command,
                cwd=settings.BASE_DIR,
                env=server_env(options),
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
            )
        server = Server(port, process, log, command)
        try:
            _wait_ready(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(server: Server) -> None:
    """Until the server answers anything (the socket accepts from the start; the first
    answer means a worker has booted)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"gunicorn exited at start:\n{server.log_tail()}")
        conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
        try:
            conn.request("GET", "/accounts/login/", headers=_headers(server.port, "", ""))
            conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
        else:
            return
        finally:
            conn.close()
    raise BenchError(f"gunicorn did not answer within {START_SECONDS:.0f} s:\n{server.log_tail()}")


# --- the load --------------------------------------------------------------------------------


def _headers(port: int, cookie: str, accept: str) -> dict[str, str]:
    headers = {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", "User-Agent": "bench"}
    if cookie:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    if accept:
        headers["Accept"] = accept
    return headers


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as fh:
            values = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # guest time is already inside user time
    return total - idle, total


def _process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used, from Linux /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(server: Server) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn workers ("app") and by the PostgreSQL sessions
    serving them ("db"; only when the database runs on this machine)."""
    app = [_process_cpu_s(int(pid)) for pid in server.worker_pids()]
    used = {"app": sum(x for x in app if x is not None)} if any(app) else {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
            cursor.execute(sql, [APP_NAME])
            db = [_process_cpu_s(pid) for (pid,) in cursor.fetchall()]
        if db and all(x is not None for x in db):
            used["db"] = sum(x for x in db if x is not None)
    return used


def drive(
    port: int,
    path: str,
    cookies: list[str],
    requests: int,
    accept: str,
    meter: Callable[[], dict[str, float]] | None = None,
) -> dict[str, Any]:
    """`requests` GETs of `path` from len(cookies) threads at once, one connection and one
    session each; every answer other than 200 is an error. `meter` (`server_cpu`) adds the
    server's CPU milliseconds per request."""
    concurrency = len(cookies)
    samples: list[int] = []
    errors: Counter[str] = Counter()
    opened = [0]
    tickets = iter(range(requests))
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def client(cookie: str) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        headers = _headers(port, cookie, accept)
        mine: list[int] = []
        failed: Counter[str] = Counter()
        connects = 0
        start.wait()
        while True:
            with lock:
                if next(tickets, None) is None:
                    break
            connects += conn.sock is None
            began = time.perf_counter_ns()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed[f"HTTP {response.status}"] += 1
            except (OSError, http.client.HTTPException) as exc:
                failed[type(exc).__name__] += 1
                conn.close()
            mine.append(time.perf_counter_ns() - began)
        conn.close()
        with lock:
            samples.extend(mine)
            errors.update(failed)
            opened[0] += connects

    threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in cookies]
    for thread in threads:
        thread.start()
    cpu, machine, server = time.process_time(), _cpu_times(), meter() if meter else {}
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    cpu = time.process_time() - cpu
    after, server_after = _cpu_times(), meter() if meter else {}
    run: dict[str, Any] = {
        "concurrency": concurrency,
        "requests": len(samples),
        "seconds": seconds,
        "rps": len(samples) / seconds,
        "latency": _ms(samples),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "connections": opened[0],
        "client_cpu_s": cpu,
        "load": _load(),
    }
    if machine and after and after[1] > machine[1]:
        run["cpu_busy"] = (after[0] - machine[0]) / (after[1] - machine[1])
    for part, used in server.items():
        if part in server_after and samples:
            run[f"{part}_cpu_ms"] = (server_after[part] - used) * 1000 / len(samples)
    if "app_cpu_ms" in run and "db_cpu_ms" in run:
        per_request = run["app_cpu_ms"] + run["db_cpu_ms"]
        run["rps_cpu_bound"] = (os.cpu_count() or 1) * 1000 / per_request if per_request else 0.0
    return run


def http_section(
    setting: Setting, options: HttpOptions, echo: Callable[[str], None]
) -> dict[str, Any]:
    """The section, or why it was skipped: where no server process can see the data (a
    test's transaction, in-memory SQLite) it is skipped and says so, unless required."""
    reason = unshareable()
    if reason is None:
        return measure_http(setting, options, echo)
    if options.required:
        raise BenchError(f"the HTTP section cannot run: {reason}")
    echo(f"HTTP section skipped: {reason}")
    return {"skipped": reason}


def sessions_for(user: Any, n: int) -> list[str]:
    """`n` sessions of `user`, signed in server-side (see the module's docstring)."""
    return [_client(user).cookies[settings.SESSION_COOKIE_NAME].value for _ in range(n)]


def measure_http(
    setting: Setting, options: HttpOptions, echo: Callable[[str], None]
) -> dict[str, Any]:
    """Every case at c=1 and at c=`options.concurrency` through gunicorn."""
    facts = preflight(options)
    c = options.concurrency
    accounts = {"national": setting.national, "county": setting.county_user}
    cookies = {name: sessions_for(user, c) for name, user in accounts.items()}
    out: dict[str, Any] = {"server": facts, "requests": options.requests, "concurrency": c}
    try:
        with gunicorn(options) as server:
            out["cases"] = {}
            for key, label, account, path, kind in CASES:
                echo(f"HTTP {label}: c=1 and c={c} …")
                accept = "application/json" if path.startswith("/api/") else "text/html"
                probe = drive(server.port, path, cookies[account][:1], 1, accept)
                if probe["errors"]:
                    raise BenchError(
                        f"GET {path} through gunicorn answered {probe['error_kinds']}:\n"
                        f"{server.log_tail()}"
                    )
                warm = drive(server.port, path, cookies[account], 10 * c, accept)
                meter = functools.partial(server_cpu, server)
                runs = {
                    f"c{n}": drive(
                        server.port, path, cookies[account][:n], options.requests, accept, meter
                    )
                    for n in sorted({1, c})
                }
                out["cases"][key] = {
                    "label": label,
                    "url": path,
                    "user": accounts[account].username,
                    "kind": kind,
                    "warmup_errors": warm["errors"],
                    "runs": runs,
                }
                for name, run in runs.items():
                    echo(
                        f"  {name}: {run['rps']:,.0f} rps, p95 {run['latency']['p95']:.1f} ms, "
                        f"{run['errors']} errors (load {run['load']})"
                    )
            pids = server.worker_pids()
            lines = server.log_lines()
            out["server"] |= {
                "command": " ".join(server.command[1:]),
                "workers_booted": len(pids),
                "log_errors": sum(1 for ln in lines if "[ERROR]" in ln or "Traceback" in ln),
            }
            if out["server"]["log_errors"]:
                out["server"]["log_tail"] = server.log_tail(40)
    finally:
        Session.objects.filter(session_key__in=[k for ks in cookies.values() for k in ks]).delete()
    out["client"] = (
        "Python http.client, one thread, connection and session per client; keep-alive "
        "requested (sync workers close each connection)"
    )
    return out


# --- goals and output ------------------------------------------------------------------------


def http_checks(http: dict[str, Any]) -> list[Check]:
    out: list[Check] = []
    c = http.get("concurrency", 8)
    for key, case in http.get("cases", {}).items():
        one, many, label = case["runs"]["c1"], case["runs"][f"c{c}"], case["label"]
        if case["kind"] == "drf":
            out.append(Check(f"P8 http {key} c1", f"{label}: p95 via gunicorn, c=1",
                             round(one["latency"]["p95"], 3), "ms", "≤ 50 ms (P8)",
                             one["latency"]["p95"] <= 50))  # fmt: skip
            out.append(Check(f"P8 http {key} c{c}", f"{label}: p95 via gunicorn, c={c}",
                             round(many["latency"]["p95"], 3), "ms", "≤ 100 ms at c=8 (P8)",
                             c >= 8 and many["latency"]["p95"] <= 100))  # fmt: skip
        target = P9_RPS[case["kind"]]
        out.append(Check(f"P9 {key}", f"{label}: throughput, c={c}", round(many["rps"], 3),
                         "rps", f"≥ {target} rps, {P9_KIND[case['kind']]} (P9)",
                         c >= 8 and many["rps"] >= target))  # fmt: skip
        if "rps_cpu_bound" in many:
            out.append(Check(f"P9* {key} bound", f"{label}: CPU-bound rps estimate",
                             round(many["rps_cpu_bound"], 3), "rps",
                             f"≥ {target} rps (P9, estimate)", None))  # fmt: skip
        errors = one["errors"] + many["errors"] + case["warmup_errors"]
        enough = c >= 8 and many["requests"] >= P9_ERROR_REQUESTS
        out.append(Check(f"P9 errors {key}", f"{label}: errors, all runs", errors,
                         "", f"0 over ≥ {P9_ERROR_REQUESTS:,} at c=8 (P9)",
                         errors == 0 and enough))  # fmt: skip
    return out


def http_lines(http: dict[str, Any]) -> list[str]:
    """The section of the text report."""
    if not http:
        return []
    if "skipped" in http:
        return ["", f"== HTTP through gunicorn: skipped ({http['skipped']}) =="]
    s = http["server"]
    lines = [
        "",
        f"== HTTP through gunicorn ({s['workers_booted']} sync worker processes booted, "
        f"{s['settings']}) ==",
        f"server    {s['command']}; {s['database']}; CONN_MAX_AGE {s['conn_max_age']}; "
        f"session saved every request: {s['session_save_every_request']}; "
        f"server log errors: {s['log_errors']}",
        f"client    {http['client']}; {http['requests']:,} requests per run",
        f"{'case':<34}{'c':>3}{'n':>6}{'rps':>7}{'p50':>7}{'p95':>7}{'max':>7}{'err':>5}"
        f"{'conn':>6}{'busy':>5}{'app':>6}{'db':>5}{'bound':>6}{'client':>7}  load",
    ]

    def figure(run: dict[str, Any], key: str, width: int, digits: int = 0, scale: float = 1) -> str:
        return f"{run[key] * scale:>{width}.{digits}f}" if key in run else f"{'–':>{width}}"

    for case in http["cases"].values():
        for run in case["runs"].values():
            lat, client_ms = run["latency"], run["client_cpu_s"] * 1000 / max(1, run["requests"])
            lines.append(
                f"{case['label'][:33]:<34}{run['concurrency']:>3}{run['requests']:>6}"
                f"{run['rps']:>7.1f}{lat['p50']:>7.1f}{lat['p95']:>7.1f}{lat['max']:>7.0f}"
                f"{run['errors']:>5}{run['connections']:>6}{figure(run, 'cpu_busy', 4, 0, 100)}%"
                f"{figure(run, 'app_cpu_ms', 6, 1)}{figure(run, 'db_cpu_ms', 5, 1)}"
                f"{figure(run, 'rps_cpu_bound', 6)}{client_ms:>7.2f}  {run['load']}"
            )
    lines += [
        "rps: requests/s; p50, p95, max: ms; err: errors; conn: connections opened; busy: all",
        "CPUs of the machine during the run; app, db: CPU ms per request of the gunicorn workers",
        "and of their PostgreSQL sessions; bound: the rps those two would allow on this machine's",
        f"{os.cpu_count()} CPUs alone (CPUs ÷ CPU per request); client: CPU ms per request of",
        "this process, the load generator. Warm-up errors are counted in the goals.",
    ]
    if s.get("log_tail"):
        lines += ["server log, last lines:", s["log_tail"]]
    return lines
