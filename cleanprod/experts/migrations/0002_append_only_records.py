"""The database itself refuses to change status changes and ratings of experts: UPDATE on both
databases, DELETE on PostgreSQL (TRUNCATE, the test-flush path, stays possible for the owner)."""

from django.db import migrations

TABLES = ("experts_statuschange", "experts_rating")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION experts_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'expert records are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(PG_FUNCTION, params=None)  # no placeholders: RAISE uses a literal %
    for table in TABLES:
        if postgres:
            sql = (
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION experts_append_only();"
            )
        else:
            sql = (
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'expert records are append-only (UPDATE refused)'); END;"
            )
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in TABLES:
        on = f" ON {table}" if postgres else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change{on};", params=None)
    if postgres:
        schema_editor.execute("DROP FUNCTION IF EXISTS experts_append_only();", params=None)


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
