"""The demo's agencies: the one that serves audits is filed for their industries; the other
waits for the province's decision."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_agency_is_filed_for_the_industries_it_serves():
    from cleanprod.agencies.models import Agency, AgencyFiling
    from cleanprod.agencies.selectors import agency_may_serve
    from cleanprod.audits.models import Audit

    call_command("load_demo", "--force", stdout=io.StringIO())
    green = Agency.objects.get(name="淄博绿源清洁生产咨询有限公司")
    assert green.filing_status == "filed"
    assert set(green.industry_scope.values_list("code", flat=True)) == {"25", "26", "32"}
    served = Audit.objects.filter(agency=green).select_related("enterprise__region")
    assert served.count() >= 3
    for audit in served:
        assert agency_may_serve(green, audit.enterprise, audit.started_on) == []
    assert green.staff.filter(user__username="agency_hu").exists()
    other = Agency.objects.get(name="山东环科清洁生产技术服务有限公司")
    assert AgencyFiling.objects.get(agency=other).status == "submitted"
    assert other.filing_status == "unfiled"
