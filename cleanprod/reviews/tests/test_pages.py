"""The review pages: who sees the panel, the candidates and the documents, and when; the
application form; scoped 404s."""

import pytest
from django.urls import reverse

from cleanprod.reviews.models import Review
from cleanprod.reviews.services.draws import review_draw
from cleanprod.testing.audits import client_for, upload
from cleanprod.testing.reviews import accept_all, apply, expert_account, make_expert

pytestmark = pytest.mark.django_db


def _drawn(world):
    review = apply(world["audit"], by=world["ent_user"])
    draw = review_draw(review=review, by=world["city"], seed="page-seed")
    return review, draw


def test_the_enterprise_applies_on_the_page(world):
    client = client_for(world["ent_user"])
    case = client.get(reverse("audits:case", args=[world["audit"].pk]))
    assert b'id="apply-review"' in case.content
    url = reverse("reviews:apply", args=[world["audit"].pk, "evaluation"])
    missing = client.post(url, {"note": "请评估"})
    assert missing.status_code == 200
    assert not Review.objects.exists()
    done = client.post(
        url, {"note": "请评估", "review_form": upload("form.pdf"), "capacity": upload("cap.pdf")}
    )
    review = Review.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("reviews:detail", args=[review.pk])


def test_panel_and_candidates_are_shown_only_to_those_who_may_know(world):
    review, draw = _drawn(world)
    url = reverse("reviews:detail", args=[review.pk])
    city = client_for(world["city"]).get(url)
    assert draw.seed.encode() in city.content
    enterprise = client_for(world["ent_user"]).get(url).content
    assert b'id="panel-hidden"' in enterprise
    assert draw.seed.encode() not in enterprise
    invited = review.seats.order_by("rank")
    first, second = invited[0], invited[1]
    own = client_for(first.expert.user).get(url).content.decode()
    assert first.expert.name in own
    assert second.expert.name not in own
    assert draw.seed not in own
    outsider = make_expert()
    expert_account(outsider)
    assert client_for(outsider.user).get(url).status_code == 404
    assert client_for(world["jinan"]).get(url).status_code == 404
    accept_all(review)
    enterprise = client_for(world["ent_user"]).get(url).content.decode()
    for seat in invited[:3]:
        assert seat.expert.name in enterprise


def test_documents_reach_members_only_once_the_panel_is_final(world):
    review, _draw = _drawn(world)
    document = review.attachments.first().document
    url = reverse("reviews:document", args=[review.pk, document.pk])
    seat = review.seats.order_by("rank").first()
    expert = client_for(seat.expert.user)
    assert expert.get(url).status_code == 404
    assert client_for(world["ent_user"]).get(url).status_code == 200
    accept_all(review)
    assert expert.get(url).status_code == 200


def test_an_expert_answers_on_the_seat_page(world):
    review, _draw = _drawn(world)
    seat = review.seats.order_by("rank").first()
    client = client_for(seat.expert.user)
    page = client.get(reverse("reviews:seat", args=[seat.pk]))
    assert b'id="accept-form"' in page.content
    client.post(reverse("reviews:seat", args=[seat.pk]), {"answer": "accept"})
    seat.refresh_from_db()
    assert seat.status == "invited"  # no declaration, no acceptance
    client.post(reverse("reviews:seat", args=[seat.pk]), {"answer": "accept", "no_conflict": "on"})
    seat.refresh_from_db()
    assert seat.status == "accepted"
    other = review.seats.order_by("rank")[1]
    assert client.get(reverse("reviews:seat", args=[other.pk])).status_code == 404


def test_the_apply_page_lists_the_checklist_and_what_blocks(world):
    client = client_for(world["ent_user"])
    page = client.get(reverse("reviews:apply", args=[world["audit"].pk, "evaluation"]))
    assert page.status_code == 200
    assert b'name="review_form"' in page.content
    assert b'name="capacity"' in page.content
    blocked = client.get(reverse("reviews:apply", args=[world["audit"].pk, "acceptance"]))
    assert b'id="blockers"' in blocked.content
    assert (
        client.get(reverse("reviews:apply", args=[world["audit"].pk, "other"])).status_code == 404
    )
