"""The committed OpenAPI file is the API contract: a change to the API shows up in review."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

SCHEMA = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def test_the_committed_schema_matches_the_code():
    out = io.StringIO()
    call_command("spectacular", "--lang", "en", "--validate", stdout=out)
    assert out.getvalue() == SCHEMA.read_text(encoding="utf-8"), (
        "docs/api/openapi.yaml is out of date: run `make schema` and commit the result"
    )


def test_the_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower()
