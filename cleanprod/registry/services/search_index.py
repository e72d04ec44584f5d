"""The pending list of the enterprise search index (PostgreSQL).

New search tokens go to the GIN index's pending list, not into its tree (registry migration
0005 lets the list grow to 8 MB, about 10,000 imported rows), so an import only appends and
does not stop to merge. The merge runs afterwards, in the background: `search_pending_merge` is
what the task queued by an import calls (0.2–0.5 s for 10,000 rows on the benchmark machine).
Until it has run, searches stay correct, as PostgreSQL reads the pending list as well, and a
rare two-character word takes a few milliseconds more (10,000 rows pending: 14 ms against
10 ms for the query). (Auto)vacuum merges the list too.
"""

from __future__ import annotations

from django.db import connection

SEARCH_INDEX = "enterprise_search_vector_gin"  # registry migrations 0003 and 0005


def search_pending_merge() -> int:
    """Merge the pending list of the enterprise search index into the index tree now; returns
    the number of pending-list pages merged (0 on SQLite and when the index does not exist).

    ``gin_clean_pending_list`` needs the rights VACUUM needs: those of the index's owner (the
    role that ran the migrations) or a superuser."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(to_regclass(%s))", [SEARCH_INDEX])
        pages = cursor.fetchone()[0]
    return int(pages or 0)
