"""The Excel engine: templates, guarded reading, typed parsing with every error, export.

No database. The spec reuses msgids the catalog already translates (行政区划代码, 名称 …);
the Chinese checks of the engine's own strings (必填, 第…行, 说明) need its catalog entries.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rustpy_xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from cleanprod.core.errors import DomainError
from cleanprod.core.excel import (
    XLSX,
    CellError,
    Column,
    ColumnBatches,
    ColumnSpec,
    export_response,
    format_error,
    read_workbook,
    write_rows,
    write_template,
)

LEVELS = [
    ("nation", gettext_lazy("Nation")),
    ("province", gettext_lazy("Province")),
    ("prefecture", gettext_lazy("Prefecture")),
    ("county", gettext_lazy("County")),
]
ROLES = [("expert", gettext_lazy("Expert")), ("county_official", gettext_lazy("County official"))]
SPEC = ColumnSpec(
    gettext_lazy("Regions"),
    [
        Column("code", gettext_lazy("Region code"), "code", required=True, max_length=18),
        Column("name", gettext_lazy("Name"), required=True, max_length=20, help="Full name"),
        Column("level", gettext_lazy("Level"), "choice", choices=LEVELS),
        Column("valid_from", gettext_lazy("valid from"), "date"),
        Column("active", gettext_lazy("Active"), "bool"),
        Column("units", gettext_lazy("Units below"), "int", min_value=0, max_value=1000),
        Column("area", "Area (km2)", "decimal"),
        Column("roles", gettext_lazy("Roles"), "choice", choices=ROLES, many=True),
        Column("tags", "Tags", many=True),
        Column("notes", gettext_lazy("Details")),
    ],
)
ROW: dict[str, Any] = {
    "code": "0091320100MA1XYZ",
    "name": "=1+1 Nanjing",
    "level": "prefecture",
    "valid_from": dt.date(2024, 3, 5),
    "active": True,
    "units": 12,
    "area": Decimal("6587.02"),
    "roles": ["expert", "county_official"],
    "tags": ["river", "park"],
    "notes": "  kept  ",
}


def xlsx(*rows: list[Any]) -> io.BytesIO:
    """A workbook whose first sheet holds the rows as given (row 1 first)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def headers(lang: str = "en") -> list[str]:
    with translation.override(lang):
        return [str(c.header) for c in SPEC]


def refusal(upload: Any, **limits: Any) -> DomainError:
    with pytest.raises(DomainError) as refused, translation.override("en"):
        read_workbook(upload, SPEC, **limits)
    return refused.value


# --- template -------------------------------------------------------------------------------


