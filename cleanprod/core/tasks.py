"""Helpers for background jobs (Django's Tasks API through django-tasks, database backend)."""

from __future__ import annotations

from typing import Any

from django_tasks import TaskResultStatus


def task_waiting(job: Any) -> bool:
    """Whether a run of `job` (a django-tasks task) is already waiting in the database queue.
    Jobs that chain themselves or take all pending work at once need only one waiting run.
    False on backends without a queue (the immediate backend of the tests)."""
    backend = job.get_backend()
    if type(backend).__module__ != "django_tasks_db.backend":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=job.module_path
    ).exists()
