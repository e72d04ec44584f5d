"""Applications, examination, status transitions, final states, documents, conflicts and the
append-only records of the expert pool."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cleanprod.accounts.models import Notice
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Conflict, Expert, Rating, StatusChange
from cleanprod.experts.services import (
    conflict_declare,
    conflict_withdraw,
    expert_admit,
    expert_apply,
    expert_document_add,
    expert_rate,
    expert_reinstate,
    expert_reject,
    expert_remove,
    expert_status_set,
    expert_suspend,
)
from cleanprod.experts.services.common import add_months
from cleanprod.experts.tests.factories import (
    apply_data,
    bind_expert_account,
    make_expert,
    pdf,
)
from cleanprod.registry.credit_codes import make_code
from cleanprod.trail.models import AppendOnlyError, TrailEvent

pytestmark = pytest.mark.django_db
CODE = make_code("91370303MA0000777")


# --- application --------------------------------------------------------------------------


def test_apply_records_an_applicant_with_a_pool_number_of_the_province(province_official):
    # when
    first = expert_apply(
        by=province_official,
        data=apply_data("370303", employer_credit_code=CODE.lower()),
        specialties=["26", "33"],
        documents=[("cv", pdf())],
    )
    second = expert_apply(by=province_official, data=apply_data("370102"), specialties=["22"])
    # then
    assert (first.pool_no, second.pool_no) == ("ZJ370000-0001", "ZJ370000-0002")
    assert first.status == Expert.Status.APPLIED
    assert first.employer_credit_code == CODE
    assert sorted(first.specialties.values_list("code", flat=True)) == ["26", "33"]
    assert first.documents.get().kind == "cv"
    assert first.status_changes.get().to_status == Expert.Status.APPLIED
    assert TrailEvent.objects.filter(action=ExpertAction.APPLIED, object_id=str(first.pk)).exists()


@pytest.mark.parametrize(
    ("data", "specialties", "code", "field"),
    [
        ({"title": " "}, ["26"], "expert.title_required", "title"),
        ({"name": ""}, ["26"], "expert.name_required", "name"),
        ({"employer": ""}, ["26"], "expert.employer_required", "employer"),
        ({}, ["2614"], "expert.specialties", "specialties"),
        ({}, ["C"], "expert.specialties", "specialties"),
        ({}, ["99"], "expert.specialties", "specialties"),
        ({}, [], "expert.specialties", "specialties"),
        (
            {"employer_credit_code": CODE[:17] + "0"},
            ["26"],
            "expert.employer_credit_code",
            "employer_credit_code",
        ),
        ({"expertise": ["astrology"]}, ["26"], "expert.expertise", "expertise"),
        ({"email": "not-an-email"}, ["26"], "expert.invalid", "email"),
    ],
)
def test_apply_refuses_bad_input_naming_the_field_and_writes_nothing(
    province_official, data, specialties, code, field
):
    # when
    with pytest.raises(DomainError) as refused:
        expert_apply(by=province_official, data=apply_data(**data), specialties=specialties)
    # then
    assert refused.value.code == code
    assert field in refused.value.fields
    assert not Expert.objects.exists()
    assert not StatusChange.objects.exists()


def test_apply_is_refused_to_a_county_official(make_account, industries):
    county = make_account("county_official", "370303")
    with pytest.raises(PermissionDenied):
        expert_apply(by=county, data=apply_data("370303"), specialties=["26"])
    assert not Expert.objects.exists()


def test_a_city_official_records_applications_only_in_the_city(make_account, industries):
    city = make_account("municipal_official", "370300")
    expert_apply(by=city, data=apply_data("370303"), specialties=["26"])
    with pytest.raises(PermissionDenied):
        expert_apply(by=city, data=apply_data("370102"), specialties=["26"])


# --- examination and status ---------------------------------------------------------------


def test_admit_makes_the_applicant_active_with_a_reevaluation_date(province_official):
    # given
    expert = make_expert(province_official, admit=False)
    # when
    expert = expert_admit(expert=expert, by=province_official, note="材料齐全")
    # then
    today = timezone.localdate()
    assert expert.status == Expert.Status.ACTIVE
    assert expert.admitted_on == today
    assert expert.next_reevaluation_on == add_months(today, 12)
    change = expert.status_changes.order_by("-id").first()
    assert (change.from_status, change.to_status, change.reason) == (
        "applied",
        "active",
        "材料齐全",
    )
    assert change.by == province_official


def test_reject_needs_a_reason_and_is_final(province_official):
    expert = make_expert(province_official, admit=False)
    with pytest.raises(DomainError) as refused:
        expert_reject(expert=expert, by=province_official, reason="  ")
    assert refused.value.code == "expert.reason_required"
    expert = expert_reject(expert=expert, by=province_official, reason="职称不符合要求")
    assert expert.status == Expert.Status.REJECTED
    with pytest.raises(TransitionNotAllowed):
        expert_admit(expert=expert, by=province_official)
    with pytest.raises(TransitionNotAllowed):
        expert_status_set(expert=expert, to="active", reason="x", by=province_official)


def test_suspend_reinstate_remove_follow_the_table_and_removal_is_final(province_official):
    expert = make_expert(province_official)
    with pytest.raises(TransitionNotAllowed):
        expert_reinstate(expert=expert, by=province_official, reason="不适用")
    expert = expert_suspend(expert=expert, by=province_official, reason="评审中迟到两次")
    assert (expert.status, expert.status_reason) == ("suspended", "评审中迟到两次")
    expert = expert_reinstate(expert=expert, by=province_official, reason="已整改")
    assert expert.status == "active"
    expert = expert_remove(expert=expert, by=province_official, reason="本人申请退出")
    assert expert.status == "removed"
    for step in (expert_suspend, expert_reinstate, expert_remove):
        with pytest.raises(TransitionNotAllowed):
            step(expert=expert, by=province_official, reason="再次")
    assert [c.to_status for c in expert.status_changes.order_by("id")] == [
        "applied",
        "active",
        "suspended",
        "active",
        "removed",
    ]


def test_admit_is_refused_to_officials_without_the_permission(province_official, make_account):
    expert = make_expert(province_official, admit=False, region="370303")
    county = make_account("county_official", "370303")
    with pytest.raises(PermissionDenied):
        expert_admit(expert=expert, by=county)
    assert Expert.objects.get(pk=expert.pk).status == "applied"


def test_a_status_change_is_told_to_the_expert_and_lands_in_the_trail(province_official):
    expert = make_expert(province_official)
    account = bind_expert_account(expert)
    expert_suspend(expert=expert, by=province_official, reason="暂停一年")
    notice = Notice.objects.get(recipient=account)
    assert notice.body == "暂停一年"
    event = TrailEvent.objects.filter(action=ExpertAction.STATUS_CHANGED).order_by("-id").first()
    assert event.details["to"] == "suspended"
    assert event.details["reason"] == "暂停一年"


def test_a_rule_made_change_must_name_its_rule(province_official):
    expert = make_expert(province_official)
    with pytest.raises(ValueError, match="rule"):
        expert_status_set(expert=expert, to="suspended", reason="x")


# --- append-only --------------------------------------------------------------------------


def test_status_changes_and_ratings_are_append_only(province_official):
    # given
    expert = make_expert(province_official)
    rating = expert_rate(
        expert=expert,
        source="seat:1",
        label="评估",
        punctuality=5,
        quality=5,
        independence=5,
        by=province_official,
    )
    change = expert.status_changes.first()
    # then
    for row in (change, rating):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
        with pytest.raises(AppendOnlyError):
            type(row).objects.filter(pk=row.pk).update(pk=row.pk)
        with pytest.raises(AppendOnlyError):
            type(row).objects.filter(pk=row.pk).delete()


@pytest.mark.parametrize("table", ["experts_statuschange", "experts_rating"])
def test_the_database_refuses_updates_of_the_append_only_tables(province_official, table):
    expert = make_expert(province_official)
    expert_rate(
        expert=expert,
        source="seat:1",
        label="评估",
        punctuality=5,
        quality=5,
        independence=5,
        by=province_official,
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET expert_id = expert_id")  # noqa: S608
    assert StatusChange.objects.filter(expert=expert).count() == 2
    assert Rating.objects.filter(expert=expert).count() == 1


# --- documents ----------------------------------------------------------------------------


def test_documents_are_checked_by_their_content(province_official):
    expert = make_expert(province_official, admit=False)
    document = expert_document_add(expert=expert, kind="title", file=pdf(), by=province_official)
    assert len(document.sha256) == 64
    fake = SimpleUploadedFile("cert.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        expert_document_add(expert=expert, kind="title", file=fake, by=province_official)
    assert refused.value.code == "document.content_mismatch"
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(DomainError):
        expert_document_add(expert=expert, kind="other", file=exe, by=province_official)
    assert expert.documents.count() == 1


# --- conflicts ----------------------------------------------------------------------------


def test_an_expert_declares_and_withdraws_own_conflicts_only(province_official):
    # given
    mine = make_expert(province_official)
    other = make_expert(province_official, name="刘洋")
    account = bind_expert_account(mine)
    until = timezone.localdate() + datetime.timedelta(days=365)
    # when
    conflict = conflict_declare(
        expert=mine,
        by=account,
        kind="former_employer",
        credit_code=CODE.lower(),
        organisation="张店示范电镀有限公司",
        until=until,
    )
    # then
    assert conflict.credit_code == CODE
    with pytest.raises(PermissionDenied):
        conflict_declare(
            expert=other, by=account, kind="other", credit_code=CODE, organisation="某公司"
        )
    with pytest.raises(DomainError) as refused:
        conflict_declare(
            expert=mine, by=account, kind="past_client", credit_code=CODE, organisation="又一次"
        )
    assert refused.value.status == 409
    conflict_withdraw(conflict=conflict, by=account, reason="已离职五年")
    assert not Conflict.objects.filter(pk=conflict.pk).exists()
    assert TrailEvent.objects.filter(action=ExpertAction.CONFLICT_WITHDRAWN).exists()


def test_an_official_records_a_conflict_and_bad_codes_are_refused(province_official):
    expert = make_expert(province_official)
    conflict_declare(
        expert=expert,
        by=province_official,
        kind="relation",
        credit_code=CODE,
        organisation="齐鲁示范化工有限公司",
        note="配偶任职",
    )
    with pytest.raises(DomainError) as refused:
        conflict_declare(
            expert=expert,
            by=province_official,
            kind="relation",
            credit_code="123",
            organisation="某公司",
        )
    assert "credit_code" in refused.value.fields
    assert expert.conflicts.count() == 1
