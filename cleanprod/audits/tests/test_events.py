"""Domain events are append-only: the model, the queryset and the database refuse changes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from cleanprod.audits.models import AuditEvent
from cleanprod.testing.audits import make_audit
from cleanprod.trail.models import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(audit_rules, industries) -> AuditEvent:
    return make_audit().events.get()


def test_an_event_cannot_be_changed_or_deleted_through_the_model(event):
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_an_update_behind_the_model(event):
    # given someone going around the ORM with plain SQL
    # when they rewrite an event
    # then the database trigger refuses it and the row stays as written
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audits_auditevent SET comment = %s WHERE id = %s", ["rewritten", event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).comment == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger on PostgreSQL")
def test_the_database_refuses_a_delete_on_postgresql(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audits_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
