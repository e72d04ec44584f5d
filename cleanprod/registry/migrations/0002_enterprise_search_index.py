"""The GIN index over the enterprise search tokens (PostgreSQL; nothing on SQLite)."""

from django.db import migrations

from cleanprod.core.search import gin_index_operation


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_registries")]
    operations = [
        gin_index_operation("registry_enterprise", "search_tokens", "enterprise_search_gin"),
    ]
