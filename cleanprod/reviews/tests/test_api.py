"""/api/v1/reviews/ and /api/v1/seats/: every action through the API (apply, return, draw,
answer, meeting, sheet, sign, publish, amend, rate), the one error shape, and the scoping
rules (an expert sees only their own seats; an enterprise sees the panel once final; the
draw's candidates go to organisers only until publication; out of scope is 404)."""

import pytest
import time_machine

from cleanprod.reviews.models import Outcome, Review, Seat, Stage
from cleanprod.reviews.services.meetings import earliest_meeting
from cleanprod.testing.audits import client_for, enterprise_account
from cleanprod.testing.registry import make_enterprise
from cleanprod.testing.reviews import application_files, evaluation_ready

pytestmark = pytest.mark.django_db

FULL = {"1": 9, "2": 13, "3": 13, "4": 17, "5": 13, "6": 13, "7": 8}  # 86


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def apply_via_api(world, client=None, files=None):
    client = client or client_for(world["ent_user"])
    data = {"audit": world["audit"].pk, "stage": Stage.EVALUATION, "note": "申请评估"}
    data.update(application_files(Stage.EVALUATION) if files is None else files)
    return client.post("/api/v1/reviews/", data)  # multipart


def drawn(world):
    body = apply_via_api(world).json()
    city = client_for(world["city"])
    assert post(city, f"/api/v1/reviews/{body['id']}/draw/").status_code == 200
    return Review.objects.get(pk=body["id"])


def accept_all_via_api(review):
    for seat in review.seats.filter(status=Seat.Status.INVITED).select_related("expert__user"):
        response = post(
            client_for(seat.expert.user),
            f"/api/v1/seats/{seat.pk}/answer/",
            {"accept": True, "no_conflict": True},
        )
        assert response.status_code == 200, response.json()


def test_apply_creates_the_review_and_refuses_missing_documents(world):
    # given
    client = client_for(world["ent_user"])
    # when a file is missing
    missing = apply_via_api(
        world, client, files={"review_form": application_files("evaluation")["review_form"]}
    )
    # then
    assert missing.status_code == 400
    body = missing.json()
    assert body["code"] == "review.documents_missing"
    assert set(body["fields"]) == {"capacity"}
    assert not Review.objects.exists()
    # when complete
    created = apply_via_api(world, client)
    assert created.status_code == 201
    assert created.json()["status"] == Review.Status.APPLIED
    assert created.json()["stage"] == Stage.EVALUATION
    assert created.json()["seats"] == []
    # a second open application for the stage is a transition the audit does not allow
    again = apply_via_api(world, client)
    assert again.status_code == 409


def test_applying_for_an_audit_out_of_scope_is_not_found(world):
    stranger = enterprise_account(make_enterprise("370305"))
    response = apply_via_api(world, client_for(stranger))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_list_is_scoped_and_filters_by_stage_status_and_audit(world):
    review = drawn(world)
    other = evaluation_ready(make_enterprise("370303"))
    other_review = apply_via_api(
        {**world, "audit": other, "ent_user": enterprise_account(other.enterprise)}
    ).json()
    city = client_for(world["city"])

    def ids(client, params=None):
        rows = client.get("/api/v1/reviews/", params or {}).json()["results"]
        return {r["id"] for r in rows}

    assert ids(city) == {review.pk, other_review["id"]}
    assert ids(city, {"status": Review.Status.DRAWING}) == {review.pk}
    assert ids(city, {"audit": other.pk}) == {other_review["id"]}
    assert ids(city, {"stage": Stage.ACCEPTANCE}) == set()
    assert ids(client_for(world["ent_user"])) == {review.pk}
    assert ids(client_for(world["jinan"])) == set()
    assert client_for(world["jinan"]).get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    invited = review.seats.first().expert.user
    assert ids(client_for(invited)) == {review.pk}
    outsider = next(e for e in world["pool"] if not review.seats.filter(expert=e).exists())
    assert ids(client_for(outsider.user)) == set()


