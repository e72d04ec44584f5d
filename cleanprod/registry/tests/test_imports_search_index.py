"""An import leaves the new search tokens in the search index's pending list (PostgreSQL) and
queues their merge for when it commits; searches find the rows before and after the merge."""

import pytest
from django.db import connection
from django.test import override_settings

from cleanprod.core.search import search_filter
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.imports import enterprises_import
from cleanprod.registry.services.search_index import SEARCH_INDEX, search_pending_merge
from cleanprod.registry.tasks import search_pending_merge_later, search_pending_merge_task
from cleanprod.registry.tests.test_imports import _rows, _sheet

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
POSTGRESQL = connection.vendor == "postgresql"


def _queued() -> list[str]:
    from django_tasks import default_task_backend

    return [r.task.module_path for r in default_task_backend.results]


def test_a_committed_import_queues_one_merge_on_postgresql(
    regions, industries, django_capture_on_commit_callbacks
):
    # given
    rows = _rows(3)
    with override_settings(TASKS=DUMMY):
        # when: a dry run, a refused file, then the real import
        with django_capture_on_commit_callbacks(execute=True):
            enterprises_import(sheet=_sheet(rows), by=None, dry_run=True)
            bad = [*rows, {**rows[0], "industry": "9999"}]
            enterprises_import(sheet=_sheet(bad), by=None)
        before = _queued()
        with django_capture_on_commit_callbacks(execute=True):
            result = enterprises_import(sheet=_sheet(rows), by=None)
        after = _queued()
        # and: the same file again, which changes nothing
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            again = enterprises_import(sheet=_sheet(rows), by=None)
    # then
    assert before == []
    assert result.created == 3
    assert after == ([search_pending_merge_task.module_path] if POSTGRESQL else [])
    assert (again.unchanged, callbacks) == (3, [])


def test_the_database_queue_holds_one_waiting_merge():
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE):
        first, second = search_pending_merge_later(), search_pending_merge_later()
    waiting = list(DBTaskResult.objects.values_list("task_path", flat=True))
    if POSTGRESQL:
        assert (first, second) == (True, False)
        assert waiting == [search_pending_merge_task.module_path]
    else:  # no search index to merge
        assert (first, second, waiting) == (False, False, [])


def test_imported_rows_are_found_before_and_after_the_merge(regions, industries):
    # given: six enterprises imported, their tokens in the pending list
    rows = _rows(6)
    enterprises_import(sheet=_sheet(rows), by=None)
    found = set(search_filter(Enterprise.objects.all(), "测试企业").values_list("pk", flat=True))
    # when
    pages = search_pending_merge()
    # then
    assert len(found) == 6
    assert pages > 0 if POSTGRESQL else pages == 0
    after = set(search_filter(Enterprise.objects.all(), "测试企业").values_list("pk", flat=True))
    assert after == found
    assert search_pending_merge() == 0  # nothing left


def test_the_task_merges_the_pending_list(regions, industries):
    enterprises_import(sheet=_sheet(_rows(2)), by=None)
    merged = search_pending_merge_task.call()
    assert merged >= 1 if POSTGRESQL else merged == 0
    assert search_pending_merge() == 0


@pytest.mark.skipif(not POSTGRESQL, reason="the search index exists on PostgreSQL only")
def test_the_search_index_keeps_an_8_mb_pending_list():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [SEARCH_INDEX])
        (options,) = cursor.fetchone()
    assert "gin_pending_list_limit=8192" in options
    assert "fastupdate=off" not in options
