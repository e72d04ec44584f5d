"""The security trail is append-only: in Python and in the database."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from cleanprod.testing.factories import TrailEventFactory
from cleanprod.trail.models import AppendOnlyError, TrailEvent
from cleanprod.trail.services import trail_record

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_saved_again_after_insert():
    # given
    event = TrailEventFactory()
    # when / then
    event.result = TrailEvent.Result.FAILURE
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted_through_the_model_or_a_queryset():
    event = TrailEventFactory()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        TrailEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        TrailEvent.objects.filter(pk=event.pk).update(result="failure")
    assert TrailEvent.objects.filter(pk=event.pk, result="success").exists()


def test_the_database_refuses_an_update_in_raw_sql():
    event = TrailEventFactory()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE trail_trailevent SET result = 'failure' WHERE id = %s", [event.pk])
    assert TrailEvent.objects.get(pk=event.pk).result == "success"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger on PostgreSQL")
def test_postgresql_refuses_a_delete_in_raw_sql():
    event = TrailEventFactory()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM trail_trailevent WHERE id = %s", [event.pk])
    assert TrailEvent.objects.filter(pk=event.pk).exists()


def test_an_event_is_written_in_the_transaction_of_the_change_and_rolls_back_with_it():
    def change_that_fails():
        with transaction.atomic():
            trail_record(TrailEvent.Action.ACCOUNT_CREATED, username="x")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not TrailEvent.objects.filter(action=TrailEvent.Action.ACCOUNT_CREATED).exists()


def test_an_anonymous_event_lands_at_the_deployment_root(settings):
    settings.CLEANPROD_DEPLOYMENT_REGION = "370000"
    event = trail_record(TrailEvent.Action.LOGIN_FAILED, username="nobody", result="failure")
    assert event.region_path == "000000/370000/"
    assert event.at.tzinfo is not None