def test_template_headers_are_in_the_current_language_with_notes_and_frozen_header() -> None:
    # given / when
    with translation.override("zh-hans"):
        out = io.BytesIO()
        write_template(SPEC, out)
    sheet = load_workbook(out).worksheets[0]
    # then
    assert [c.value for c in sheet[1]] == headers("zh-hans")
    assert headers("zh-hans")[:3] == ["行政区划代码", "名称", "级别"]
    assert load_workbook(out).sheetnames == ["行政区划", "说明"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert "必填" in sheet["B1"].comment.text
    assert "Full name" in sheet["B1"].comment.text
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["A"].width >= 10


def test_template_offers_drop_downs_for_choice_and_bool_columns() -> None:
    # given / when
    with translation.override("zh-hans"):
        out = io.BytesIO()
        write_template(SPEC, out)
    sheet = load_workbook(out).worksheets[0]
    lists = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    # then
    assert set(lists) == {"C2:C10001", "E2:E10001", "H2:H10001"}
    assert lists["C2:C10001"].formula1 == '"全国,省级,地级,县级"'
    assert lists["E2:E10001"].formula1 == '"是,否"'
    assert lists["C2:C10001"].showErrorMessage
    assert not lists["H2:H10001"].showErrorMessage  # "专家；…" is typed, not picked


def test_template_bool_list_is_yes_no_in_english() -> None:
    with translation.override("en"):
        out = io.BytesIO()
        write_template(SPEC, out)
    sheet = load_workbook(out).worksheets[0]
    formulas = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert formulas["E2:E10001"] == '"Yes,No"'
    assert [c.value for c in sheet[1]] == headers("en")


def test_a_long_choice_list_lives_on_a_hidden_sheet() -> None:
    # given: 40 labels of 10 characters are longer than Excel's 255-character inline list
    many = [(f"k{i}", f"Industry{i:02d}") for i in range(40)]
    spec = ColumnSpec(
        "Parks", [Column("name", "Name"), Column("industry", "Industry", "choice", choices=many)]
    )
    out = io.BytesIO()
    # when
    write_template(spec, out)
    book = load_workbook(out)
    # then
    check = book.worksheets[0].data_validations.dataValidation[0]
    assert check.formula1 == "lists!$B$1:$B$40"
    assert book["lists"].sheet_state == "hidden"
    assert [r[0] for r in book["lists"].iter_rows(min_col=2, values_only=True)] == [
        label for _value, label in many
    ]


def test_template_has_an_instructions_sheet_listing_every_column() -> None:
    with translation.override("en"):
        out = io.BytesIO()
        write_template(SPEC, out)
    guide = load_workbook(out)["Instructions"]
    rows = list(guide.iter_rows(values_only=True))
    assert rows[0] == ("Column", "Type", "Required", "Allowed values", "Notes")
    assert [r[0] for r in rows[1:]] == headers("en")
    by_header = {r[0]: r for r in rows[1:]}
    assert by_header["Region code"][1:3] == ("Code (kept exactly as text)", "Yes")
    assert by_header["Level"][1:4] == (
        "One of the allowed values",
        "No",
        "Nation, Province, Prefecture, County",
    )
    assert by_header["Units below"][4] == "At least 0. At most 1000."
    assert "separated by" in by_header["Roles"][1]


def test_template_examples_read_back_as_the_values_given() -> None:
    out = io.BytesIO()
    write_template(SPEC, out, examples=[ROW])
    out.seek(0)
    assert read_workbook(out, SPEC).rows[0].values == {**ROW, "notes": "kept"}


# --- export and round trip ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_export_then_import_gives_back_every_kind(lang: str) -> None:
    # given
    empty = dict.fromkeys(ROW) | {"code": "000123", "name": "Blank"}
    rows = [ROW, empty, {**ROW, "active": False, "area": Decimal("-0.5"), "roles": ["expert"]}]
    out = io.BytesIO()
    # when
    with translation.override(lang):
        written = write_rows(SPEC, rows, out)
        parsed = read_workbook(out, SPEC)
    # then
    assert written == 3
    assert parsed.errors == []
    assert [r.number for r in parsed.rows] == [2, 3, 4]
    assert [r.values for r in parsed.rows] == [
        {**row, "notes": row["notes"] and "kept"} for row in rows
    ]


def test_export_writes_labels_text_codes_and_date_cells() -> None:
    out = io.BytesIO()
    with translation.override("zh-hans"):
        write_rows(SPEC, [ROW], out)
    sheet = load_workbook(out).worksheets[0]
    row = {c.key: cell for c, cell in zip(SPEC, sheet[2], strict=True)}
    assert row["code"].value == "0091320100MA1XYZ"
    assert row["code"].number_format == "@"
    assert row["name"].data_type == "s"  # "=1+1 …" stays text, never a formula
    assert (row["level"].value, row["active"].value) == ("地级", "是")
    assert row["valid_from"].is_date
    assert row["area"].value == pytest.approx(6587.02)
    assert row["roles"].value == "专家；县级生态环境部门人员"


def test_an_aware_datetime_exports_as_its_local_date() -> None:
    late_utc = dt.datetime(2024, 3, 4, 20, 0, tzinfo=dt.UTC)  # 2024-03-05 04:00 in Shanghai
    out = io.BytesIO()
    write_rows(SPEC, [{"code": "1", "name": "A", "valid_from": late_utc}], out)
    assert read_workbook(out, SPEC).rows[0].values["valid_from"] == dt.date(2024, 3, 5)


def test_an_export_without_rows_keeps_its_frozen_bold_header() -> None:
    out = io.BytesIO()
    with translation.override("en"):
        assert write_rows(SPEC, iter([]), out) == 0
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]] == headers("en")
    assert sheet.max_row == 1
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Regions"


