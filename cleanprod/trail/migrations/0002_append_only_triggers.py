"""The database itself refuses to change trail rows: UPDATE on both databases, DELETE on
PostgreSQL (TRUNCATE, the retention and test-flush path, stays possible for the owner)."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION trail_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'trail events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trail_event_no_update BEFORE UPDATE OR DELETE ON trail_trailevent
    FOR EACH ROW EXECUTE FUNCTION trail_event_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS trail_event_no_update ON trail_trailevent;
DROP FUNCTION IF EXISTS trail_event_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER trail_event_no_update BEFORE UPDATE ON trail_trailevent
BEGIN SELECT RAISE(ABORT, 'trail events are append-only (UPDATE refused)'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS trail_event_no_update;"


def forwards(apps, schema_editor):
    sql = PG_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    schema_editor.execute(sql, params=None)  # no placeholders: RAISE uses a literal %


def backwards(apps, schema_editor):
    sql = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    schema_editor.execute(sql, params=None)  # no placeholders: RAISE uses a literal %


class Migration(migrations.Migration):
    dependencies = [("trail", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
