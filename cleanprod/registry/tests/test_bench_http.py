"""The HTTP section of the registry benchmark (bench_http): gunicorn is started on the test
database, every case is driven at c=1 and c=4, and every figure is reported; errors are
counted, not hidden. Timings are not asserted.

The runs through gunicorn need PostgreSQL: the SQLite test database lives in memory, which a
server process cannot open (the section says so and skips itself there, tested below too),
and their data must be committed for the server to see it (``transaction=True``).
"""

import io
import json
import socket

import environ
import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from cleanprod.registry.bench import BenchError, Check, Report, render
from cleanprod.registry.bench_http import (
    CASES,
    HttpOptions,
    database_url,
    drive,
    gunicorn,
    preflight,
    server_facts,
)
from cleanprod.registry.synth import synth_enterprises

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a server process cannot open the in-memory SQLite test database",
)
SMALL = ["--http-requests", "30", "--http-concurrency", "4", "--http-workers", "2"]
TEST_SETTINGS = ["--http-settings", "config.settings.test"]  # production needs collectstatic


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_every_case_runs_through_gunicorn_and_every_figure_is_reported(regions, industries):
    # given committed data
    synth_enterprises(n=150, seed=2)
    # when
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "bench", "registry", "--only", "http", *SMALL, *TEST_SETTINGS, "--json",
        stdout=out, stderr=err,
    )  # fmt: skip
    # then
    data = json.loads(out.getvalue())
    http = data["http"]
    assert http["server"]["settings"] == "config.settings.test"
    assert http["server"]["debug"] is False
    assert http["server"]["workers_booted"] == 2
    assert http["server"]["log_errors"] == 0
    assert set(http["cases"]) == {key for key, *_rest in CASES}
    for case in http["cases"].values():
        assert case["warmup_errors"] == 0
        assert set(case["runs"]) == {"c1", "c4"}
        for name, run in case["runs"].items():
            assert run["concurrency"] == int(name[1:])
            assert run["requests"] == run["latency"]["n"] == 30
            assert run["errors"] == 0, run["error_kinds"]
            assert run["rps"] > 0
            assert 0 < run["latency"]["p50"] <= run["latency"]["p95"] <= run["latency"]["max"]
            assert run["connections"] >= run["concurrency"]  # sync workers close each one
            assert run["client_cpu_s"] >= 0
            assert run["app_cpu_ms"] > 0  # the workers' CPU per request (Linux)
            assert run["db_cpu_ms"] >= 0  # and their PostgreSQL sessions' (same machine)
            assert run["rps_cpu_bound"] > 0
    checks = {c["id"]: c for c in data["checks"]}
    for key in ("api_list", "api_county"):
        assert {f"P8 http {key} c1", f"P8 http {key} c4", f"P9 {key}"} <= set(checks)
    for key in ("page_list", "home"):
        assert f"P9 {key}" in checks
    # fewer than 3,000 requests at fewer than 8 clients cannot meet P9, however fast
    assert checks["P9 errors api_list"]["ok"] is False
    assert "HTTP Home dashboard" in err.getvalue()
    assert not Session.objects.exists()  # the benchmark's sessions are gone again
    # and the text report (what the command prints without --json) shows them all
    report = Report(
        machine=data["machine"], dataset=data["dataset"], memory=data["memory"],
        checks=[Check(**c) for c in data["checks"]], http=data["http"],
    )  # fmt: skip
    text = render(report)
    assert "== HTTP through gunicorn (2 sync worker processes booted" in text
    for label in ("DRF list, national", "Enterprise list page", "Home dashboard", "county"):
        assert label in text
    for measure in ("p95 via gunicorn, c=1", "p95 via gunicorn, c=4", "throughput, c=4"):
        assert measure in text
    for section in ("== Lists and search", "== Import", "== Export"):  # --only http
        assert section not in text
    assert "PASS" in text or "FAIL" in text


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_error_answers_are_counted_by_kind(regions):
    with gunicorn(HttpOptions(settings="config.settings.test", workers=1)) as server:
        run = drive(server.port, "/no-such-page/", ["", ""], 6, "text/html")
    assert run["requests"] == run["errors"] == 6
    assert run["error_kinds"] == {"HTTP 404": 6}


def test_refused_connections_are_counted_not_retried():
    # given a port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # when
    run = drive(port, "/", ["", "", ""], 7, "")
    # then
    assert run["requests"] == run["errors"] == 7
    assert run["error_kinds"] == {"ConnectionRefusedError": 7}
    assert run["latency"]["n"] == 7


@pytest.mark.django_db
def test_the_section_says_why_it_is_skipped_where_no_server_can_see_the_data(regions, industries):
    # given data in this test's transaction (and, on SQLite, an in-memory database)
    synth_enterprises(n=20, seed=5)
    # when
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "registry", "--only", "http", "--json", stdout=out, stderr=err)
    # then
    skipped = json.loads(out.getvalue())["http"]["skipped"]
    assert ("in-memory SQLite" if connection.vendor == "sqlite" else "transaction") in skipped
    assert "HTTP section skipped" in err.getvalue()
    with pytest.raises(CommandError, match="cannot run"):
        call_command(
            "bench", "registry", "--only", "http", "--http",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip


def test_only_http_with_no_http_is_refused():
    with pytest.raises(CommandError, match="nothing to run"):
        call_command("bench", "registry", "--only", "http", "--no-http", stdout=io.StringIO())


def test_a_server_with_debug_on_is_refused():
    with pytest.raises(BenchError, match="DEBUG on"):
        preflight(HttpOptions(settings="config.settings.local"))


def test_a_missing_static_manifest_is_named(tmp_path):
    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    storages = {"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": manifest}}  # fmt: skip
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        facts = server_facts()
    assert "Missing staticfiles manifest entry" in facts["static_error"]


@needs_postgresql
def test_the_database_url_leads_to_this_database():
    parsed = environ.Env.db_url_config(database_url())
    for key in ("NAME", "USER", "HOST"):
        assert parsed[key] == connection.settings_dict[key]
    assert str(parsed["PORT"]) == str(connection.settings_dict["PORT"])
