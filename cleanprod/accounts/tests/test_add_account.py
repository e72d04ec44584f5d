"""`add_account`: provisioning for scripts, with the password read from standard input."""

import io

import pytest
from django.core.management import CommandError, call_command

from cleanprod.accounts.models import User
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


def _run(monkeypatch, *args, stdin="Script-Passw0rd\n"):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("add_account", *args, stdout=out)
    return out.getvalue()


def test_creates_an_account_with_its_role_in_the_region(regions, monkeypatch):
    out = _run(
        monkeypatch, "zhang", "--role", "county_official", "--region", "370303", "--name", "张三"
    )
    user = User.objects.get(username="zhang")
    assert "created zhang" in out
    assert user.check_password("Script-Passw0rd")
    assert user.region.code == "370303"
    assert user.display_name == "张三"
    assert [(a.role.slug, a.region.code) for a in user.assignments.all()] == [
        ("county_official", "370303")
    ]
    assert TrailEvent.objects.filter(
        action=TrailEvent.Action.ACCOUNT_CREATED, object_id=str(user.pk)
    ).exists()


def test_refuses_a_weak_password_and_writes_nothing(regions, monkeypatch):
    with pytest.raises(CommandError, match="10"):
        _run(
            monkeypatch, "weak", "--role", "county_official", "--region", "370303", stdin="short\n"
        )
    assert not User.objects.filter(username="weak").exists()


def test_refuses_a_second_admin_role_for_the_same_person(regions, monkeypatch):
    # given
    _run(monkeypatch, "guard", "--role", "security_admin", "--region", "370000")
    # when / then
    with pytest.raises(CommandError, match="security_admin"):
        _run(monkeypatch, "guard", "--role", "audit_admin", "--region", "370000")
    with pytest.raises(CommandError, match="security_admin"):
        _run(monkeypatch, "guard", "--role", "provincial_official", "--region", "370000")
    assert User.objects.get(username="guard").role_slugs() == {"security_admin"}


def test_refuses_an_admin_role_for_someone_with_a_business_role(regions, monkeypatch):
    _run(monkeypatch, "wang", "--role", "provincial_official", "--region", "370000")
    with pytest.raises(CommandError, match="provincial_official"):
        _run(monkeypatch, "wang", "--role", "system_admin", "--region", "370000")


def test_grants_another_business_role_to_an_existing_account(regions, monkeypatch):
    _run(monkeypatch, "li", "--role", "municipal_official", "--region", "370300")
    out = _run(monkeypatch, "li", "--role", "energy_official", "--region", "370300", stdin="")
    assert "granted energy_official" in out
    assert User.objects.get(username="li").role_slugs() == {"municipal_official", "energy_official"}


def test_refuses_a_role_outside_the_accounts_home_region(regions, monkeypatch):
    _run(monkeypatch, "zhou", "--role", "county_official", "--region", "370303")
    with pytest.raises(CommandError, match="370303"):
        _run(monkeypatch, "zhou", "--role", "county_official", "--region", "370305")


def test_refuses_an_unknown_region(regions, monkeypatch):
    with pytest.raises(CommandError, match="999999"):
        _run(monkeypatch, "nobody", "--role", "county_official", "--region", "999999")


def test_an_enterprise_user_is_bound_to_its_enterprise_by_credit_code(
    regions, industries, monkeypatch
):
    from cleanprod.testing.registry import make_enterprise

    enterprise = make_enterprise("370303")
    _run(
        monkeypatch,
        "qiye",
        "--role",
        "enterprise_user",
        "--region",
        "370303",
        "--enterprise",
        enterprise.credit_code.lower(),
    )
    assignment = User.objects.get(username="qiye").assignments.get()
    assert assignment.party_id == enterprise.pk
    with pytest.raises(CommandError, match="no enterprise"):
        _run(
            monkeypatch,
            "qiye2",
            "--role",
            "enterprise_user",
            "--region",
            "370303",
            "--enterprise",
            "91110000600037341L",
        )


def test_agency_staff_are_bound_to_their_agency_by_credit_code(regions, monkeypatch):
    from cleanprod.testing.audits import make_agency

    # given a registered agency
    agency = make_agency("370300")
    # when its staff member is provisioned with the agency's credit code
    _run(
        monkeypatch,
        "zixun",
        "--role",
        "agency_staff",
        "--region",
        "370300",
        "--agency",
        agency.credit_code,
    )
    # then the role acts for that agency; an enterprise's option does not fit the role
    assert User.objects.get(username="zixun").assignments.get().party_id == agency.pk
    with pytest.raises(CommandError, match="does not fit the role"):
        _run(
            monkeypatch,
            "zixun2",
            "--role",
            "enterprise_user",
            "--region",
            "370300",
            "--agency",
            agency.credit_code,
        )
