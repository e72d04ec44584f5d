"""Public review results: published reviews only, without signing in, with the panel and the
draw record that anyone can re-run; the opinion PDF; the public ranking of agencies."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from cleanprod.reviews.models import Draw, OpinionFile, Outcome, Review, Seat
from cleanprod.reviews.selectors.public import published_reviews_public
from cleanprod.reviews.services.draws import ALGORITHM, REASONS, draw_rank
from cleanprod.reviews.tests.scorecard_data import ACC, EVAL, known_outcomes
from cleanprod.testing.reviews import make_expert

pytestmark = pytest.mark.django_db

SEED = "5f2c0e7d9a1b4c3e8f6a2d1c0b9e8f7a"


def drawn(review, experts, excluded, *, by):
    """A draw record and the panel it produced (the first three of the ranking accept)."""
    candidates = sorted(e.pool_no for e in experts)
    ranking = draw_rank(SEED, candidates)
    by_no = {e.pool_no: e for e in experts}
    for i, no in enumerate(ranking[:3]):
        Seat.objects.create(
            review=review,
            expert=by_no[no],
            rank=i + 1,
            status=Seat.Status.ACCEPTED,
            is_leader=i == 0,
        )
    return Draw.objects.create(
        review=review,
        seed=SEED,
        algorithm=ALGORITHM,
        candidates=candidates,
        ranking=ranking,
        excluded=[{"pool_no": excluded.pool_no, "reason": "employer_agency"}],
        size=3,
        drawn_by=by,
    )


@pytest.fixture
def world(regions, industries, audit_rules, make_account):
    city = make_account("municipal_official", "370300")
    data = known_outcomes(city)
    experts = [make_expert(name=f"专家{c}", title="教授级高工") for c in "甲乙丙丁戊"]
    conflicted = make_expert(name="冲突专家")
    published = Review.objects.get(audit=data["a1"], stage=EVAL)
    Review.objects.filter(pk=published.pk).update(
        status=Review.Status.PUBLISHED, published_at=timezone.now()
    )
    acceptance = Review.objects.get(audit=data["a3"], stage=ACC)
    Review.objects.filter(pk=acceptance.pk).update(
        status=Review.Status.PUBLISHED, published_at=timezone.now()
    )
    draw = drawn(published, experts, conflicted, by=city)
    unpublished = Review.objects.get(audit=data["a2"], stage=EVAL, attempt=1)
    return {
        **data,
        "published": published,
        "acceptance": acceptance,
        "draw": draw,
        "unpublished": unpublished,
        "experts": experts,
    }


def test_only_published_results_are_listed_without_signing_in(world):
    # given
    anonymous = Client()
    # when
    page = anonymous.get(reverse("portal:reviews"))
    # then
    assert page.status_code == 200
    text = page.content.decode()
    assert world["a1"].enterprise.name in text
    assert world["a1"].enterprise.credit_code in text
    assert world["a3"].enterprise.name in text
    assert world["a2"].enterprise.name not in text  # signed, not published
    assert set(published_reviews_public()) == {world["published"], world["acceptance"]}
    unpublished = world["unpublished"].pk
    assert anonymous.get(reverse("portal:review", args=[unpublished])).status_code == 404
    assert anonymous.get(reverse("portal:review_opinion", args=[unpublished])).status_code == 404


def test_the_list_shows_the_panel_and_filters_by_stage_outcome_year_and_region(world):
    client = Client()
    page = client.get(reverse("portal:reviews")).content.decode()
    assert "专家" in page
    assert "教授级高工" in page
    assert "85.0" in page
    only_acceptance = client.get(reverse("portal:reviews"), {"stage": ACC}).context["rows"]
    assert [r["id"] for r in only_acceptance] == [world["acceptance"].pk]
    passed = client.get(reverse("portal:reviews"), {"outcome": Outcome.PASS}).context["rows"]
    assert len(passed) == 2
    failed = client.get(reverse("portal:reviews"), {"outcome": Outcome.FAIL_REAUDIT})
    assert failed.context["rows"] == []
    in_2025 = client.get(reverse("portal:reviews"), {"year": 2025}).context["rows"]
    assert in_2025 == []
    in_zibo = client.get(reverse("portal:reviews"), {"region": "370300"}).context["rows"]
    assert len(in_zibo) == 2
    in_shenzhen = client.get(reverse("portal:reviews"), {"region": "440300"}).context["rows"]
    assert in_shenzhen == []


def test_the_detail_publishes_the_draw_so_anyone_can_re_run_it(world):
    # when
    page = Client().get(reverse("portal:review", args=[world["published"].pk]))
    # then
    assert page.status_code == 200
    text = page.content.decode()
    draw = world["draw"]
    assert SEED in text
    assert ALGORITHM in text
    for no in draw.candidates:
        assert no in text
    reasons = {e["reason"] for e in draw.excluded}
    with translation.override("zh-hans"):  # the page speaks the site's default language
        labels = {str(REASONS[code]) for code in reasons}
    assert labels
    assert all(label in text for label in labels)  # the exclusions' reasons
    assert "hashlib.sha256" in text
    # the published recipe, run on the published data, gives the published ranking
    recipe = page.context["draw"]["verify"]
    scope = {"hashlib": hashlib, "seed": SEED, "candidates": draw.candidates}
    assert eval(recipe, scope) == draw.ranking  # noqa: S307  (our own constant snippet)
    leader = world["published"].seats.get(is_leader=True).expert
    assert leader.name in text


def test_the_opinion_pdf_downloads_once_published(world):
    review = world["published"]
    page = Client().get(reverse("portal:review", args=[review.pk]))
    assert "opinion-pdf" not in page.content.decode()  # no file yet
    row = OpinionFile(review=review, version=1, sha256="0" * 64)
    row.file.save("opinion-v1.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    row.save()
    response = Client().get(reverse("portal:review_opinion", args=[review.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_export_holds_the_filtered_results(world):
    response = Client().get(reverse("portal:reviews_export"), {"stage": EVAL})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == world["a1"].enterprise.name
    assert rows[1][1] == world["a1"].enterprise.credit_code


def test_the_agency_ranking_is_public_and_ordered_by_scorecard(world):
    page = Client().get(reverse("portal:agencies"), {"year": 2026})
    assert page.status_code == 200
    cards = page.context["cards"]
    assert [c.agency.name for c in cards] == ["甲咨询", "乙咨询"]
    assert cards[0].grade == "C"
    assert cards[1].grade == "lost"
    text = page.content.decode()
    assert "50.0" in text
    elsewhere = Client().get(reverse("portal:agencies"), {"year": 2026, "region": "440000"})
    assert elsewhere.context["cards"] == []


def test_the_public_list_and_ranking_take_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    Review.objects.filter(status=Review.Status.CONCLUDED).update(
        status=Review.Status.PUBLISHED, published_at=timezone.now()
    )
    client = Client()
    with django_assert_max_num_queries(12):
        rows = client.get(reverse("portal:reviews")).context["rows"]
    assert len(rows) == 8  # every signed review of the known data
    with django_assert_max_num_queries(16):
        client.get(reverse("portal:agencies"), {"year": 2026})
