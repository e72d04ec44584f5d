"""Staff kept by the agency: certificates, industries, the account that acts for the agency."""

from __future__ import annotations

from datetime import date

import pytest

from cleanprod.agencies.models import AgencyStaff
from cleanprod.agencies.services import (
    agency_staff_add,
    agency_staff_deactivate,
    agency_staff_update,
)
from cleanprod.core.errors import DomainError, TransitionNotAllowed

pytestmark = pytest.mark.django_db


def test_staff_is_added_changed_and_deactivated_by_the_agency(world):
    by = world["staff_user"]
    staff = agency_staff_add(
        agency=world["agency"],
        by=by,
        name="胡工",
        certificate_no="QJSC-1",
        certificate_valid_until=date(2028, 1, 1),
        industries=["26"],
        user=by,
    )
    assert staff.certified_on(date(2027, 12, 31))
    assert not staff.certified_on(date(2028, 1, 2))
    staff = agency_staff_update(
        staff=staff, by=by, name="胡工", position="技术负责人", industries=["25", "26"]
    )
    assert staff.certificate_no == ""
    assert set(staff.industries.values_list("code", flat=True)) == {"25", "26"}
    agency_staff_deactivate(staff=staff, by=by)
    assert not AgencyStaff.objects.get(pk=staff.pk).active
    with pytest.raises(TransitionNotAllowed):
        agency_staff_deactivate(staff=staff, by=by)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"certificate_no": "X-1"}, "certificate_valid_until"),
        ({"certificate_valid_until": date(2028, 1, 1)}, "certificate_no"),
        ({"industries": ["99"]}, "industries"),
    ],
)
def test_bad_staff_input_names_the_field(world, values, field):
    data = {"name": "胡工", **values}
    with pytest.raises(DomainError) as refused:
        agency_staff_add(agency=world["agency"], by=world["staff_user"], **data)
    assert list(refused.value.fields) == [field]
    assert not AgencyStaff.objects.exists()


def test_a_certificate_number_is_unique_in_the_agency_and_accounts_must_act_for_it(
    world, make_account
):
    by = world["staff_user"]
    cert = {"certificate_no": "QJSC-1", "certificate_valid_until": date(2028, 1, 1)}
    agency_staff_add(agency=world["agency"], by=by, name="甲", **cert)
    with pytest.raises(DomainError) as refused:
        agency_staff_add(agency=world["agency"], by=by, name="乙", **cert)
    assert list(refused.value.fields) == ["certificate_no"]
    outsider = make_account("county_official", "370303")
    with pytest.raises(DomainError) as refused:
        agency_staff_add(agency=world["agency"], by=by, name="丙", user=outsider)
    assert list(refused.value.fields) == ["user"]