def test_return_needs_the_organiser_and_a_reason(world):
    review_id = apply_via_api(world).json()["id"]
    url = f"/api/v1/reviews/{review_id}/return/"
    refused = post(client_for(world["ent_user"]), url, {"reason": "x"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    empty = post(client_for(world["city"]), url, {"reason": " "})
    assert empty.status_code == 400
    assert empty.json()["code"] == "review.reason_required"
    assert "reason" in empty.json()["fields"]
    done = post(client_for(world["city"]), url, {"reason": "申请表未盖章"})
    assert done.status_code == 200
    assert done.json()["status"] == Review.Status.RETURNED
    assert done.json()["returned_reason"] == "申请表未盖章"


def test_the_draw_is_shown_to_organisers_and_seats_by_who_asks(world):
    # given
    review = drawn(world)
    url = f"/api/v1/reviews/{review.pk}/"
    # then the organiser sees the draw and every seat
    organiser = client_for(world["city"]).get(url).json()
    assert organiser["status"] == Review.Status.DRAWING
    assert organiser["draw"]["seed"]
    assert len(organiser["draw"]["candidates"]) == 6
    assert len(organiser["seats"]) == 3
    assert "answer" not in organiser["actions"]
    # the enterprise sees no panel and no draw before the panel is final
    enterprise = client_for(world["ent_user"]).get(url).json()
    assert enterprise["seats"] == []
    assert enterprise["draw"] is None
    # an invited expert sees only their own seat, no candidates
    seat = review.seats.order_by("rank").first()
    expert_view = client_for(seat.expert.user).get(url).json()
    assert [s["id"] for s in expert_view["seats"]] == [seat.pk]
    assert expert_view["draw"] is None
    assert "answer" in expert_view["actions"]
    # drawing again is a conflict with the status
    again = post(client_for(world["city"]), f"{url}draw/")
    assert again.status_code == 409
    assert again.json()["code"] == "review.already_drawn"


def test_an_expert_lists_and_answers_only_their_own_seats(world):
    review = drawn(world)
    first, second = review.seats.order_by("rank")[:2]
    client = client_for(first.expert.user)
    listed = client.get("/api/v1/seats/").json()["results"]
    assert [s["id"] for s in listed] == [first.pk]
    assert client.get(f"/api/v1/seats/{second.pk}/").status_code == 404
    assert post(client, f"/api/v1/seats/{second.pk}/answer/", {"accept": True}).status_code == 404
    undeclared = post(client, f"/api/v1/seats/{first.pk}/answer/", {"accept": True})
    assert undeclared.status_code == 400
    assert undeclared.json()["code"] == "review.declaration_required"
    declined = post(
        client, f"/api/v1/seats/{first.pk}/answer/", {"accept": False, "reason": "出差"}
    )
    assert declined.status_code == 200
    assert declined.json()["status"] == Seat.Status.DECLINED
    assert declined.json()["decline_reason"] == "出差"
    # the next expert of the ranking is invited in the declined seat's place
    assert review.seats.filter(status=Seat.Status.INVITED).count() == 3
    # the organiser lists every seat of the review, with the reason
    organiser = client_for(world["city"]).get("/api/v1/seats/").json()["results"]
    assert len(organiser) == 4
    assert {s["decline_reason"] for s in organiser} == {"", "出差"}
    # another expert does not see the reason (nor the seat)
    other = client_for(second.expert.user).get("/api/v1/seats/").json()["results"]
    assert [s["id"] for s in other] == [second.pk]


def test_the_whole_review_through_the_api(world):
    # given a drawn panel whose members accept
    review = drawn(world)
    accept_all_via_api(review)
    review.refresh_from_db()
    assert review.status == Review.Status.PANEL_FINAL
    url = f"/api/v1/reviews/{review.pk}/"
    city, enterprise = client_for(world["city"]), client_for(world["ent_user"])
    # the enterprise now sees the panel, still without the draw's candidates
    seen = enterprise.get(url).json()
    assert len(seen["seats"]) == 3
    assert seen["draw"] is None
    # meeting: too soon is refused with the field named, the earliest day is accepted
    meeting = earliest_meeting(review)
    soon = post(
        city, f"{url}meeting/", {"on": review.documents_released_on.isoformat(), "place": "会议室"}
    )
    assert soon.status_code == 400
    assert soon.json()["code"] == "review.meeting_too_soon"
    assert "on" in soon.json()["fields"]
    set_meeting = post(city, f"{url}meeting/", {"on": meeting.isoformat(), "place": "会议室"})
    assert set_meeting.status_code == 200
    assert set_meeting.json()["meeting_on"] == meeting.isoformat()
    members = list(review.seats.filter(status=Seat.Status.ACCEPTED).order_by("rank"))
    leader = next(s for s in members if s.is_leader)
    with time_machine.travel(meeting, tick=False):
        # sheets: a bad item names the field; a draft saves; submit freezes
        member = client_for(members[0].expert.user)
        bad = post(member, f"{url}sheet/", {"scores": {**FULL, "4": 99}, "comment": "x"})
        assert bad.status_code == 400
        assert "item_4" in bad.json()["fields"]
        draft = post(member, f"{url}sheet/", {"scores": FULL, "comment": "规范"})
        assert draft.status_code == 200
        assert draft.json()["my_sheet"]["submitted_at"] is None
        assert draft.json()["my_sheet"]["total"] == "86.0"
        outsider = client_for(world["county"])
        assert post(outsider, f"{url}sheet/", {"scores": FULL}).status_code == 403
        for seat in members:
            done = post(
                client_for(seat.expert.user),
                f"{url}sheet/",
                {"scores": FULL, "comment": "报告规范", "submit": True},
            )
            assert done.status_code == 200, done.json()
        frozen = post(member, f"{url}sheet/", {"scores": FULL, "comment": "改", "submit": True})
        assert frozen.status_code == 409
        # sign: only the leader, with a conclusion the score allows
        not_leader = next(s for s in members if not s.is_leader)
        assert (
            post(
                client_for(not_leader.expert.user),
                f"{url}sign/",
                {"outcome": "pass", "opinion": "x"},
            ).status_code
            == 403
        )
        wrong = post(
            client_for(leader.expert.user),
            f"{url}sign/",
            {"outcome": Outcome.FAIL_REAUDIT, "opinion": "x"},
        )
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "review.outcome_not_allowed"
        signed = post(
            client_for(leader.expert.user),
            f"{url}sign/",
            {"outcome": Outcome.PASS, "opinion": "同意通过评估。"},
        )
    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == Review.Status.CONCLUDED
    assert signed.json()["mean_score"] == "86.0"
    # publish: the organiser; then the draw is public to the enterprise too
    assert post(enterprise, f"{url}publish/").status_code == 403
    published = post(city, f"{url}publish/")
    assert published.status_code == 200
    assert published.json()["status"] == Review.Status.PUBLISHED
    assert enterprise.get(url).json()["draw"]["seed"] == review.draws.get().seed
    # amend: recorded, within pass; pass → fail refused
    cross = post(city, f"{url}amend/", {"reason": "笔误", "outcome": Outcome.FAIL_REAUDIT})
    assert cross.status_code == 400
    assert cross.json()["code"] == "review.amend_outcome"
    amended = post(
        city,
        f"{url}amend/",
        {
            "reason": "补充整改要求",
            "outcome": Outcome.PASS_WITH_RECTIFICATION,
            "rectification": "补充监测数据",
        },
    )
    assert amended.status_code == 200
    assert amended.json()["outcome"] == Outcome.PASS_WITH_RECTIFICATION
    assert review.amendments.count() == 1
    # rate: the organiser rates a member; the member cannot rate
    rate_url = f"/api/v1/seats/{leader.pk}/rate/"
    scores = {"punctuality": 5, "quality": 4, "independence": 5}
    assert post(client_for(leader.expert.user), rate_url, scores).status_code == 403
    out_of_range = post(city, rate_url, {**scores, "quality": 9})
    assert out_of_range.status_code == 400
    assert out_of_range.json()["code"] == "invalid"
    rated = post(city, rate_url, {**scores, "comment": "准时"})
    assert rated.status_code == 201
    assert rated.json()["expert"] == leader.expert.pool_no


def test_the_organiser_names_the_leader_among_members(world):
    review = drawn(world)
    accept_all_via_api(review)
    url = f"/api/v1/reviews/{review.pk}/leader/"
    other = review.seats.filter(status=Seat.Status.ACCEPTED, is_leader=False).first()
    unknown = post(client_for(world["city"]), url, {"seat": 999999})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "review.seat_unknown"
    named = post(client_for(world["city"]), url, {"seat": other.pk})
    assert named.status_code == 200
    assert Seat.objects.get(pk=other.pk).is_leader


def test_the_list_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for _ in range(3):
        other = evaluation_ready(make_enterprise("370303"))
        apply_via_api({**world, "audit": other, "ent_user": enterprise_account(other.enterprise)})
    city = client_for(world["city"])
    with django_assert_max_num_queries(10):
        body = city.get("/api/v1/reviews/").json()
    assert len(body["results"]) == 3
