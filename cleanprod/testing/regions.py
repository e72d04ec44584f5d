"""A small, real-coded region tree shared by the tests."""

from __future__ import annotations

from cleanprod.regions.models import Region
from cleanprod.regions.services import regions_load

TREE = [
    ("370000", "山东省", "province", ""),
    ("370300", "淄博市", "prefecture", "370000"),
    ("370303", "张店区", "county", "370300"),
    ("370305", "临淄区", "county", "370300"),
    ("370100", "济南市", "prefecture", "370000"),
    ("370102", "历下区", "county", "370100"),
    ("440000", "广东省", "province", ""),
    ("440300", "深圳市", "prefecture", "440000"),
    ("440305", "南山区", "county", "440300"),
]


def load_test_tree() -> dict[str, Region]:
    regions_load(
        rows=[{"code": c, "name": n, "level": lv, "parent_code": p} for c, n, lv, p in TREE]
    )
    return {r.code: r for r in Region.objects.current()}
