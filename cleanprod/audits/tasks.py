"""Background jobs of the audits app (Django's Tasks API through django-tasks and the database
backend, django-tasks-db). Each job calls one service."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from cleanprod.audits.services.sweep import deadlines_sweep
from cleanprod.core.tasks import task_waiting

SWEEP_AT = time(1, 0)  # local time of the daily sweep


def next_sweep_at(now: datetime) -> datetime:
    """The next 01:00 local time after `now` (an aware datetime)."""
    local = timezone.localtime(now)
    day = local.date() + timedelta(days=1) if local.time() >= SWEEP_AT else local.date()
    return timezone.make_aware(datetime.combine(day, SWEEP_AT))


def schedule_next_sweep(now: datetime | None = None) -> bool:
    """Queue the next daily sweep at 01:00 local time, unless one is queued already or the
    backend cannot defer (the immediate backend of the tests). True when queued."""
    if not sweep_deadlines_task.get_backend().supports_defer or task_waiting(sweep_deadlines_task):
        return False
    when = next_sweep_at(now or timezone.now())
    sweep_deadlines_task.using(run_after=when).enqueue()
    return True


@task()
def sweep_deadlines_task() -> dict[str, Any]:
    """The daily legal-clock sweep: `deadlines_sweep(today=<local date>)`, then it queues
    itself for the next day at 01:00 local time (`run_after`).

    It runs only while a worker runs: `python manage.py db_worker` (`make worker`) must be
    running. Start the chain once with `python manage.py sweep_deadlines --schedule`. Without
    a worker, run `python manage.py sweep_deadlines` from cron once a day instead; the sweep is
    idempotent, so running both, or twice a day, sends each notice once."""
    result = deadlines_sweep(today=timezone.localdate())
    schedule_next_sweep()
    return result.as_dict()
