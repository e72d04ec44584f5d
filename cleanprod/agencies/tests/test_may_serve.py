"""Whether an agency may serve an enterprise, and the audit start that asks it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from cleanprod.agencies.models import AgencyRule
from cleanprod.agencies.selectors import agency_may_serve
from cleanprod.audits.models import Audit
from cleanprod.audits.services.cases import audit_file_start
from cleanprod.core.errors import DomainError
from cleanprod.testing.agencies import file_agency
from cleanprod.testing.audits import enterprise_account, make_agency, make_audit
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 20)


@pytest.fixture
def chemical(world):
    return make_enterprise("370303", industry="2614")  # division 26


def test_a_filed_agency_within_its_scope_may_serve(world, chemical):
    file_agency(world["agency"], ["26"])
    assert agency_may_serve(world["agency"], chemical, ON) == []


def test_an_unfiled_agency_may_not(world, chemical):
    reasons = agency_may_serve(world["agency"], chemical, ON)
    assert len(reasons) == 1
    assert world["agency"].name in reasons[0]


def test_an_expired_filing_says_when_it_expired(world, chemical):
    file_agency(
        world["agency"], ["26"], valid_from=date(2022, 1, 1), valid_until=date(2025, 12, 31)
    )
    reasons = agency_may_serve(world["agency"], chemical, ON)
    assert len(reasons) == 1
    assert "2025-12-31" in reasons[0]


def test_an_enterprise_outside_the_approved_scope_is_refused_unless_the_rule_allows(
    world, chemical
):
    file_agency(world["agency"], ["25"])
    reasons = agency_may_serve(world["agency"], chemical, ON)
    assert len(reasons) == 1
    assert "26" in reasons[0]
    # a city that does not require the scope lets it serve
    AgencyRule.objects.create(region=world["regions"]["370300"], require_scope=False)
    assert agency_may_serve(world["agency"], chemical, ON) == []


def test_a_region_without_a_filing_requirement_lets_any_agency_serve(world, chemical):
    AgencyRule.objects.create(region=world["regions"]["370000"], require_filing=False)
    assert agency_may_serve(world["agency"], chemical, ON) == []


@time_machine.travel("2026-03-20 10:00 +0800", tick=False)
def test_the_audit_start_is_refused_for_an_agency_outside_its_scope(world, chemical):
    # given an audit of a chemical enterprise and an agency filed for coking only
    audit = make_audit(chemical)
    agency = make_agency("370300", filed=False)
    file_agency(agency, ["25"])
    staff = enterprise_account(chemical)
    start = {
        "audit": audit,
        "by": staff,
        "self_audit": False,
        "agency": agency,
        "contract_number": "HT-1",
        "contract_signed_on": date(2026, 3, 15),
    }
    # when the enterprise files its start with that agency
    with pytest.raises(DomainError) as refused:
        audit_file_start(**start)
    # then it is refused with the reason, and the audit has not started
    assert refused.value.code == "audit.agency_not_qualified"
    assert "26" in refused.value.fields["agency"][0]
    assert Audit.objects.get(pk=audit.pk).status == "not_started"
    # and once the agency's scope covers the division, the same start goes through
    file_agency(agency, ["25", "26"])
    assert audit_file_start(**start).agency == agency


def test_the_register_reads_a_passed_validity_as_expired(world, make_account):
    from cleanprod.accounts.scope import scope_for
    from cleanprod.agencies.selectors import agency_list

    file_agency(
        world["agency"], ["26"], valid_from=date(2022, 1, 1), valid_until=date(2025, 12, 31)
    )
    fresh = make_agency("370300")
    scope = scope_for(make_account("provincial_official", "370000"))

    def names(status, today):
        rows = agency_list(scope=scope, today=today, filters={"filing_status": status})
        return {a.pk for a in rows}

    assert names("expired", ON) == {world["agency"].pk}
    assert names("filed", ON) == {fresh.pk}
    assert names("filed", date(2025, 6, 1)) == {world["agency"].pk, fresh.pk}
    assert world["agency"].filing_status_on(ON) == "expired"
