"""The organiser's statistics page: per expert and per agency, scoped to the reviews the
person organises, filtered by year, exported as xlsx."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cleanprod.accounts.scope import scope_for
from cleanprod.experts.models import Rating
from cleanprod.reviews.models import Review, Seat, Sheet, SheetTemplate
from cleanprod.reviews.selectors.statistics import agency_statistics, expert_statistics
from cleanprod.reviews.tests.scorecard_data import EVAL, known_outcomes
from cleanprod.testing.audits import client_for, enterprise_account
from cleanprod.testing.reviews import make_expert

pytestmark = pytest.mark.django_db


def seat(review, expert, rank, status, total=None, rating=None, *, by):
    row = Seat.objects.create(review=review, expert=expert, rank=rank, status=status)
    if total is not None:
        Sheet.objects.create(
            seat=row,
            template=SheetTemplate.objects.filter(stage=EVAL).first(),
            scores={},
            total=Decimal(total),
            comment="意见",
            submitted_at=review.applied_at,
        )
    if rating is not None:
        p, q, i = rating
        Rating.objects.create(
            expert=expert,
            source=f"review-seat:{row.pk}",
            label=str(review),
            punctuality=p,
            quality=q,
            independence=i,
            rated_by=by,
        )
    return row


@pytest.fixture
def world(regions, industries, audit_rules, make_account):
    city = make_account("municipal_official", "370300")
    data = known_outcomes(city)
    first = Review.objects.get(audit=data["a1"], stage=EVAL)
    second = Review.objects.get(audit=data["a2"], stage=EVAL, attempt=1)
    e1, e2 = make_expert(name="王专家"), make_expert(name="李专家")
    accepted, declined = Seat.Status.ACCEPTED, Seat.Status.DECLINED
    seat(first, e1, 1, accepted, "85.0", (5, 4, 3), by=city)
    seat(second, e1, 1, accepted, "60.0", (3, 3, 3), by=city)
    seat(first, e2, 2, declined, by=city)
    return {**data, "city": city, "e1": e1, "e2": e2}


def test_expert_figures_come_from_the_organisers_reviews(world, make_account):
    # when
    stats = {s.expert.pk: s for s in expert_statistics(scope=scope_for(world["city"]))}
    # then
    first = stats[world["e1"].pk]
    assert (first.invited, first.reviews_sat, first.declined) == (2, 2, 0)
    assert first.mean_total_given == Decimal("72.5")
    assert first.mean_rating == Decimal("3.50")  # (4 + 3) / 2
    second = stats[world["e2"].pk]
    assert (second.invited, second.reviews_sat, second.declined) == (1, 0, 1)
    assert second.mean_total_given is None
    # a county organiser elsewhere sees the (province-wide) pool but none of these seats
    other = make_account("county_official", "370305")
    theirs = {s.expert.pk: s for s in expert_statistics(scope=scope_for(other))}
    assert (theirs[world["e1"].pk].invited, theirs[world["e1"].pk].mean_total_given) == (0, None)
    assert agency_statistics(scope=scope_for(other)) == []


def test_the_page_shows_both_tables_for_a_year(world):
    # when
    page = client_for(world["city"]).get(reverse("reviews:stats"), {"year": 2026})
    # then
    assert page.status_code == 200
    text = page.content.decode()
    assert "王专家" in text
    assert "72.5" in text
    assert "甲咨询" in text
    assert "乙咨询" in text
    assert "75.5" in text  # X's mean panel score in 2026
    assert [c.agency.name for c in page.context["agencies"]] == ["甲咨询", "乙咨询"]


def test_the_page_is_for_organisers_only(world, make_account):
    enterprise = enterprise_account(world["a1"].enterprise)
    assert client_for(enterprise).get(reverse("reviews:stats")).status_code == 403
    county = client_for(make_account("county_official", "370305"))
    page = county.get(reverse("reviews:stats"), {"year": 2026})
    assert page.status_code == 200
    assert "甲咨询" not in page.content.decode()
    assert "72.5" not in page.content.decode()


def test_a_year_that_is_not_a_year_is_not_found(world):
    client = client_for(world["city"])
    assert client.get(reverse("reviews:stats"), {"year": "abc"}).status_code == 404
    assert client.get(reverse("reviews:stats"), {"year": "all"}).status_code == 200


def test_the_exports_hold_the_tables(world):
    client = client_for(world["city"])
    response = client.get(reverse("reviews:stats_export"), {"what": "agencies", "year": 2026})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert len(header) == 13
    assert first[header[0]] == "甲咨询"
    assert Decimal(str(first[header[7]])) == Decimal("50.0")  # first-pass at evaluation
    experts = client.get(reverse("reviews:stats_export"), {"what": "experts", "year": 2026})
    sheet = load_workbook(io.BytesIO(b"".join(experts.streaming_content))).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "王专家" in names
    assert client.get(reverse("reviews:stats_export"), {"what": "x"}).status_code == 404
