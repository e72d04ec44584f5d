"""Parallel first saves of one region's rating rule make one row, not a unique-key error: the
service locks the region before it looks for the rule (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import RatingRule
from cleanprod.experts.services import rating_rule_save
from cleanprod.trail.models import TrailEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions"),
]


def test_parallel_first_saves_of_a_region_make_one_rule(make_account, regions):
    # given: eight provincial officials setting Zibo's rule at the same moment
    RatingRule.objects.get_or_create(region=None)
    people = [make_account("provincial_official", "370000", username=f"sd_{i}") for i in range(8)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def save(person, window) -> None:
        try:
            barrier.wait()
            rating_rule_save(region=regions["370300"], by=person, window=window)
            outcomes.append("saved")
        except Exception as failed:  # any failure is the finding
            outcomes.append(type(failed).__name__)
        finally:
            connection.close()  # each thread has its own connection; leave none behind

    # when
    threads = [threading.Thread(target=save, args=(p, 5 + i)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then: every save went through, one after the other, on the same row
    assert outcomes == ["saved"] * 8
    assert RatingRule.objects.filter(region=regions["370300"]).count() == 1
    events = TrailEvent.objects.filter(action=ExpertAction.RULE_CHANGED).order_by("id")
    assert [e.details["created"] for e in events] == [True] + [False] * 7
    rule = RatingRule.objects.get(region=regions["370300"])
    assert rule.window == events.last().details["after"]["window"]
