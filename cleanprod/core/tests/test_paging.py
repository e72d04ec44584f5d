"""Keyset paging walks every row once, in order, whatever the ordering."""

import pytest

from cleanprod.core.paging import keyset_page
from cleanprod.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordering", [("-id",), ("name", "id"), ("-name", "-id")])
def test_pages_cover_every_row_once_in_order(regions, ordering):
    # given: the test tree (10 units, several sharing a level)
    expected = list(Region.objects.order_by(*ordering).values_list("id", flat=True))
    # when
    seen, cursor = [], None
    while True:
        page = keyset_page(Region.objects.all(), ordering=ordering, cursor=cursor, size=3)
        seen += [r.id for r in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    # then
    assert seen == expected


def test_a_garbled_cursor_gives_the_first_page(regions):
    page = keyset_page(Region.objects.all(), ordering=("-id",), cursor="%%%", size=2)
    assert [r.id for r in page.rows] == list(
        Region.objects.order_by("-id").values_list("id", flat=True)[:2]
    )


def test_rows_may_be_dicts_of_a_values_queryset(regions):
    # given
    expected = list(Region.objects.order_by("name", "id").values_list("id", flat=True))
    rows = Region.objects.values("id", "name")
    # when
    seen, cursor = [], None
    while True:
        page = keyset_page(rows, ordering=("name", "id"), cursor=cursor, size=4)
        seen += [r["id"] for r in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    # then
    assert seen == expected