def test_overlong_text_is_cut_to_the_cell_limit_and_repeated_headers_kept_apart() -> None:
    spec = ColumnSpec(
        "T",
        [
            Column("a", "Same"),
            Column("b", "Same"),
            Column("c", "C", "int"),
            Column("d", "D", "code", many=True),
        ],
    )
    out = io.BytesIO()
    write_rows(spec, [{"a": "x" * 40_000, "b": "y", "c": 7, "d": ["z" * 20_000] * 2}], out)
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]] == ["Same", "Same (b)", "C", "D"]
    assert [len(sheet["A2"].value), sheet["B2"].value, sheet["C2"].value] == [32_767, "y", 7]
    assert len(sheet["D2"].value) == 32_767


def sheet_xml(out: io.BytesIO) -> str:
    return zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()


def test_text_is_never_a_formula_or_a_link_and_control_characters_are_escaped() -> None:
    row = {"code": "=SUM(A1)", "name": "https://example.com/a", "notes": "bell\x07 tab\tend"}
    out = io.BytesIO()
    write_rows(SPEC, [row], out)
    sheet = load_workbook(out).worksheets[0]
    code, name = sheet["A2"], sheet["B2"]
    assert (code.value, code.data_type) == ("=SUM(A1)", "s")
    assert (name.value, name.data_type, name.hyperlink) == ("https://example.com/a", "s", None)
    assert "<f>" not in sheet_xml(out)
    assert "bell_x0007_ tab\tend" in sheet_xml(out)  # Excel's escape of a control character


def test_values_of_another_type_in_a_column_are_written_as_its_kind() -> None:
    # given: a batch where each column mixes the types a caller may pass
    aware = dt.datetime(2024, 3, 4, 20, 0, tzinfo=dt.UTC)  # 2024-03-05 in Shanghai
    rows = [
        {"code": 123, "level": "unknown", "valid_from": aware, "active": 2, "units": "7"},
        {"code": "0012", "name": "x" * 40_000, "level": "county", "active": 0, "units": 5},
        {"code": "", "valid_from": dt.date(2024, 1, 2), "area": 1.5, "notes": ""},
        {"area": Decimal("0.1"), "active": "", "roles": [], "tags": ["a", None, "b"]},
    ]
    out = io.BytesIO()
    # when
    with translation.override("en"):
        assert write_rows(SPEC, rows, out) == 4
    # then
    sheet = load_workbook(out).worksheets[0]
    cells = [[c.value for c in row] for row in sheet.iter_rows(2)]
    assert [row[3] and row[3].date() for row in cells] == [
        dt.date(2024, 3, 5),
        None,
        dt.date(2024, 1, 2),
        None,
    ]
    assert cells[0][:3] + cells[0][4:] == ["123", None, "unknown", "Yes", 7, None, None, None, None]
    assert cells[1][:6] == ["0012", "x" * 32_767, "County", None, "No", 5]
    assert cells[2][:3] + cells[2][4:] == [None, None, None, None, None, 1.5, None, None, None]
    assert cells[3][4:] == [None, None, 0.1, None, "a；b", None]


def test_column_batches_write_what_their_rows_write_as_mappings(monkeypatch) -> None:
    # given: the same four rows as mappings (converted two at a time) and as columns
    monkeypatch.setattr("cleanprod.core.excel.EXPORT_BATCH", 2)
    rows = [ROW, dict.fromkeys(ROW) | {"code": "000123"}, {"code": "9", "units": 3}, ROW]
    keys = [c.key for c in SPEC]
    columns = [[row.get(key) for row in rows] for key in keys]
    batches = ColumnBatches(SPEC, [[c[:3] for c in columns], [c[3:] for c in columns]])
    as_mappings, as_columns = io.BytesIO(), io.BytesIO()
    # when
    write_rows(SPEC, rows, as_mappings)
    written = write_rows(SPEC, batches, as_columns)
    # then
    assert written == 4
    assert sheet_xml(as_columns) == sheet_xml(as_mappings)
    again = ColumnBatches(SPEC, [columns])
    assert list(again) == [{key: row.get(key) for key in keys} for row in rows]


