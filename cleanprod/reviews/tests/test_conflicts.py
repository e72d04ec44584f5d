"""Conflict-of-interest rules of the draw, as a property over many random pools: whoever works
for the enterprise or its agency, declared a live conflict with either, sat on an earlier panel
of the audit, or (where configured) lives in its county, is never drawn."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanprod.experts.models import Conflict, Expert
from cleanprod.reviews.models import Review, ReviewPolicy, Seat
from cleanprod.reviews.services.draws import draw_rank, pool_for
from cleanprod.testing.audits import make_agency
from cleanprod.testing.registry import make_enterprise
from cleanprod.testing.reviews import apply, evaluation_ready, make_expert

pytestmark = pytest.mark.django_db

KINDS = (
    "free",
    "employer_enterprise",
    "employer_agency",
    "declared_enterprise",
    "declared_agency",
    "declared_lapsed",
    "same_county",
    "other_division",
    "suspended",
)


@pytest.fixture
def case(regions, industries, audit_rules):
    from cleanprod.audits.models import Audit

    enterprise = make_enterprise("370303")
    audit = evaluation_ready(enterprise)
    agency = make_agency()
    Audit.objects.filter(pk=audit.pk).update(agency=agency, self_audit=False)
    audit.refresh_from_db()
    ReviewPolicy.objects.update_or_create(region=None, defaults={"exclude_same_county": True})
    return audit, enterprise, agency


def _expert(kind, audit, enterprise, agency):
    region = "370303" if kind == "same_county" else "370100"
    expert = make_expert(
        region,
        divisions=("22",) if kind == "other_division" else ("26",),
        status="suspended" if kind == "suspended" else "active",
        employer_credit_code={
            "employer_enterprise": enterprise.credit_code,
            "employer_agency": agency.credit_code,
        }.get(kind, ""),
    )
    declared = {
        "declared_enterprise": (enterprise.credit_code, None),
        "declared_agency": (agency.credit_code, None),
        "declared_lapsed": (enterprise.credit_code, timezone.localdate() - timedelta(days=1)),
    }.get(kind)
    if declared:
        Conflict.objects.create(
            expert=expert,
            kind=Conflict.Kind.PAST_CLIENT,
            credit_code=declared[0],
            organisation="x",
            until=declared[1],
        )
    return expert


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=14),
    seed=st.text(min_size=1, max_size=12),
)
def test_a_conflicted_expert_is_never_a_candidate(case, kinds, seed):
    audit, enterprise, agency = case
    Seat.objects.all().delete()
    Conflict.objects.all().delete()
    Expert.objects.update(status="removed")  # earlier examples' experts leave the pool
    experts = [(kind, _expert(kind, audit, enterprise, agency)) for kind in kinds]
    review = Review.objects.filter(audit=audit, status="applied").first() or apply(audit)
    pool = pool_for(review)
    eligible = {e.pk for e in pool.eligible}
    excluded = {e.pk for e, _reason in pool.excluded}
    for kind, expert in experts:
        if kind in ("free", "declared_lapsed"):
            assert expert.pk in eligible, kind
        elif kind in ("other_division", "suspended"):
            assert expert.pk not in eligible, kind
            assert expert.pk not in excluded, kind
        else:
            assert expert.pk in excluded, kind
            assert expert.pk not in eligible, kind
    ranking = draw_rank(seed, [e.pool_no for e in pool.eligible])
    assert sorted(ranking) == sorted(e.pool_no for e in pool.eligible)
    assert draw_rank(seed, list(reversed(ranking))) == ranking  # order of input is irrelevant
