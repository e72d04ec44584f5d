"""Park and cluster audits: one case covers a park's member enterprises or a named cluster;
officials of the region open it; a member is in one open park or cluster audit at a time."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cleanprod.accounts.scope import scope_for
from cleanprod.audits.models import Audit, AuditEvent, AuditMember, Step
from cleanprod.audits.services.parks import park_audit_open
from cleanprod.core.errors import DomainError
from cleanprod.registry.models import Enterprise, Park
from cleanprod.testing.audits import grant_role_perms
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

LISTED = date(2026, 3, 1)


@pytest.fixture
def setting(regions, industries, audit_rules, make_account):
    grant_role_perms("municipal_official", "audits.add_audit")
    grant_role_perms("county_official", "audits.add_audit")
    park = Park.objects.create(name="齐鲁化工园区", level="provincial", region=regions["370305"])
    members = [make_enterprise("370305", name=f"园区企业{i}有限公司") for i in range(3)]
    Enterprise.objects.filter(pk__in=[e.pk for e in members]).update(park=park)
    Enterprise.objects.filter(pk=members[2].pk).update(status="closed")
    return {
        "park": park,
        "members": members,
        "city": make_account("municipal_official", "370300"),
        "county": make_account("county_official", "370303"),
        "other_city": make_account("municipal_official", "370100"),
    }


def _open_park(setting, **kw):
    values = {"subject": Audit.Subject.PARK, "park": setting["park"], "listed_on": LISTED}
    values.update(kw)
    return park_audit_open(by=setting["city"], **values)


def test_a_park_audit_covers_the_parks_operating_members(setting):
    audit = _open_park(setting)
    assert audit.subject == Audit.Subject.PARK
    assert (audit.title, audit.region.code, audit.enterprise) == ("齐鲁化工园区", "370305", None)
    members = set(AuditMember.objects.filter(audit=audit).values_list("enterprise_id", flat=True))
    assert members == {setting["members"][0].pk, setting["members"][1].pk}
    assert audit.deadlines.get(step=Step.START).due_on == date(2026, 5, 1)
    assert AuditEvent.objects.filter(audit=audit, type=AuditEvent.Type.AUDIT_CREATED).exists()
    changed = AuditEvent.objects.get(audit=audit, type=AuditEvent.Type.AUDIT_DATA_CHANGED)
    assert sorted(changed.data["members"]) == sorted(members)


def test_a_park_audit_may_take_some_members_only(setting):
    first = setting["members"][0]
    audit = _open_park(setting, enterprises=[first])
    assert list(audit.members.values_list("enterprise_id", flat=True)) == [first.pk]
    outsider = make_enterprise("370305")
    with pytest.raises(DomainError) as refused:
        _open_park(setting, enterprises=[outsider])
    assert refused.value.code == "park_audit.not_in_park"


def test_a_cluster_audit_covers_chosen_enterprises_inside_its_region(setting, regions):
    a, b = make_enterprise("370303"), make_enterprise("370305")
    audit = park_audit_open(
        by=setting["city"],
        subject=Audit.Subject.CLUSTER,
        title="淄博电镀企业集群",
        region=regions["370300"],
        enterprises=[a, b],
        listed_on=LISTED,
    )
    assert audit.subject == Audit.Subject.CLUSTER
    assert set(audit.members.values_list("enterprise_id", flat=True)) == {a.pk, b.pk}
    jinan = make_enterprise("370102")
    with pytest.raises(DomainError) as refused:
        park_audit_open(
            by=setting["city"],
            subject=Audit.Subject.CLUSTER,
            title="跨市集群",
            region=regions["370300"],
            enterprises=[make_enterprise("370303"), jinan],
            listed_on=LISTED,
        )
    assert refused.value.code == "park_audit.outside_region"


def test_a_cluster_needs_a_title_a_region_and_members(setting, regions):
    base = {"by": setting["city"], "subject": Audit.Subject.CLUSTER, "listed_on": LISTED}
    with pytest.raises(DomainError):
        park_audit_open(**base, region=regions["370300"], enterprises=[make_enterprise("370303")])
    with pytest.raises(DomainError):
        park_audit_open(**base, title="集群", enterprises=[make_enterprise("370303")])
    with pytest.raises(DomainError) as refused:
        park_audit_open(**base, title="集群", region=regions["370300"], enterprises=[])
    assert refused.value.code == "park_audit.no_members"


def test_a_member_is_in_one_open_park_or_cluster_audit_at_a_time(setting, regions):
    _open_park(setting)
    with pytest.raises(DomainError) as refused:
        park_audit_open(
            by=setting["city"],
            subject=Audit.Subject.CLUSTER,
            title="临淄集群",
            region=regions["370305"],
            enterprises=[setting["members"][0]],
            listed_on=LISTED,
        )
    assert refused.value.code == "park_audit.member_busy"


def test_only_officials_of_the_parks_region_open_it(setting, make_account):
    for who in ("county", "other_city"):  # Zhangdian's county official; Jinan's city official
        with pytest.raises(PermissionDenied):
            park_audit_open(
                by=setting[who], subject=Audit.Subject.PARK, park=setting["park"], listed_on=LISTED
            )
    assert not Audit.objects.exists()
    provincial = make_account("provincial_official", "370000")  # the park's province
    park_audit_open(
        by=provincial, subject=Audit.Subject.PARK, park=setting["park"], listed_on=LISTED
    )
    assert Audit.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------


def test_opening_a_cluster_through_the_page(setting, client):
    a, b = make_enterprise("370303"), make_enterprise("370305")
    client.force_login(setting["city"])
    assert client.get("/audits/parks/new/").status_code == 200
    response = client.post(
        "/audits/parks/new/",
        {
            "subject": "cluster",
            "title": "淄博涂装集群",
            "region": setting["city"].region.pk,
            "enterprises": f"{a.credit_code}\n{b.credit_code}",
            "track": "mandatory",
            "listed_on": "2026-03-01",
        },
    )
    audit = Audit.objects.get(title="淄博涂装集群")
    assert response.status_code == 302
    page = client.get(f"/audits/parks/{audit.pk}/").content.decode()
    assert a.name in page
    assert b.name in page
    assert "淄博涂装集群" in client.get("/audits/parks/").content.decode()


def test_unknown_credit_codes_are_refused_on_the_page(setting, client):
    client.force_login(setting["city"])
    response = client.post(
        "/audits/parks/new/",
        {
            "subject": "cluster",
            "title": "集群",
            "region": setting["city"].region.pk,
            "enterprises": "91370000MA0000000X",
            "track": "mandatory",
            "listed_on": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert not Audit.objects.exists()


@pytest.mark.parametrize(("who", "expected"), [("city", 200), ("county", 404), ("other_city", 404)])
def test_who_sees_a_park_audit(setting, client, who, expected):
    audit = _open_park(setting)
    client.force_login(setting[who])
    assert client.get(f"/audits/parks/{audit.pk}/").status_code == expected


def test_the_organising_member_runs_the_park_audit(setting, make_account):
    from cleanprod.testing.audits import enterprise_account

    # given a park audit organised by one of its members
    provincial = make_account("provincial_official", "370000")
    members = setting["members"]
    audit = park_audit_open(
        by=provincial,
        subject=Audit.Subject.PARK,
        park=setting["park"],
        listed_on=LISTED,
        organiser=members[0],
    )
    # then the organiser's users reach the case; the park audit is the park's round 1
    staff = enterprise_account(members[0])
    assert Audit.objects.in_scope(scope_for(staff), "view").filter(pk=audit.pk).exists()
    assert (audit.enterprise, audit.round_no) == (members[0], 1)


def test_the_organiser_must_be_a_member(setting, make_account):
    outsider = make_enterprise("370305")
    with pytest.raises(DomainError) as refused:
        park_audit_open(
            by=make_account("provincial_official", "370000"),
            subject=Audit.Subject.PARK,
            park=setting["park"],
            listed_on=LISTED,
            organiser=outsider,
        )
    assert refused.value.code == "park_audit.organiser_not_member"
