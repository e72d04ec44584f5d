"""`add_account --expert POOL_NO`: the account acts for that expert and becomes its own."""

import io

import pytest
from django.core.management import CommandError, call_command

from cleanprod.accounts.models import User
from cleanprod.accounts.scope import scope_for
from cleanprod.experts.models import Expert
from cleanprod.experts.tests.factories import make_expert

pytestmark = pytest.mark.django_db


def _run(monkeypatch, *args):
    monkeypatch.setattr("sys.stdin", io.StringIO("Script-Passw0rd\n"))
    out = io.StringIO()
    call_command("add_account", *args, stdout=out)
    return out.getvalue()


def test_add_account_binds_the_expert_by_pool_number(province_official, monkeypatch):
    # given
    expert = make_expert(province_official)
    other = make_expert(province_official, name="刘洋")
    # when
    _run(monkeypatch, "ma", "--role", "expert", "--region", "370000", "--expert", expert.pool_no)
    # then
    user = User.objects.get(username="ma")
    assert user.assignments.get().party_id == expert.pk
    assert Expert.objects.get(pk=expert.pk).user == user
    scope = scope_for(user)
    assert list(Expert.objects.in_scope(scope, "view")) == [expert]
    assert other not in Expert.objects.covered_by(scope)


def test_add_account_refuses_an_unknown_pool_number_or_the_wrong_role(
    province_official, monkeypatch
):
    expert = make_expert(province_official)
    with pytest.raises(CommandError, match="pool number ZJ370000-9999"):
        _run(
            monkeypatch, "ma", "--role", "expert", "--region", "370000", "--expert", "ZJ370000-9999"
        )
    with pytest.raises(CommandError, match="does not fit"):
        _run(
            monkeypatch,
            "li",
            "--role",
            "county_official",
            "--region",
            "370303",
            "--expert",
            expert.pool_no,
        )
    assert not User.objects.filter(username__in=["ma", "li"]).exists()