def test_a_file_object_gets_the_workbook_through_a_file_on_disk(monkeypatch) -> None:
    """The writer keeps a whole workbook in memory when it writes to a file object."""
    targets: list[Any] = []
    write = rustpy_xlsxwriter.write_worksheet

    def spy(records: Any, target: Any, **options: Any) -> None:
        targets.append(target)
        write(records, target, **options)

    monkeypatch.setattr(rustpy_xlsxwriter, "write_worksheet", spy)
    out = io.BytesIO(b"kept ")
    out.seek(5)
    assert write_rows(SPEC, [ROW], out) == 1
    assert isinstance(targets[0], str)
    assert out.getvalue()[:5] == b"kept "
    assert len(read_workbook(io.BytesIO(out.getvalue()[5:]), SPEC).rows) == 1


def test_export_response_is_an_xlsx_attachment() -> None:
    response = export_response(SPEC, iter([ROW, ROW]), "regions")
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="regions.xlsx"'
    assert len(read_workbook(io.BytesIO(body), SPEC).rows) == 2


# --- guards ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An .xlsx-looking zip whose sheet unpacks to 300 MB of zeros (about 1.4 MB on disk)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_without_unpacking_it(
    zip_bomb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the sizes the zip directory declares decide; no member is ever opened
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member of the zip was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    assert refusal(zip_bomb).code == "excel.zip_bomb"


def test_a_zip_with_too_many_members_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as crowded:
        crowded.writestr("[Content_Types].xml", "<Types/>")
        crowded.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(10_000):
            crowded.writestr(f"xl/media/{i}.bin", b"")
    assert refusal(out).code == "excel.zip_bomb"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "统一社会信用代码,名称\n91320100MA1XYZ1234,南京\n".encode(),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # an old .xls (OLE2)
        b"PK\x03\x04 truncated",
        b"",
    ],
    ids=["pdf", "csv", "xls", "broken-zip", "empty-file"],
)
def test_a_file_that_is_not_an_xlsx_is_refused(content: bytes) -> None:
    upload = SimpleUploadedFile("data.xlsx", content)
    error = refusal(upload)
    assert error.code == "excel.not_a_spreadsheet"
    assert error.message.startswith("The file is not an Excel workbook (.xlsx).")


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as other:
        other.writestr("word/document.xml", "<document/>")
        other.writestr("[Content_Types].xml", "<Types/>")
    assert refusal(out).code == "excel.not_a_spreadsheet"


