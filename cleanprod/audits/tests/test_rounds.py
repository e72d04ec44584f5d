"""Audit rounds: closing an accepted audit records its round (a deemed round for every member
of a park or cluster audit); officials record rounds done before the system."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cleanprod.audits.models import Audit, AuditEvent, AuditRound, Track
from cleanprod.audits.services.opening import next_round_no
from cleanprod.audits.services.parks import park_audit_open
from cleanprod.audits.services.rounds import audit_close, round_record_historical
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import client_for, grant_role_perms, make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

ACCEPTED = date(2027, 3, 15)


def _accepted(audit):
    """Under acceptance: the step the acceptance review's signature closes (test data)."""
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.ACCEPTANCE)
    audit.refresh_from_db()
    return audit


@pytest.fixture
def setting(regions, industries, audit_rules, make_account):
    grant_role_perms("municipal_official", "audits.add_audit", "audits.add_auditround")
    grant_role_perms("county_official", "audits.add_auditround")
    # the close step belongs to the acceptance panel (reviews.sit_review); here officials
    # stand in for it so that the round logic is tested on its own
    grant_role_perms("municipal_official", "reviews.sit_review")
    grant_role_perms("county_official", "reviews.sit_review")
    return {
        "city": make_account("municipal_official", "370300"),
        "county": make_account("county_official", "370303"),
        "other_county": make_account("county_official", "370305"),
        "jinan": make_account("municipal_official", "370100"),
    }


def test_closing_an_enterprise_audit_records_its_round(setting):
    # given an audit whose report was accepted
    enterprise = make_enterprise("370303")
    audit = _accepted(make_audit(enterprise))
    # when acceptance passes
    audit_close(audit=audit, accepted_on=ACCEPTED, by=setting["city"])
    # then
    audit.refresh_from_db()
    assert (audit.status, audit.closed_on) == (Audit.Status.CLOSED, ACCEPTED)
    round_ = AuditRound.objects.get(enterprise=enterprise)
    assert (round_.source, round_.audit, round_.completed_on) == (
        AuditRound.Source.AUDIT,
        audit,
        ACCEPTED,
    )
    types = set(AuditEvent.objects.filter(audit=audit).values_list("type", flat=True))
    assert {AuditEvent.Type.AUDIT_CLOSED, AuditEvent.Type.ROUND_RECORDED} <= types
    assert next_round_no(enterprise) == 2


def test_closing_a_park_audit_deems_every_member_audited(setting, regions):
    members = [make_enterprise("370303"), make_enterprise("370305")]
    audit = park_audit_open(
        by=setting["city"],
        subject=Audit.Subject.CLUSTER,
        title="淄博集群",
        region=regions["370300"],
        enterprises=members,
        listed_on=date(2026, 3, 1),
    )
    audit_close(audit=_accepted(audit), accepted_on=ACCEPTED, by=setting["city"])
    rounds = AuditRound.objects.filter(audit=audit)
    assert {r.enterprise_id for r in rounds} == {m.pk for m in members}
    assert {r.source for r in rounds} == {AuditRound.Source.DEEMED}
    event = AuditEvent.objects.get(audit=audit, type=AuditEvent.Type.ROUND_RECORDED)
    assert sorted(event.data["enterprises"]) == sorted(m.pk for m in members)


def test_only_an_audit_under_acceptance_closes_and_only_once(setting):
    audit = make_audit(make_enterprise("370303"))
    with pytest.raises(TransitionNotAllowed):
        audit_close(audit=audit, accepted_on=ACCEPTED, by=setting["city"])
    _accepted(audit)
    audit_close(audit=audit, accepted_on=ACCEPTED, by=setting["city"])
    with pytest.raises(TransitionNotAllowed):
        audit_close(audit=audit, accepted_on=ACCEPTED, by=setting["city"])
    assert AuditRound.objects.count() == 1


def test_closing_needs_the_review_permission_in_the_region(setting):
    audit = _accepted(make_audit(make_enterprise("370303")))
    for who in ("other_county", "jinan"):
        with pytest.raises(PermissionDenied):
            audit_close(audit=audit, accepted_on=ACCEPTED, by=setting[who])
    with pytest.raises(DomainError):
        audit_close(audit=audit, accepted_on=date(2025, 1, 1), by=setting["city"])
    assert not AuditRound.objects.exists()


def test_an_official_records_a_round_done_before_the_system(setting):
    enterprise = make_enterprise("370303")
    round_ = round_record_historical(
        enterprise=enterprise,
        completed_on=date(2021, 6, 30),
        track=Track.MANDATORY,
        note="淄环验字〔2021〕12号",
        by=setting["county"],
    )
    assert (round_.source, round_.audit, round_.recorded_by) == (
        AuditRound.Source.HISTORICAL,
        None,
        setting["county"],
    )
    assert next_round_no(enterprise) == 2
    with pytest.raises(DomainError) as refused:
        round_record_historical(
            enterprise=enterprise,
            completed_on=date(2021, 6, 30),
            track=Track.MANDATORY,
            note="重复",
            by=setting["county"],
        )
    assert refused.value.code == "round.duplicate"


def test_a_historical_round_needs_a_past_date_a_track_and_a_source(setting):
    enterprise = make_enterprise("370303")
    with pytest.raises(DomainError) as refused:
        round_record_historical(
            enterprise=enterprise,
            completed_on=date(2099, 1, 1),
            track="x",
            note="",
            by=setting["county"],
        )
    assert set(refused.value.fields) == {"completed_on", "track", "note"}


def test_only_officials_of_the_enterprises_region_record_rounds(setting):
    enterprise = make_enterprise("370303")
    with pytest.raises(PermissionDenied):
        round_record_historical(
            enterprise=enterprise,
            completed_on=date(2021, 6, 30),
            track=Track.MANDATORY,
            note="x",
            by=setting["other_county"],
        )


def test_recording_a_round_through_the_page(setting):
    enterprise = make_enterprise("370303")
    client = client_for(setting["county"])
    assert client.get("/audits/rounds/record/").status_code == 200
    response = client.post(
        "/audits/rounds/record/",
        {
            "credit_code": enterprise.credit_code,
            "completed_on": "2020-12-01",
            "track": "mandatory",
            "note": "验收意见 2020-12",
        },
    )
    assert response.status_code == 302
    assert AuditRound.objects.get().enterprise == enterprise
    neighbour = client_for(setting["other_county"])
    refused = neighbour.post(
        "/audits/rounds/record/",
        {
            "credit_code": enterprise.credit_code,
            "completed_on": "2019-12-01",
            "track": "mandatory",
            "note": "x",
        },
    )
    assert refused.status_code == 200
    assert AuditRound.objects.count() == 1
