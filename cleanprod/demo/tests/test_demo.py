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
    assert "0 regions, 0 accounts, 0 enterprises and 0 audits created" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    from cleanprod.registry.models import Enterprise

    assert Enterprise.objects.count() == 24
    own = User.objects.get(username="ent_qilu").assignments.get().party_id
    assert Enterprise.objects.get(pk=own).name == "齐鲁示范化工有限公司"
    county = User.objects.get(username="zd_liu")
    assert county.role_slugs() == {"county_official"}
    assert county.region.code == "370303"


def test_the_demo_shows_the_audit_year_in_several_stages():
    from cleanprod.accounts.models import Notice
    from cleanprod.audits.models import Audit, MandatoryList

    # given the demo, loaded once
    call_command("load_demo", "--force", stdout=io.StringIO())

    # then Zibo's 2026 list is published and frozen, next year's is a screened draft
    published = MandatoryList.objects.get(year=2026)
    assert (published.status, published.doc_number) == ("published", "淄环发〔2026〕8号")
    assert published.entries.filter(included=True).count() == 6
    assert MandatoryList.objects.get(year=2027).status == "draft"
    # and its audits stand at different stages, on the legal clock from 31 January 2026
    statuses = set(Audit.objects.values_list("status", flat=True))
    assert {"not_started", "in_progress", "report_submitted", "report_returned"} <= statuses
    assert {"evaluation", "acceptance", "closed"} <= statuses  # reviews (demo/reviews.py)
    ceramics = Audit.objects.get(enterprise__name="淄博示范陶瓷有限公司", round_no=1)
    start = ceramics.deadlines.get(step="start")
    assert (str(start.due_on), start.met_on, start.overdue_level) == ("2026-03-31", None, 3)
    # the agency's staff act for the agency engaged by 齐鲁示范化工
    qilu = Audit.objects.get(enterprise__name="齐鲁示范化工有限公司")
    staff = User.objects.get(username="agency_hu").assignments.get()
    assert qilu.agency_id == staff.party_id
    assert Notice.objects.filter(recipient__username="ent_qilu").exists()
    # and every panel drawn under Shandong's rule seats an audit-method expert
    from cleanprod.reviews.models import Draw

    draws = list(Draw.objects.all())
    assert draws
    for draw in draws:
        assert draw.requirements == ["cp_audit"]
        seated = draw.review.seats.exclude(status="declined").select_related("expert")
        assert any("cp_audit" in s.expert.expertise for s in seated), draw
