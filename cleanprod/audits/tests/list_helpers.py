"""Test data for the mandatory-list tests: registry facts recorded through the real service,
and lists taken through their workflow."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from cleanprod.audits.models import MandatoryList, Trigger
from cleanprod.audits.services.list_publishing import list_publish
from cleanprod.audits.services.lists import list_approve, list_create, list_entry_add, list_submit
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.facts import fact_add

HEADERS = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "所属行业",
    "所在县（市、区）",
    "所在地市",
    "审核类别",
    "牵头部门",
    "备注",
]


def exceed(enterprise: Enterprise, on: date, **kw: Any) -> Any:
    values = {
        "kind": "standard",
        "pollutant": "化学需氧量",
        "occurred_on": on,
        "source": "supervisory",
        "reference": "淄环监测〔2025〕18号",
        "measured": Decimal("132.5"),
        "limit": Decimal("100"),
        "unit": "mg/L",
    }
    values.update(kw)
    return fact_add(fact="exceedance", enterprise=enterprise, by=None, **values)


def energy(enterprise: Enterprise, year: int, **kw: Any) -> Any:
    values = {
        "year": year,
        "total_tce": Decimal("52000"),
        "product": "水泥熟料",
        "unit_consumption": Decimal("117.3"),
        "quota": Decimal("112"),
        "quota_unit": "kgce/t",
        "quota_standard": "GB 16780-2021",
    }
    values.update(kw)
    return fact_add(fact="energy_use", enterprise=enterprise, by=None, **values)


def toxic(enterprise: Enterprise, year: int, **kw: Any) -> Any:
    values = {"category": "heavy_metal", "name": "六价铬", "mode": "both", "year": year}
    values.update(kw)
    return fact_add(fact="toxic_substance", enterprise=enterprise, by=None, **values)


def draft_with(
    enterprises: list[Enterprise],
    *,
    by: Any,
    region: str = "370300",
    year: int = 2026,
    batch: int = 1,
) -> MandatoryList:
    mandatory_list = list_create(
        region=Region.objects.get(code=region),
        year=year,
        batch=batch,
        title=f"{year}年度淄博市实施强制性清洁生产审核企业名单（第{batch}批）",
        by=by,
    )
    for enterprise in enterprises:
        list_entry_add(
            mandatory_list=mandatory_list,
            enterprise=enterprise,
            triggers=[Trigger.EXCEED_STD_OR_CAP],
            reason="监督性监测超标",
            by=by,
        )
    return mandatory_list


def publish(
    mandatory_list: MandatoryList,
    *,
    compiler: Any,
    approver: Any,
    published_on: date = date(2026, 1, 31),
) -> MandatoryList:
    list_submit(mandatory_list=mandatory_list, by=compiler)
    list_approve(mandatory_list=mandatory_list, by=approver)
    return list_publish(
        mandatory_list=mandatory_list,
        by=approver,
        doc_number="淄环发〔2026〕5号",
        issuing_authorities="淄博市生态环境局、淄博市发展和改革委员会",
        published_on=published_on,
    )


def official_sheet(rows: list[list[Any]], *, title: str = "", subtitle: str = "") -> io.BytesIO:
    """An .xlsx laid out like a published annex: title rows, the headers, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    if subtitle:
        sheet.append([subtitle])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
