"""A larger pending list for the enterprise search index (PostgreSQL; nothing on SQLite).

GIN "fast update" appends new entries to a pending list and merges the list into the index tree
once it outgrows ``gin_pending_list_limit`` (4 MB by default) — inside the statement that
crossed the limit. A 10,000-row import writes about 7.1 MB of entries, so it paid for a merge
in the middle of its COPY. With 8 MB such an import only appends, and
`registry.tasks.search_pending_merge_task`, queued when the import commits, merges the list in
the background (``gin_clean_pending_list``), as (auto)vacuum also does. Searches stay correct
meanwhile: PostgreSQL scans the pending list too.

Why not more: the planner prices a GIN scan by the pending pages as well. With 14 MB pending
(20,000 imported rows) the rare two-character word "电镀" was planned as a backward walk of the
primary key again (64 ms warm instead of 17 ms; see 0004 for why that walk is slow cold); at
7.1 MB it kept the GIN scan.

Setting the parameter takes a SHARE UPDATE EXCLUSIVE lock on the index for an instant: writes
and reads go on, nothing is rebuilt."""

from django.db import migrations

INDEX = "enterprise_search_vector_gin"  # migration 0003
PENDING_LIST_KB = 8 * 1024


def _set_limit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER INDEX IF EXISTS {schema_editor.quote_name(INDEX)} "
            f"SET (gin_pending_list_limit = {PENDING_LIST_KB})",
            params=None,
        )


def _reset_limit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER INDEX IF EXISTS {schema_editor.quote_name(INDEX)} "
            "RESET (gin_pending_list_limit)",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_enterprise_index_tuning")]
    operations = [migrations.RunPython(_set_limit, _reset_limit)]
