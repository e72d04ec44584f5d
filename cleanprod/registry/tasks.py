"""Background jobs of the registry app (Django's Tasks API through django-tasks and the database
backend, django-tasks-db). Each job calls one service."""

from __future__ import annotations

from django.db import connection
from django_tasks import task

from cleanprod.core.tasks import task_waiting
from cleanprod.registry.services.search_index import search_pending_merge


@task()
def search_pending_merge_task() -> int:
    """Merge the enterprise search index's pending list into the index (`search_pending_merge`);
    returns the number of pages merged. Queued by an import when it commits; it runs while a
    worker runs (`python manage.py db_worker`, `make worker`). Without a worker, (auto)vacuum
    merges the list instead, or the next write that finds it over 8 MB does."""
    return search_pending_merge()


def search_pending_merge_later() -> bool:
    """Queue `search_pending_merge_task` on PostgreSQL unless one is waiting already; meant for
    ``transaction.on_commit`` after a write of many enterprises. True when queued."""
    if connection.vendor != "postgresql" or task_waiting(search_pending_merge_task):
        return False
    search_pending_merge_task.enqueue()
    return True
