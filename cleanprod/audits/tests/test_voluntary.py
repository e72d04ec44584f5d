"""Voluntary audits: an enterprise applies for itself, the municipal authority covering it
accepts (opening a voluntary audit counted from that day) or declines with reasons."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cleanprod.accounts.models import Notice
from cleanprod.audits.models import Audit, AuditEvent, Step, Track, VoluntaryApplication
from cleanprod.audits.services.voluntary import (
    voluntary_accept,
    voluntary_apply,
    voluntary_decline,
)
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import client_for, enterprise_account, make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(regions, industries, audit_rules, make_account):
    enterprise = make_enterprise("370303", name="张店自愿化工有限公司")
    return {
        "enterprise": enterprise,
        "staff": enterprise_account(enterprise),
        "city": make_account("municipal_official", "370300"),
        "other_city": make_account("municipal_official", "370100"),
        "county": make_account("county_official", "370303"),
    }


def _apply(setting, **kw):
    values = {"enterprise": setting["enterprise"], "year": 2026, "motivation": "降本增效"}
    values.update(kw)
    return voluntary_apply(by=setting["staff"], **values)


def test_an_accepted_application_opens_a_voluntary_audit_counted_from_that_day(setting):
    # given
    application = _apply(setting, self_audit=True)
    assert Notice.objects.filter(recipient=setting["city"], key__endswith=":applied").exists()
    # when
    voluntary_accept(application=application, by=setting["city"], on=date(2026, 5, 10))
    # then
    application.refresh_from_db()
    audit = application.audit
    assert application.status == VoluntaryApplication.Status.ACCEPTED
    assert application.decided_by == setting["city"]
    assert (audit.track, audit.listed_on, audit.self_audit) == (
        Track.VOLUNTARY,
        date(2026, 5, 10),
        True,
    )
    assert audit.deadlines.get(step=Step.START).due_on == date(2026, 7, 10)
    types = list(
        AuditEvent.objects.filter(application=application)
        .order_by("pk")
        .values_list("type", flat=True)
    )
    assert types == [AuditEvent.Type.VOLUNTARY_APPLIED, AuditEvent.Type.VOLUNTARY_ACCEPTED]
    notice = Notice.objects.get(recipient=setting["staff"])
    assert notice.key == f"voluntary:{application.pk}:accepted"


def test_a_declined_application_needs_reasons_and_tells_the_enterprise(setting):
    application = _apply(setting)
    with pytest.raises(DomainError) as refused:
        voluntary_decline(application=application, by=setting["city"], reasons="  ")
    assert "reasons" in refused.value.fields
    voluntary_decline(application=application, by=setting["city"], reasons="不属于本市管辖行业")
    application.refresh_from_db()
    assert application.status == VoluntaryApplication.Status.DECLINED
    assert application.audit is None
    assert Notice.objects.get(recipient=setting["staff"]).body == "不属于本市管辖行业"
    with pytest.raises(TransitionNotAllowed):
        voluntary_accept(application=application, by=setting["city"])
    _apply(setting)  # the enterprise may apply again


def test_one_pending_application_per_enterprise(setting):
    _apply(setting)
    with pytest.raises(DomainError) as refused:
        _apply(setting, year=2027)
    assert refused.value.code == "voluntary.pending"


def test_no_application_while_an_audit_is_open(setting):
    make_audit(setting["enterprise"])
    with pytest.raises(DomainError) as refused:
        _apply(setting)
    assert refused.value.code == "voluntary.audit_open"


def test_an_enterprise_applies_only_for_itself(setting):
    other = make_enterprise("370303")
    with pytest.raises(PermissionDenied):
        voluntary_apply(enterprise=other, year=2026, motivation="x", by=setting["staff"])
    with pytest.raises(PermissionDenied):
        _apply({**setting, "staff": setting["city"]})


def test_only_the_municipal_authority_covering_the_enterprise_decides(setting):
    application = _apply(setting)
    for who in ("other_city", "county", "staff"):
        with pytest.raises(PermissionDenied):
            voluntary_accept(application=application, by=setting[who])
    assert not Audit.objects.exists()


# --- pages -----------------------------------------------------------------------------------


def test_the_enterprise_applies_through_the_page_and_sees_its_application(setting):
    client = client_for(setting["staff"])
    form = client.get("/audits/voluntary/apply/")
    assert form.status_code == 200
    response = client.post(
        "/audits/voluntary/apply/",
        {
            "enterprise": setting["enterprise"].pk,
            "year": 2026,
            "motivation": "提升管理水平",
            "planned_scope": "全厂",
        },
    )
    application = VoluntaryApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/audits/voluntary/{application.pk}/"
    listing = client.get("/audits/voluntary/").content.decode()
    assert "张店自愿化工有限公司" in listing
    detail = client.get(f"/audits/voluntary/{application.pk}/").content.decode()
    assert 'id="accept"' not in detail


def test_the_city_decides_on_the_page(setting):
    application = _apply(setting)
    client = client_for(setting["city"])
    detail = client.get(f"/audits/voluntary/{application.pk}/").content.decode()
    assert 'id="accept"' in detail
    assert 'id="decline"' in detail
    client.post(f"/audits/voluntary/{application.pk}/accept/", {"comment": "同意"})
    application.refresh_from_db()
    assert application.status == VoluntaryApplication.Status.ACCEPTED
    after = client.get(f"/audits/voluntary/{application.pk}/").content.decode()
    assert 'id="accept"' not in after


@pytest.mark.parametrize(
    ("who", "expected_view", "expected_decide"),
    [
        ("city", 200, 302),
        ("county", 200, 403),
        ("other_city", 404, 404),
        ("staff", 200, 403),
    ],
)
def test_access_to_an_application(setting, who, expected_view, expected_decide):
    application = _apply(setting)
    client = client_for(setting[who])
    assert client.get(f"/audits/voluntary/{application.pk}/").status_code == expected_view
    response = client.post(f"/audits/voluntary/{application.pk}/decline/", {"reasons": "否"})
    assert response.status_code == expected_decide


def test_another_enterprise_does_not_see_the_application(setting):
    application = _apply(setting)
    neighbour = enterprise_account(make_enterprise("370303"))
    client = client_for(neighbour)
    assert client.get(f"/audits/voluntary/{application.pk}/").status_code == 404
    assert "张店自愿化工有限公司" not in client.get("/audits/voluntary/").content.decode()
