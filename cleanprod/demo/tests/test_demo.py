"""The demo loads once: a second run duplicates nothing."""

import io

import pytest
from django.core.management import call_command

from cleanprod.accounts.models import User
from cleanprod.demo.data import ACCOUNTS, DEMO_PASSWORD
from cleanprod.regions.models import Region

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing_the_second_time():
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    call_command("load_demo", "--force", stdout=out)
    assert User.objects.count() == len(ACCOUNTS)
    assert Region.objects.count() == 3218
    assert "0 regions, 0 accounts and 0 enterprises created" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    from cleanprod.registry.models import Enterprise

    assert Enterprise.objects.count() == 24
    own = User.objects.get(username="ent_qilu").assignments.get().party_id
    assert Enterprise.objects.get(pk=own).name == "齐鲁示范化工有限公司"
    county = User.objects.get(username="zd_liu")
    assert county.role_slugs() == {"county_official"}
    assert county.region.code == "370303"
