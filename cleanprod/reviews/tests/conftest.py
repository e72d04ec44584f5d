import pytest

from cleanprod.testing.audits import enterprise_account, make_agency
from cleanprod.testing.registry import make_enterprise
from cleanprod.testing.reviews import evaluation_ready, make_pool


@pytest.fixture
def world(regions, industries, audit_rules, make_account):
    """A Zibo chemicals enterprise whose report is accepted, its user, the city organiser, a
    county official and a pool of six chemicals experts in Shandong."""
    enterprise = make_enterprise("370303")
    audit = evaluation_ready(enterprise)
    return {
        "audit": audit,
        "enterprise": enterprise,
        "ent_user": enterprise_account(enterprise),
        "city": make_account("municipal_official", "370300"),
        "county": make_account("county_official", "370303"),
        "jinan": make_account("municipal_official", "370100"),
        "pool": make_pool(6),
        "make_agency": make_agency,
    }
