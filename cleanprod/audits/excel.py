"""The mandatory list as a spreadsheet, in the usual official format of the published notices
(实施强制性清洁生产审核企业名单): a title row, a row with the document number and date, then
序号, 企业名称, 统一社会信用代码, 所属行业, 所在县（市、区）, 所在地市, 审核类别, 牵头部门, 备注.

One column spec drives the import template, the import (which accepts the official Chinese
headers and skips the title rows above them) and the export.
"""

from __future__ import annotations

import dataclasses
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import xlsxwriter
from django.conf import settings
from django.http import FileResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

from cleanprod.audits.models import Department, ListEntry, Trigger
from cleanprod.core import excel
from cleanprod.core.excel import Column, ColumnSpec, ParsedSheet

MAX_UPLOAD = 20 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10  # title and document-number rows a notice puts above the headers

LIST_ENTRIES = ColumnSpec(
    title=_("Mandatory audit list"),
    columns=[
        Column("seq", _("No."), "int", width=6, min_value=1),
        Column("name", _("Enterprise name"), required=True, max_length=120, width=36),
        Column(
            "credit_code",
            _("Unified social credit code"),
            "code",
            required=True,
            width=22,
            help=_(
                "Enterprises are matched by it; the name must be the registered or a former name."
            ),
        ),
        Column("industry", _("Industry of the enterprise"), max_length=100, width=20),
        Column("county", _("County (city, district)"), max_length=60, width=16),
        Column("city", _("Prefecture city"), max_length=60, width=12),
        Column(
            "categories",
            _("Audit category"),
            required=True,
            many=True,
            width=14,
            help=_("双超, 双有 or 高耗能; several separated by 、 or ，."),
        ),
        Column(
            "lead_department",
            _("Lead department"),
            max_length=40,
            width=16,
            help=_("Empty: from the categories and the region's rules."),
        ),
        Column("note", _("Remarks"), max_length=400, width=24),
    ],
)

# The category names of the official notices (CP Law Art 27): legal terms, written in the
# official format whatever the interface language, like a document number.
OFFICIAL_CATEGORIES = {
    Trigger.EXCEED_STD_OR_CAP: "双超",
    Trigger.TOXIC: "双有",
    Trigger.ENERGY_QUOTA: "高耗能",
}
CATEGORY_ALIASES = {
    "双超": Trigger.EXCEED_STD_OR_CAP,
    "超标": Trigger.EXCEED_STD_OR_CAP,
    "超总量": Trigger.EXCEED_STD_OR_CAP,
    "超标排放": Trigger.EXCEED_STD_OR_CAP,
    "双有": Trigger.TOXIC,
    "有毒有害": Trigger.TOXIC,
    "使用有毒有害原料": Trigger.TOXIC,
    "排放有毒有害物质": Trigger.TOXIC,
    "高耗能": Trigger.ENERGY_QUOTA,
    "超能耗": Trigger.ENERGY_QUOTA,
    "能耗超限额": Trigger.ENERGY_QUOTA,
    "超过单位产品能源消耗限额": Trigger.ENERGY_QUOTA,
    "其他": Trigger.OTHER,
}
DEPARTMENT_ALIASES = {
    "生态环境": Department.ECO_ENV,
    "生态环境部门": Department.ECO_ENV,
    "生态环境局": Department.ECO_ENV,
    "生态环境厅": Department.ECO_ENV,
    "环保": Department.ECO_ENV,
    "环境保护": Department.ECO_ENV,
    "发展改革": Department.DRC,
    "发展和改革": Department.DRC,
    "发改": Department.DRC,
    "发改委": Department.DRC,
    "发展改革委": Department.DRC,
    "工信": Department.MIIT,
    "工业和信息化": Department.MIIT,
    "经信": Department.MIIT,
    "经济和信息化": Department.MIIT,
}
# Header spellings found in published notices, besides the spec's headers in every language.
HEADER_ALIASES = {
    "序号": "seq",
    "编号": "seq",
    "企业名称": "name",
    "单位名称": "name",
    "企业(单位)名称": "name",
    "统一社会信用代码": "credit_code",
    "社会信用代码": "credit_code",
    "统一社会信用代码(组织机构代码)": "credit_code",
    "所属行业": "industry",
    "行业": "industry",
    "行业类别": "industry",
    "所在县(市、区)": "county",
    "县(市、区)": "county",
    "所在县区": "county",
    "区县": "county",
    "所在地市": "city",
    "地市": "city",
    "设区市": "city",
    "所在市": "city",
    "审核类别": "categories",
    "类别": "categories",
    "审核类型": "categories",
    "实施审核类别": "categories",
    "牵头部门": "lead_department",
    "备注": "note",
}

EXAMPLE = {
    "seq": 1,
    "name": "淄博示范化工有限公司",
    "credit_code": "91370303MA3C8K2L0B",
    "industry": "化学原料和化学制品制造业",
    "county": "张店区",
    "city": "淄博市",
    "categories": ["双超", "双有"],
    "lead_department": "生态环境",
}


