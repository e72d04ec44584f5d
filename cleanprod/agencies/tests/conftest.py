"""Agencies test data: the regions, industries and rules, an agency with its staff account."""

from __future__ import annotations

from typing import Any

import pytest

from cleanprod.agencies.models import AgencyRule


@pytest.fixture
def world(regions: Any, industries: Any, audit_rules: Any) -> dict[str, Any]:
    from cleanprod.testing.audits import agency_account, make_agency

    AgencyRule.objects.get_or_create(region=None)  # a flushing test may have removed it
    agency = make_agency("370300", filed=False)
    return {"regions": regions, "agency": agency, "staff_user": agency_account(agency)}
