"""The enterprise search tokens as a stored tsvector column with its GIN index (PostgreSQL;
nothing on SQLite, which keeps matching the token text with LIKE). Replaces the expression
index of 0002, which let the planner recompute to_tsvector on every row it walked
(docs/benchmarks.md, issue 3: a two-character search at 1.4 s)."""

from django.db import migrations

from cleanprod.core.search import vector_column_operation


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_enterprise_search_index")]
    operations = [
        vector_column_operation(
            "registry_enterprise",
            "search_tokens",
            "search_vector",
            "enterprise_search_vector_gin",
            replaces="enterprise_search_gin",
        ),
    ]