def fold(value: Any) -> str:
    """Half-width, case-folded, without spaces or the required-column asterisk."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return "".join(text.split()).strip("*")


def parse_categories(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """Cell parts → (Trigger values in table order, parts that are no category)."""
    table = {fold(k): v for k, v in CATEGORY_ALIASES.items()}
    for trigger in Trigger:
        table[fold(trigger.value)] = trigger.value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                table[fold(trigger.label)] = trigger.value
    found, unknown = [], []
    for value in values:
        trigger = table.get(fold(value))
        if trigger is None:
            unknown.append(str(value))
        elif trigger not in found:
            found.append(trigger)
    return sorted(found, key=Trigger.values.index), unknown


def parse_department(value: str) -> str | None:
    """A lead-department cell → Department value; None when it names none."""
    key = fold(value)
    for alias, department in sorted(DEPARTMENT_ALIASES.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(fold(alias)):
            return department
    for department in Department:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if key == fold(department.label):
                    return department.value
        if key == fold(department.value):
            return department.value
    return None


def categories_text(triggers: Iterable[str]) -> str:
    """双超、双有 … as the notices write them."""
    return "、".join(
        OFFICIAL_CATEGORIES.get(t) or str(Trigger(t).label) for t in triggers if t in Trigger.values
    )


# --- reading -------------------------------------------------------------------------------


def _header_names() -> dict[str, str]:
    names = {fold(alias): key for alias, key in HEADER_ALIASES.items()}
    for column in LIST_ENTRIES:
        names.setdefault(fold(column.key), column.key)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.setdefault(fold(column.header), column.key)
    return names


def _from_header(
    rows: Iterator[tuple[Any, ...]], written: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    """Blank the title rows above the header row (the first row naming the credit code and
    the name columns) and write the header cells as column keys; `written` keeps the headers
    as they were in the file. Without such a row, the rows pass unchanged (and the reader
    names the missing columns)."""
    names = _header_names()
    skipped: list[tuple[Any, ...]] = []
    for row in rows:
        keys = [names.get(fold(v)) if v is not None else None for v in row]
        if {"credit_code", "name"} <= set(keys):
            yield from (() for _skipped in skipped)  # blank, so row numbers stay the file's
            header = []
            for value, key in zip(row, keys, strict=True):
                if key and key not in written:
                    written[key] = str(value).strip()
                    header.append(key)
                else:
                    header.append(value)
            yield tuple(header)
            yield from rows
            return
        skipped.append(row)
        if len(skipped) >= HEADER_SEARCH_ROWS:
            break
    yield from skipped
    yield from rows


def read_list_workbook(upload: excel.Upload, *, max_bytes: int = MAX_UPLOAD) -> ParsedSheet:
    """Read a published list (.xlsx) into typed rows and cell errors, with the guards of
    `core.excel.read_workbook` (size, container, zip bomb); title rows above the headers are
    skipped. Refuses with a DomainError (excel.*) what read_workbook refuses."""
    # core.excel reads the header from the first non-empty row; notices put a title above it,
    # so this reuses its guarded steps around a header finder.
    written: dict[str, str] = {}
    with excel._opened(upload, max_bytes) as stream:
        excel._check_container(stream)
        stream.seek(0)
        try:
            rows = CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0).iter_rows()
        except Exception as exc:  # whatever calamine cannot open is not a workbook to us
            raise excel._refused("excel.not_a_spreadsheet") from exc
        sheet = excel._read_rows(
            _from_header(excel._sheet_rows(rows), written), LIST_ENTRIES, MAX_ROWS
        )
    sheet.headers = {key: written.get(key, header) for key, header in sheet.headers.items()}
    sheet.errors = [
        dataclasses.replace(e, column=written.get(e.key, e.column)) for e in sheet.errors
    ]
    return sheet


# --- writing -------------------------------------------------------------------------------


def entry_rows(entries: Iterable[ListEntry]) -> Iterator[dict[str, Any]]:
    """Export rows of list entries (select_related enterprise__region__parent and
    enterprise__industry)."""
    for number, entry in enumerate(entries, start=1):
        enterprise = entry.enterprise
        region = enterprise.region
        city = region.parent if region.level == region.Level.COUNTY else region
        yield {
            "seq": number,
            "name": enterprise.name,
            "credit_code": enterprise.credit_code,
            "industry": enterprise.industry.name,
            "county": region.name if region.level == region.Level.COUNTY else "",
            "city": city.name if city is not None else "",
            "categories": categories_text(entry.triggers),
            "lead_department": str(Department(entry.lead_department).label)
            if entry.lead_department in Department.values
            else "",
            "note": "",
        }


def write_official(
    *, title: str, subtitle: str, rows: Iterable[Mapping[str, Any]], out: Any
) -> int:
    """The list in the official layout: title row, document row, headers, one row per
    enterprise; text is always written as text. Returns how many rows."""
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(excel._sheet_title(title or LIST_ENTRIES.title))
    heading = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    centred = book.add_format({"align": "center"})
    header = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter"})
    cell = book.add_format({"border": 1, "num_format": "@"})
    last = len(LIST_ENTRIES.columns) - 1
    for index, column in enumerate(LIST_ENTRIES):
        sheet.set_column(index, index, excel._width(column))
    sheet.merge_range(0, 0, 0, last, title, heading)
    sheet.merge_range(1, 0, 1, last, subtitle, centred)
    for index, column in enumerate(LIST_ENTRIES):
        sheet.write_string(2, index, str(column.header), header)
    sheet.freeze_panes(3, 0)
    count = 0
    for number, row in enumerate(rows, start=3):
        for index, column in enumerate(LIST_ENTRIES):
            value = row.get(column.key)
            if isinstance(value, int):
                sheet.write_number(number, index, value, cell)
            else:
                sheet.write_string(number, index, "" if value is None else str(value), cell)
        count += 1
    book.close()
    return count


def official_response(
    *, title: str, subtitle: str, rows: Iterable[Mapping[str, Any]], filename: str
) -> FileResponse:
    out = tempfile.SpooledTemporaryFile(max_size=excel.SPOOL_BYTES)  # noqa: SIM115  (FileResponse closes it)
    write_official(title=title, subtitle=subtitle, rows=rows, out=out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=excel.XLSX)