def test_a_workbook_whose_sheet_xml_is_cut_short_is_refused() -> None:
    # given: a real workbook whose sheet XML loses its second half
    source = zipfile.ZipFile(xlsx(headers(), *([f"{i}", "A"] for i in range(50))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for name in source.namelist():
            data = source.read(name)
            broken.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    # when / then
    assert refusal(out).code == "excel.not_a_spreadsheet"


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    # given: the same workbook is fine under the default limit
    content = xlsx(headers(), ["1", "A"]).getvalue()
    path = tmp_path / "data.xlsx"
    path.write_bytes(content)
    assert read_workbook(path, SPEC).rows
    # when / then
    for upload in (path, str(path), io.BytesIO(content), SimpleUploadedFile("d.xlsx", content)):
        error = refusal(upload, max_bytes=len(content) - 1)
        assert error.code == "excel.too_large"
    assert error.message == f"The file is larger than {(len(content) - 1) / 2**20:.3g} MB."


def test_an_unseekable_stream_is_copied_within_the_size_limit() -> None:
    content = xlsx(headers(), ["1", "A"]).getvalue()

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(content)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            return self.data.readinto(buffer)

    assert read_workbook(Pipe(), SPEC).rows[0].values["code"] == "1"
    assert refusal(Pipe(), max_bytes=len(content) // 2).code == "excel.too_large"


def test_more_data_rows_than_the_limit_are_refused() -> None:
    upload = xlsx(headers(), *([f"{i}", "A"] for i in range(6)), [], [])
    assert len(read_workbook(upload, SPEC, max_rows=6).rows) == 6
    error = refusal(upload, max_rows=5)
    assert error.code == "excel.too_many_rows"
    assert error.message == "The file has more than 5 data rows; split it up."


def test_missing_required_columns_are_listed() -> None:
    error = refusal(xlsx(["Level", "Notes"], ["Nation", "x"]))
    assert error.code == "excel.missing_columns"
    assert error.message == "Required columns are missing: “Region code”, “Name”."
    with pytest.raises(DomainError) as refused, translation.override("zh-hans"):
        read_workbook(xlsx(["级别"], ["全国"]), SPEC)
    assert "“行政区划代码”、“名称”" in refused.value.message


@pytest.mark.parametrize(
    "rows",
    [[], [[None, "  "]], [headers()], [headers(), [None, ""]]],
    ids=["nothing", "blank", "header-only", "blank-rows"],
)
def test_a_sheet_without_header_or_data_is_refused(rows: list[list[Any]]) -> None:
    assert refusal(xlsx(*rows)).code == "excel.empty"


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("file_lang", ["zh-hans", "en"])
@pytest.mark.parametrize("user_lang", ["zh-hans", "en"])
def test_headers_match_in_either_language(file_lang: str, user_lang: str) -> None:
    upload = xlsx(headers(file_lang), ["320100", "南京", "地级"])
    with translation.override(user_lang):
        parsed = read_workbook(upload, SPEC)
    assert parsed.headers["code"] == headers(file_lang)[0]
    assert parsed.rows[0].values["level"] == "prefecture"


def test_headers_match_by_key_trimmed_and_case_insensitive_and_extras_are_ignored() -> None:
    upload = xlsx(
        ["Remark", " CODE ", "ＮＡＭＥ", "*级别", "unknown", "Name"],
        ["ignored", "320100", "南京", "Prefecture", "x", "second Name column is ignored"],
    )
    parsed = read_workbook(upload, SPEC)
    assert parsed.headers == {"code": "CODE", "name": "ＮＡＭＥ", "level": "*级别"}
    assert parsed.rows[0].values == dict.fromkeys(ROW) | {
        "code": "320100",
        "name": "南京",
        "level": "prefecture",
    }


# --- parsing --------------------------------------------------------------------------------


def test_every_error_is_collected_with_its_spreadsheet_row_number() -> None:
    # given: rows 2, 4, 6 and 8 are fine; row 3 has a bad date, 5 no name, 7 a bad level
    good = ["320100", "南京", "地级", "2024-03-05"]
    upload = xlsx(
        headers("en")[:4],
        good,
        [*good[:3], "2024-02-30"],
        good,
        ["320100", "  ", "地级"],
        good,
        [*good[:2], "Village", "2024-03-05"],
        good,
    )
    # when
    with translation.override("en"):
        parsed = read_workbook(upload, SPEC)
    # then
    assert parsed.errors == [
        CellError(3, "valid from", "valid_from", "“2024-02-30” is not a date (use YYYY-MM-DD)."),
        CellError(5, "Name", "name", "This value is required."),
        CellError(
            7, "Level", "level", "“Village” is not one of: Nation, Province, Prefecture, County."
        ),
    ]
    assert [r.number for r in parsed.rows] == [2, 3, 4, 5, 6, 7, 8]
    assert parsed.rows[1].values["valid_from"] is None
    assert not parsed.ok


def test_errors_read_as_one_line_in_the_current_language() -> None:
    error = CellError(12, "名称", "name", "x")
    with translation.override("en"):
        assert format_error(error) == "Row 12, column “名称”: x"
    with translation.override("zh-hans"):
        assert format_error(error) == "第12行“名称”：x"
        parsed = read_workbook(xlsx(headers("zh-hans")[:2], ["320100", None]), SPEC)
        assert format_error(parsed.errors[0]) == "第2行“名称”：此项为必填项。"


def test_full_width_input_is_normalised() -> None:
    upload = xlsx(
        headers()[:7],
        [
            "９１３２０１００ＭＡ１ＸＹＺ１２３",
            "南京",
            "ＰＲＯＶＩＮＣＥ",
            "２０２４年３月５日",
            "ＹＥＳ",
            "１２",
            "１，２３４．５",
        ],
    )
    assert read_workbook(upload, SPEC).rows[0].values == dict.fromkeys(ROW) | {
        "code": "91320100MA1XYZ123",
        "name": "南京",
        "level": "province",
        "valid_from": dt.date(2024, 3, 5),
        "active": True,
        "units": 12,
        "area": Decimal("1234.5"),
    }


@pytest.mark.parametrize(
    ("key", "cell", "expected"),
    [
        ("code", 91320100, "91320100"),
        ("code", "  0001 ", "0001"),
        ("units", "12", 12),
        ("units", 12, 12),
        ("units", 12.0, 12),
        ("units", "1,000", 1000),
        ("area", 12.25, Decimal("12.25")),
        ("area", "1,234,567.891", Decimal("1234567.891")),
        ("area", " -3 ", Decimal(-3)),
        ("valid_from", dt.datetime(2024, 3, 5, 0, 0), dt.date(2024, 3, 5)),  # noqa: DTZ001
        ("valid_from", "2024/3/5", dt.date(2024, 3, 5)),
        ("valid_from", "2024年3月5日", dt.date(2024, 3, 5)),
        ("valid_from", "2024.03.05", dt.date(2024, 3, 5)),
        ("valid_from", "20240305", dt.date(2024, 3, 5)),
        ("active", "是", True),
        ("active", "否", False),
        ("active", "Y", True),
        ("active", "n", False),
        ("active", "TRUE", True),
        ("active", 0, False),
        ("active", 1, True),
        ("active", True, True),
        ("active", "✓", True),
        ("active", "No", False),
        ("level", "省级", "province"),
        ("level", "province", "province"),
        ("level", " PREFECTURE ", "prefecture"),
        ("roles", "专家；county official", ["expert", "county_official"]),
        ("tags", "a;b；c、d,e，f", ["a", "b", "c", "d", "e", "f"]),
        ("tags", 5, ["5"]),
        ("notes", "  a  b  ", "a  b"),
    ],
)
def test_cells_are_parsed_per_kind(key: str, cell: Any, expected: Any) -> None:
    row = {"code": "1", "name": "A", key: cell}
    upload = xlsx(list(row), list(row.values()))
    parsed = read_workbook(upload, SPEC)
    assert parsed.errors == []
    assert parsed.rows[0].values[key] == expected


@pytest.mark.parametrize(
    ("key", "cell", "message"),
    [
        ("units", "12.5", "“12.5” is not a whole number."),
        ("units", "twelve", "“twelve” is not a whole number."),
        ("units", -1, "Must be at least 0."),
        ("units", 1001, "Must be at most 1000."),
        ("area", "12,5 kg", "“12,5 kg” is not a number."),
        ("area", "12,5", "“12,5” is not a number."),  # a decimal comma is not a thousands one
        ("area", "NaN", "“NaN” is not a number."),
        ("valid_from", "5/3/2024", "“5/3/2024” is not a date (use YYYY-MM-DD)."),
        ("active", "maybe", "“maybe” is not yes or no."),
        ("active", 2, "“2” is not yes or no."),
        ("roles", "expert；mayor", "“mayor” is not one of: Expert, County official."),
        ("name", "x" * 21, "At most 20 characters (this value has 21)."),
    ],
)
def test_bad_cells_are_reported_in_english(key: str, cell: Any, message: str) -> None:
    row = {"code": "1", "name": "A", key: cell}
    upload = xlsx(list(row), list(row.values()))
    with translation.override("en"):
        parsed = read_workbook(upload, SPEC)
    assert [(e.row, e.key, e.message) for e in parsed.errors] == [(2, key, message)]
    assert parsed.rows[0].values[key] is None


# --- a large sheet --------------------------------------------------------------------------


def test_twenty_thousand_rows_of_ten_columns_are_read_whole(tmp_path: Path) -> None:
    # given: an upload saved the way Excel and WPS save (shared strings, date cells)
    rows = [{**ROW, "code": f"{i:018d}", "units": i % 1000} for i in range(20_000)]
    upload = tmp_path / "upload.xlsx"
    book = Workbook()
    book.active.append(headers("zh-hans"))
    for r in rows:
        cells = ["Nanjing", "地级", r["valid_from"], "是", r["units"], 6587.02, "专家", "a、b", "c"]
        book.active.append([r["code"], *cells])
    book.save(upload)
    # when
    parsed = read_workbook(upload, SPEC)
    # then (speed is the benchmark's job: `manage.py bench registry`)
    assert len(parsed.rows) == 20_000
    assert parsed.ok
    assert parsed.rows[-1].values["code"] == "000000000000019999"
