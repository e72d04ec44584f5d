"""The registry benchmark runs end to end on a tiny dataset (timings are not asserted)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cleanprod.registry.models import Enterprise
from cleanprod.registry.synth import synth_enterprises

pytestmark = pytest.mark.django_db

SMALL = ["--requests", "5", "--import-rows", "20", "--import-repeat", "2", "--export-rows", "50"]


def test_bench_prints_every_section_and_leaves_the_data_as_it_was(regions, industries):
    # given
    synth_enterprises(n=150, seed=2)
    # when
    out, err = io.StringIO(), io.StringIO()
    call_command("bench", "registry", *SMALL, stdout=out, stderr=err)
    # then
    text = out.getvalue()
    for heading in ("Lists and search", "Import", "Export", "Memory", "Goals"):
        assert f"== {heading}" in text
    for label in (
        "API list, national, first page",
        "API list, industry=C & region=",
        "API list, county official",
        "API list, deep page",
        "Page /registry/enterprises/",
        "Page, deep",
        "Search 2 chars",
        "Search 4 chars",
        "Search credit-code prefix",
        "following `next`",
        "rows/s",
        "Peak RSS",
    ):
        assert label in text, label
    assert "PASS" in text or "FAIL" in text
    assert "measuring" in err.getvalue()
    assert Enterprise.objects.count() == 150  # the imported rows are gone again
    assert not Enterprise.history.filter(credit_code__regex=r"^91[0-9]{6}X").exists()


def test_bench_json_has_every_figure(regions, industries):
    synth_enterprises(n=80, seed=4)
    out = io.StringIO()
    call_command("bench", "registry", *SMALL, "--json", stdout=out, stderr=io.StringIO())
    report = json.loads(out.getvalue())
    assert {"machine", "dataset", "cases", "import", "export", "memory", "checks"} <= set(report)
    for key in ("api_list", "api_filtered", "api_county", "api_deep", "page_list", "search_code"):
        case = report["cases"][key]
        assert case["http"]["n"] == 5
        assert case["raw"]["p95"] > 0
        assert case["ratio_mean"] > 0
        assert case["rows"] > 0
    assert report["import"]["rows"] == 20
    assert report["import"]["rate"] > 0
    assert report["export"]["rows"] == 50
    assert report["export"]["http"]["rows"] > 0
    assert all({"id", "value", "target", "ok"} <= set(c) for c in report["checks"])


def test_bench_needs_data(regions, industries):
    with pytest.raises(CommandError, match="synth"):
        call_command("bench", "registry", *SMALL, stdout=io.StringIO(), stderr=io.StringIO())
