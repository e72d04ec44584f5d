"""Parallel first saves of one region's agency rule make one row, not a unique-key error: the
service locks the region before it looks for the rule (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from cleanprod.agencies.models import AgencyRule
from cleanprod.agencies.services import agency_rule_save

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel transactions"),
]


def test_parallel_first_saves_of_a_region_make_one_rule(make_account, regions):
    people = [make_account("provincial_official", "370000", username=f"sd_{i}") for i in range(8)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def save(person, years) -> None:
        try:
            barrier.wait()
            agency_rule_save(region=regions["370300"], by=person, filing_valid_years=years)
            outcomes.append("saved")
        except Exception as failed:  # any failure is the finding
            outcomes.append(type(failed).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(p, 1 + i)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["saved"] * 8
    assert AgencyRule.objects.filter(region=regions["370300"]).count() == 1
