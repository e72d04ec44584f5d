"""A region may require its panels to cover fields of expertise: the seating takes, per
required field, the best-ranked candidate of it, then the rest by rank; a decline is replaced
so that the fields stay covered; the rule is recorded with the draw and can be re-run."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanprod.core.errors import DomainError
from cleanprod.experts.models import Field
from cleanprod.reviews.models import ReviewPolicy, Seat
from cleanprod.reviews.selectors.public import SEATING_SNIPPET
from cleanprod.reviews.services.config_edit import review_policy_save
from cleanprod.reviews.services.draws import (
    draw_rank,
    fields_missing,
    review_draw,
    seat_answer,
    select_panel,
)
from cleanprod.testing.reviews import apply, make_pool

FIELDS = list(Field.values)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    n=st.integers(min_value=1, max_value=12),
    size=st.sampled_from([1, 3, 5]),
)
def test_the_seating_covers_every_field_the_pool_can_cover(data, n, size):
    ranking = [f"P{i:03d}" for i in data.draw(st.permutations(range(n)))]
    fields = {
        no: data.draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)) for no in ranking
    }
    required = data.draw(st.lists(st.sampled_from(FIELDS), max_size=size, unique=True))
    chosen = select_panel(ranking, fields, required, size)
    # as many as the panel and the pool allow, no one twice, in ranking order
    assert len(chosen) == min(size, n)
    assert len(set(chosen)) == len(chosen)
    assert chosen == sorted(chosen, key=ranking.index)
    # every required field some candidate has is covered
    available = {f for no in ranking for f in fields[no]}
    assert not [f for f in fields_missing(required, fields, chosen) if f in available]
    # and without requirements the seating is simply the head of the ranking
    assert select_panel(ranking, fields, [], size) == ranking[:size]


def test_the_published_seating_snippet_gives_the_same_panel():
    seed = "0f" * 16
    candidates = [f"ZJ{i:04d}" for i in range(9)]
    fields = {no: (["cp_audit"] if no == "ZJ0007" else ["process"]) for no in candidates}
    ranking = draw_rank(seed, candidates)
    out: list[list[str]] = []
    scope = {
        "hashlib": hashlib,
        "ranking": ranking,
        "size": 3,
        "required": ["cp_audit", "process"],
        "fields": fields,
        "print": out.append,
    }
    exec(SEATING_SNIPPET, scope)  # noqa: S102 - the published text itself is under test
    assert out == [select_panel(ranking, fields, ["cp_audit", "process"], 3)]
    assert "ZJ0007" in out[0]


@pytest.fixture
def method_rule(world):
    """Shandong requires an audit-method expert on every panel; of the pool of six chemicals
    experts only the last by pool number has that field."""
    ReviewPolicy.objects.update_or_create(
        region=world["audit"].region.parent.parent, defaults={"panel_fields": ["cp_audit"]}
    )
    for expert in world["pool"]:
        expert.expertise = ["process"]
        expert.save(update_fields=["expertise"])
    method = world["pool"][-1]
    method.expertise = ["cp_audit", "environment"]
    method.save(update_fields=["expertise"])
    return method


def _seed_where(world, wanted) -> str:
    """A seed whose seating (computed with the published rule) satisfies `wanted`."""
    experts = sorted(world["pool"] + list(_extra(world)), key=lambda e: e.pool_no)
    fields = {e.pool_no: list(e.expertise) for e in experts}
    for i in range(500):
        seed = f"{i:032x}"
        ranking = draw_rank(seed, list(fields))
        if wanted(ranking, select_panel(ranking, fields, ["cp_audit"], 3), fields):
            return seed
    raise AssertionError("no such seed in 500")


def _extra(world):
    return world.get("extra", [])


@pytest.mark.parametrize("place", ["first", "last"])
def test_the_required_field_is_seated_whatever_its_rank(world, method_rule, place):
    # a seed that ranks the only audit-method expert first, and one that ranks them last
    def ranked(ranking, _chosen, _fields):
        return ranking.index(method_rule.pool_no) == (0 if place == "first" else len(ranking) - 1)

    review = apply(world["audit"], by=world["ent_user"])
    draw = review_draw(review=review, by=world["city"], seed=_seed_where(world, ranked))
    seated = set(review.seats.values_list("expert__pool_no", flat=True))
    assert method_rule.pool_no in seated
    assert len(seated) == 3
    assert draw.requirements == ["cp_audit"]
    assert draw.fields[method_rule.pool_no] == ["cp_audit", "environment"]
    assert draw.algorithm == "sha256(seed:pool_no) asc; fields, v1"


def test_when_no_one_else_has_the_field_a_decline_is_filled_by_rank(world, method_rule):
    review = apply(world["audit"], by=world["ent_user"])
    review_draw(review=review, by=world["city"], seed="1" * 32)
    seat = review.seats.get(expert=method_rule)
    seat_answer(seat=seat, by=method_rule.user, accept=False, reason="出差")
    # the only method expert declined: the next invitation follows the ranking
    assert review.seats.filter(status=Seat.Status.INVITED).count() == 3


def test_a_decline_is_replaced_by_someone_who_restores_the_field(world, method_rule):
    # a second audit-method expert joins the pool; a seed seats only one of the two
    second = make_pool(1)[0]
    second.expertise = ["cp_audit"]
    second.save(update_fields=["expertise"])
    world["extra"] = [second]

    def one_method_expert(_ranking, chosen, fields):
        return sum("cp_audit" in fields[no] for no in chosen) == 1

    review = apply(world["audit"], by=world["ent_user"])
    review_draw(review=review, by=world["city"], seed=_seed_where(world, one_method_expert))
    seat = next(
        s for s in review.seats.select_related("expert") if "cp_audit" in s.expert.expertise
    )
    # when that expert declines
    seat_answer(seat=seat, by=seat.expert.user, accept=False, reason="与企业有合作关系")
    # then the other audit-method expert is invited in their place, whatever their rank
    newest = review.seats.select_related("expert").order_by("-id").first()
    assert newest.expert != seat.expert
    assert "cp_audit" in newest.expert.expertise
    assert review.seats.exclude(status=Seat.Status.DECLINED).count() == 3


def test_a_pool_without_the_field_refuses_the_draw_and_names_it(world, method_rule):
    method_rule.expertise = ["process"]
    method_rule.save(update_fields=["expertise"])
    review = apply(world["audit"], by=world["ent_user"])
    with pytest.raises(DomainError) as refused:
        review_draw(review=review, by=world["city"])
    assert refused.value.code == "review.pool_lacks_field"
    assert not review.draws.exists()


def test_a_policy_cannot_require_more_fields_than_seats(world, make_account):
    province = world["audit"].region.parent.parent
    official = make_account("provincial_official", province.code)
    with pytest.raises(DomainError) as refused:
        review_policy_save(
            region=province,
            by=official,
            data={"panel_size": 1, "panel_fields": ["cp_audit", "energy"]},
        )
    assert "panel_fields" in refused.value.fields
    assert not ReviewPolicy.objects.filter(region=province).exists()
