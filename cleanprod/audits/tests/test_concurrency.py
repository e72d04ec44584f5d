"""Fifty parallel attempts at the same transition: the row lock lets exactly one through and
the 49 others get a clear conflict (PostgreSQL; SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from cleanprod.audits.models import AuditEvent
from cleanprod.testing.audits import enterprise_account, make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions"),
]

ATTEMPTS = 50


def test_fifty_parallel_start_filings_give_one_success_and_49_conflicts(
    regions, industries, audit_rules
):
    # given one case and 50 browsers signed in as its enterprise user
    enterprise = make_enterprise("370303")
    audit = make_audit(enterprise)
    user = enterprise_account(enterprise)
    clients = []
    for _ in range(ATTEMPTS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def attempt(client: Client) -> None:
        try:
            barrier.wait()
            response = client.post(
                f"/api/v1/audits/{audit.pk}/file-start/",
                {"self_audit": True},
                content_type="application/json",
            )
            code = response.json().get("code", "") if response.status_code != 200 else ""
            with lock:
                outcomes.append((response.status_code, code))
        finally:
            connection.close()  # each thread has its own connection; leave none behind

    # when they all file the start at the same moment
    threads = [threading.Thread(target=attempt, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # then exactly one succeeded; the 49 others were told the status no longer allows it
    assert len(outcomes) == ATTEMPTS
    assert [s for s, _code in outcomes].count(200) == 1
    assert outcomes.count((409, "audit.transition_not_allowed")) == ATTEMPTS - 1
    audit.refresh_from_db()
    assert audit.status == "in_progress"
    assert AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.AUDIT_STARTED).count() == 1
