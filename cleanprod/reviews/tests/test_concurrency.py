"""Parallel requests on one review (PostgreSQL): ten simultaneous draws make one panel; three
experts accepting at the same moment finalise the panel once, with one leader."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from cleanprod.audits.models import AuditEvent
from cleanprod.reviews.models import Draw, Review, Seat
from cleanprod.reviews.services.draws import review_draw
from cleanprod.testing.reviews import apply

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions"),
]


def _parallel(calls: list[Callable[[], int]]) -> list[int]:
    barrier = threading.Barrier(len(calls))
    codes: list[int] = []
    lock = threading.Lock()

    def run(call: Callable[[], int]) -> None:
        try:
            barrier.wait()
            code = call()
            with lock:
                codes.append(code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ten_parallel_draws_make_one_panel(world):
    review = apply(world["audit"], by=world["ent_user"])
    clients = [_client(world["city"]) for _ in range(10)]
    url = f"/reviews/{review.pk}/do/draw/"
    codes = _parallel([lambda c=c: c.post(url).status_code for c in clients])
    assert codes == [302] * 10
    assert Draw.objects.filter(review=review).count() == 1
    assert Seat.objects.filter(review=review).count() == 3
    assert AuditEvent.objects.filter(type=AuditEvent.Type.REVIEW_DRAWN).count() == 1


def test_three_experts_accepting_at_once_finalise_the_panel_once(world):
    review = apply(world["audit"], by=world["ent_user"])
    review_draw(review=review, by=world["city"])
    seats = list(review.seats.select_related("expert__user"))
    pairs = [(s, _client(s.expert.user)) for s in seats]
    calls = [
        lambda s=s, c=c: (
            c.post(f"/reviews/seats/{s.pk}/", {"answer": "accept", "no_conflict": "on"}).status_code
        )
        for s, c in pairs
    ]
    assert _parallel(calls) == [302] * 3
    review.refresh_from_db()
    assert review.status == Review.Status.PANEL_FINAL
    assert review.seats.filter(status="accepted").count() == 3
    assert review.seats.filter(is_leader=True).count() == 1
    assert AuditEvent.objects.filter(type=AuditEvent.Type.REVIEW_PANEL_FINAL).count() == 1
