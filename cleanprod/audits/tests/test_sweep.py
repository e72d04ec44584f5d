"""The daily sweep: reminders before the due date, then overdue alerts to the enterprise, its
agency and the county, escalation to the city and the province; each notice once."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cleanprod.accounts.models import Notice
from cleanprod.audits.models import Audit, AuditEvent, AuditPolicy, Step
from cleanprod.audits.services.opening import deadline_meet
from cleanprod.audits.services.sweep import deadlines_sweep
from cleanprod.audits.tasks import next_sweep_at, sweep_deadlines_task
from cleanprod.testing.audits import agency_account, enterprise_account, make_agency, make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

LISTED = date(2026, 1, 31)  # disclose due 02-28, start due 03-31, report due 2027-01-31
START_DUE = date(2026, 3, 31)


@pytest.fixture
def case(regions, industries, audit_rules, make_account):
    """An audit in Zhangdian (370303) with its agency; only the start is left unmet."""
    enterprise = make_enterprise("370303")
    agency = make_agency("370300")
    audit = make_audit(enterprise, listed_on=LISTED)
    Audit.objects.filter(pk=audit.pk).update(agency=agency)
    audit.refresh_from_db()
    deadline_meet(audit=audit, step=Step.DISCLOSE, on=date(2026, 2, 20), by=None)
    people = {
        "enterprise": enterprise_account(enterprise),
        "agency": agency_account(agency),
        "county": make_account("county_official", "370303"),
        "other_county": make_account("county_official", "370305"),
        "city": make_account("municipal_official", "370300"),
        "province": make_account("provincial_official", "370000"),
        "other_province": make_account("provincial_official", "440000"),
    }
    return audit, people


def _subjects(user):
    return list(Notice.objects.filter(recipient=user).values_list("key", flat=True))


def _start(audit):
    return audit.deadlines.get(step=Step.START)


def test_nothing_happens_before_the_reminder_window(case):
    _audit, _people = case
    result = deadlines_sweep(today=date(2026, 3, 16))  # 15 days before; default window 14
    assert result.reminded == 0
    assert Notice.objects.count() == 0


def test_the_enterprise_and_agency_are_reminded_once_when_the_deadline_is_near(case):
    # given the start is due 03-31 and the policy reminds 14 days before
    audit, people = case
    # when the sweep runs on 03-17 and again the same day and the next
    first = deadlines_sweep(today=date(2026, 3, 17))
    deadlines_sweep(today=date(2026, 3, 17))
    deadlines_sweep(today=date(2026, 3, 18))
    # then the enterprise and the agency got one reminder each; no official did
    deadline = _start(audit)
    assert first.reminded == 1
    assert first.notices == 2
    assert deadline.reminded_at is not None
    assert deadline.overdue_level == 0
    key = f"deadline:{deadline.pk}:remind"
    assert _subjects(people["enterprise"]) == [key]
    assert _subjects(people["agency"]) == [key]
    assert _subjects(people["county"]) == []
    events = AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.DEADLINE_REMINDED)
    assert events.count() == 1
    assert events.get().data["step"] == Step.START


def test_the_day_after_the_due_date_the_county_is_alerted(case):
    audit, people = case
    assert deadlines_sweep(today=START_DUE).overdue == 0  # due today is not overdue
    result = deadlines_sweep(today=date(2026, 4, 1))
    deadline = _start(audit)
    assert result.overdue == 1
    assert deadline.overdue_level == 1
    overdue = f"deadline:{deadline.pk}:overdue"
    assert overdue in _subjects(people["enterprise"])
    assert overdue in _subjects(people["agency"])
    assert _subjects(people["county"]) == [overdue]
    assert _subjects(people["other_county"]) == []
    assert _subjects(people["city"]) == []
    event = AuditEvent.objects.get(audit=audit, type=AuditEvent.Type.DEADLINE_OVERDUE)
    assert event.actor is None
    assert event.data == {"step": "start", "due_on": "2026-03-31"}


def test_escalation_reaches_the_city_then_the_province(case):
    audit, people = case
    deadlines_sweep(today=date(2026, 4, 1))
    assert deadlines_sweep(today=date(2026, 4, 14)).escalated_city == 0
    assert deadlines_sweep(today=date(2026, 4, 15)).escalated_city == 1  # due + 15 days
    deadline = _start(audit)
    assert deadline.overdue_level == 2
    assert _subjects(people["city"]) == [f"deadline:{deadline.pk}:city"]
    assert _subjects(people["province"]) == []
    assert deadlines_sweep(today=date(2026, 4, 29)).escalated_province == 0
    assert deadlines_sweep(today=date(2026, 4, 30)).escalated_province == 1  # due + 30 days
    assert _start(audit).overdue_level == 3
    assert _subjects(people["province"]) == [f"deadline:{deadline.pk}:province"]
    assert _subjects(people["other_province"]) == []
    escalated = AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.DEADLINE_ESCALATED)
    assert sorted(e.data["to"] for e in escalated) == ["city", "province"]


def test_a_late_first_sweep_catches_up_every_stage_once(case):
    audit, people = case
    result = deadlines_sweep(today=date(2026, 5, 10))
    again = deadlines_sweep(today=date(2026, 5, 10))
    assert (result.overdue, result.escalated_city, result.escalated_province) == (1, 1, 1)
    assert result.reminded == 0  # an overdue step gets the overdue notice, not a reminder
    assert again.notices == 0
    assert again.overdue == 0
    assert _start(audit).overdue_level == 3
    assert len(_subjects(people["county"])) == 1
    assert Notice.objects.filter(key__endswith=":overdue").count() == 3


def test_sweeping_twice_sends_each_notice_once(case):
    audit, people = case
    for day in [date(2026, 3, 20), date(2026, 4, 2), date(2026, 4, 16), date(2026, 5, 1)]:
        deadlines_sweep(today=day)
        deadlines_sweep(today=day)
    deadline = _start(audit)
    keys = list(Notice.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))
    assert _subjects(people["enterprise"]) == [
        f"deadline:{deadline.pk}:overdue",
        f"deadline:{deadline.pk}:remind",
    ]
    assert (
        AuditEvent.objects.filter(audit=audit, type__startswith="deadline.")
        .exclude(type=AuditEvent.Type.DEADLINE_MET)
        .count()
        == 4
    )


def test_met_deadlines_and_closed_audits_are_left_alone(case):
    audit, _people = case
    deadline_meet(audit=audit, step=Step.START, on=date(2026, 4, 5), by=None)
    assert deadlines_sweep(today=date(2026, 5, 10)).notices == 0
    other = make_audit(make_enterprise("370303"), listed_on=LISTED)
    Audit.objects.filter(pk=other.pk).update(status=Audit.Status.WITHDRAWN)
    assert deadlines_sweep(today=date(2026, 5, 10)).notices == 0
    assert not Notice.objects.exists()


def test_a_provincial_policy_changes_the_reminder_window(case, regions):
    # given Shandong reminds 30 days ahead
    _audit, _people = case
    AuditPolicy.objects.create(region=regions["370000"], due_soon_days=30)
    # when
    result = deadlines_sweep(today=date(2026, 3, 2))
    # then
    assert result.reminded == 1


def test_the_command_sweeps_as_of_a_given_date(case, capsys):
    audit, _people = case
    call_command("sweep_deadlines", "--date", "2026-04-01")
    assert "overdue=1" in capsys.readouterr().out
    assert _start(audit).overdue_level == 1


def test_the_task_sweeps_today_and_queues_itself_for_01_00(case):
    backend = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=backend):
        from django_tasks import default_task_backend

        result = sweep_deadlines_task.call()
        queued = default_task_backend.results
        assert len(queued) == 1
        assert queued[0].task.run_after.time().hour == 1
    assert set(result) >= {"reminded", "overdue", "notices"}


def test_the_next_sweep_is_at_01_00_local_time():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")
    before = datetime(2026, 4, 1, 0, 30, tzinfo=shanghai)
    after = datetime(2026, 4, 1, 1, 0, tzinfo=shanghai)
    with override_settings(TIME_ZONE="Asia/Shanghai"):
        assert next_sweep_at(before) == datetime(2026, 4, 1, 1, 0, tzinfo=shanghai)
        assert next_sweep_at(after) == datetime(2026, 4, 2, 1, 0, tzinfo=shanghai)


def test_the_database_queue_holds_one_waiting_sweep_at_a_time(db):
    from django_tasks_db.models import DBTaskResult

    from cleanprod.audits.tasks import schedule_next_sweep

    backend = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    with override_settings(TASKS=backend):
        assert schedule_next_sweep() is True
        assert schedule_next_sweep() is False
    [waiting] = DBTaskResult.objects.all()
    assert waiting.task_path == sweep_deadlines_task.module_path
    assert waiting.run_after > timezone.now()
