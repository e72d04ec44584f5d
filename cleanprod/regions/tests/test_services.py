"""Loading the division tree and keeping old codes resolvable."""

import datetime
from collections import Counter

import pytest
from django.utils import translation

from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.regions.services import (
    BUNDLED_FILE,
    read_region_file,
    region_supersede,
    regions_load,
)
from cleanprod.trail.models import TrailEvent

pytestmark = pytest.mark.django_db


def test_the_bundled_file_loads_the_whole_tree_once():
    # when
    first = regions_load(rows=read_region_file(BUNDLED_FILE))
    second = regions_load(rows=read_region_file(BUNDLED_FILE))
    # then
    levels = Counter(Region.objects.values_list("level", flat=True))
    assert levels == {"nation": 1, "province": 34, "prefecture": 337, "county": 2846}
    assert (first.created, second.created, second.unchanged) == (3217, 0, 3217)
    zhangdian = Region.objects.get(code="370303")
    assert zhangdian.path == "000000/370000/370300/370303/"
    assert zhangdian.full_name == "山东省淄博市张店区"
    assert Region.objects.get(code="110101").parent.code == "110000"  # municipality district


def test_a_bad_file_is_refused_whole_with_row_and_column(regions):
    rows = [
        {"code": "370399", "name": "新区", "level": "county", "parent_code": "370300"},
        {"code": "37AB01", "name": "坏码", "level": "county", "parent_code": "370300"},
        {"code": "370398", "name": "", "level": "town", "parent_code": "379900"},
    ]
    with pytest.raises(DomainError) as refused, translation.override("en"):
        regions_load(rows=rows)
    errors = refused.value.fields["rows"]
    assert any("Row 3" in e and "code" in e for e in errors)
    assert any("Row 4" in e and "name" in e for e in errors)
    assert any("Row 4" in e and "level" in e for e in errors)
    assert any("Row 4" in e and "parent_code" in e for e in errors)
    assert not Region.objects.filter(code="370399").exists()  # nothing half-written


def test_a_rename_keeps_the_old_name_in_history(regions):
    regions_load(
        rows=[{"code": "370303", "name": "张店新区", "level": "county", "parent_code": "370300"}]
    )
    region = Region.objects.get(code="370303")
    assert region.name == "张店新区"
    assert list(region.history.values_list("name", flat=True))[:2] == ["张店新区", "张店区"]


def test_a_superseded_region_resolves_to_its_successor_and_stays_in_its_scope(regions):
    # given: Linzi merged into Zhangdian
    old, new = regions["370305"], regions["370303"]
    # when
    region_supersede(old=old, new=new, on=datetime.date(2026, 1, 1))
    # then
    old.refresh_from_db()
    assert old.resolve() == new
    assert not old.is_current
    assert old.valid_to == datetime.date(2026, 1, 1)
    assert old.path == "000000/370000/370300/370303/370305/"
    assert old in Region.objects.below(new)
    assert Region.objects.current().filter(code="370305").count() == 0
    assert TrailEvent.objects.filter(action=TrailEvent.Action.REGION_SUPERSEDED).exists()


def test_a_code_can_be_reused_after_its_unit_was_superseded(regions):
    region_supersede(old=regions["370305"], new=regions["370303"], on=datetime.date(2026, 1, 1))
    regions_load(
        rows=[{"code": "370305", "name": "临淄区", "level": "county", "parent_code": "370300"}]
    )
    assert Region.objects.filter(code="370305").count() == 2
    assert Region.objects.current().get(code="370305").path == "000000/370000/370300/370305/"


def test_a_region_cannot_be_superseded_by_one_below_it(regions):
    with pytest.raises(DomainError):
        region_supersede(old=regions["370300"], new=regions["370303"], on=datetime.date(2026, 1, 1))
