"""Exit 0 when the PostgreSQL server in the given URL accepts a connection, else 1."""

import sys

import psycopg

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/postgres"
# Connect to the maintenance database: the test database is created by the test run.
base, _, _name = url.rpartition("/")
try:
    with psycopg.connect(f"{base}/postgres", connect_timeout=3):
        pass
except psycopg.Error as exc:
    sys.stderr.write(f"PostgreSQL not available: {exc}".strip() + "\n")
    sys.exit(1)
