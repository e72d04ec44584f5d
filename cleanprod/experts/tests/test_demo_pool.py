"""The demo pool loads through the real services, twice without change, with the demo expert
accounts bound to their members and the rating rule's suspension in place."""

import pytest

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import account_create, roles_sync
from cleanprod.demo import services as demo_services
from cleanprod.demo.audits import agencies_load
from cleanprod.demo.data import ACCOUNTS, DEMO_PASSWORD, EXPERT_BINDINGS
from cleanprod.demo.experts import POOR, experts_load
from cleanprod.experts.models import Expert
from cleanprod.regions.models import Region
from cleanprod.regions.services import BUNDLED_FILE, read_region_file, regions_load
from cleanprod.registry.services.industries import catalogues_seed, industries_load

pytestmark = pytest.mark.django_db


def test_the_demo_pool_loads_once_and_binds_the_expert_accounts():
    # given: what the demo loader has made before the pool
    regions_load(rows=read_region_file(BUNDLED_FILE))
    roles_sync()
    for spec in ACCOUNTS:
        account_create(
            username=spec.username,
            password=DEMO_PASSWORD,
            region=Region.objects.current().get(code=spec.region),
            role=Role.objects.get(slug=spec.role),
        )
    industries_load()
    catalogues_seed()
    demo_services._enterprises()
    agencies_load()
    # when
    assert experts_load() == {"experts": 24}
    assert experts_load() == {"experts": 24}
    # then
    assert Expert.objects.count() == 24
    assert Expert.objects.filter(status="applied").count() == 1
    poor = Expert.objects.get(name=POOR)
    assert poor.status == "suspended"
    assert poor.status_changes.filter(rule="rating.suspend").count() == 1
    for username, name in EXPERT_BINDINGS.items():
        user = User.objects.get(username=username)
        expert = Expert.objects.get(name=name)
        assert expert.user == user
        assert user.assignments.get().party_id == expert.pk
    bound = list(EXPERT_BINDINGS.values())[:3]
    assert [Expert.objects.get(name=n).pool_no for n in bound] == [
        "ZJ370000-0001",
        "ZJ370000-0002",
        "ZJ370000-0003",
    ]
