"""Excel import and export from one column spec per app (STYLE.md §8): the spec writes the
template, reads an upload into typed rows plus every cell error, and exports rows. Uploads are
checked as zip containers (size, members, unpacked size, ratios) before openpyxl parses them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice, repeat
from typing import IO, Any, Literal, get_args

import rustpy_xlsxwriter
from django.conf import settings
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from cleanprod.core.errors import DomainError

Kind = Literal["text", "int", "decimal", "date", "bool", "choice", "code"]
Label = str | Promise
Upload = str | os.PathLike[str] | IO[bytes]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_ROWS = 10_000  # rows that drop-down lists reach in a template
MAX_UNPACKED = 200 * 1024 * 1024  # declared uncompressed size of all members together
MAX_RATIO, RATIO_FLOOR = 100, 1024 * 1024  # ratio limit, for members unpacking above 1 MiB
MAX_MEMBERS = 10_000
SPOOL_BYTES = 5 * 1024 * 1024  # an export larger than this spills to a temporary file
COPY_BYTES = 1024 * 1024  # chunk of a finished workbook copied to a file object
INLINE_LIST = 255  # Excel's limit for a drop-down list written inside the formula
EXCEL_MAX_TEXT = 32_767  # characters in one cell
EXPORT_BATCH = 1000  # mapping rows an export converts together, column by column
TEXT_TYPES = frozenset({str, type(None)})  # column types the writer takes as they are
NUMBER_TYPES = frozenset({int, float, type(None)})
DATE_TYPES = frozenset({dt.date, type(None)})
_ABSENT = object()  # a value with no entry in a label table
SEPARATORS = re.compile("[;；、,，]")
MANY_JOIN = "；"
DATE_RES = [
    re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
]
THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")
TOKENS = dict.fromkeys(["是", "y", "yes", "true", "1", "✓", "✔", "√"], True)
TOKENS |= dict.fromkeys(["否", "n", "no", "false", "0", "✗", "×"], False)
YES, NO = gettext_lazy("Yes"), gettext_lazy("No")
KIND_LABELS = {
    "text": gettext_lazy("Text"),
    "int": gettext_lazy("Whole number"),
    "decimal": gettext_lazy("Number"),
    "date": gettext_lazy("Date (YYYY-MM-DD)"),
    "bool": gettext_lazy("Yes / No"),
    "choice": gettext_lazy("One of the allowed values"),
    "code": gettext_lazy("Code (kept exactly as text)"),
}
BOLD, BOLD_RED = Font(bold=True), Font(bold=True, color="C00000")


@dataclass(frozen=True)
class Column:
    """One column: an English snake_case `key`, a lazily translated `header`, a `kind`."""

    key: str
    header: Label
    kind: Kind = "text"
    required: bool = False
    choices: Sequence[tuple[Any, Label]] = ()  # (value, label); the workbook shows labels
    max_length: int | None = None
    width: int | None = None
    help: Label = ""
    many: bool = False  # a cell lists several values
    min_value: int | Decimal | None = None
    max_value: int | Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in get_args(Kind) or (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"{self.key}: kind {self.kind!r} with choices {self.choices!r}")
        object.__setattr__(self, "choices", tuple(self.choices))


@dataclass(frozen=True)
class ColumnSpec:
    """A sheet's title and its columns, in order; iterate it for the columns."""

    title: Label
    columns: Sequence[Column]

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        if len({c.key for c in self.columns}) != len(self.columns):
            raise ValueError(f"{self.title}: duplicate column keys")

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)


@dataclass(frozen=True)
class CellError:
    """A cell that cannot be read; `column` is the header as written in the file."""

    row: int
    column: str
    key: str
    message: str


@dataclass(frozen=True)
class ParsedRow:
    """A non-empty data row: its 1-based spreadsheet row number and a value per key."""

    number: int
    values: dict[str, Any]


@dataclass
class ParsedSheet:
    """All non-empty data rows (a bad cell reads as None) and all cell errors, in order."""

    headers: dict[str, str]  # key → header as written in the file
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, spec: ColumnSpec, row: int, key: str, message: str) -> CellError:
        """An error for a cell found after reading (a business rule), named by the header as
        written in the file, or by the spec's header when the column was absent."""
        header = self.headers.get(key) or str(next((c.header for c in spec if c.key == key), key))
        return CellError(row=row, column=header, key=key, message=message)


def format_error(err: CellError) -> str:
    """“Row 12, column “Name”: reason” in the current language."""
    params = {"row": err.row, "column": err.column, "reason": err.message}
    return _("Row %(row)s, column “%(column)s”: %(reason)s") % params


# --- template and export -------------------------------------------------------------------


def write_template(
    spec: ColumnSpec, out: Any, *, examples: Iterable[Mapping[str, Any]] = ()
) -> None:
    """Write the import template (headers, notes, drop-down lists, instructions) to `out`."""
    book = Workbook()
    sheet, guide = book.active, book.create_sheet(_sheet_title(_("Instructions")))
    sheet.title = _sheet_title(spec.title)
    _layout(sheet, spec)
    for index, column in enumerate(spec, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(1, index, str(column.header))
        cell.font = BOLD_RED if column.required else BOLD
        cell.comment = Comment(_note(column), "CleanProd", width=260, height=120)
        if column.kind == "code":
            sheet.column_dimensions[letter].number_format = "@"
        if options := list(_labels(column).values()):
            formula = '"' + ",".join(options) + '"'
            if len(formula) - 2 > INLINE_LIST or any("," in o or '"' in o for o in options):
                if "lists" not in book:
                    book.create_sheet("lists").sheet_state = "hidden"
                for number, option in enumerate(options, start=1):
                    book["lists"].cell(number, index, option).data_type = "s"
                formula = f"lists!${letter}$1:${letter}${len(options)}"
            check = DataValidation("list", formula1=formula, allow_blank=True)
            check.showErrorMessage = not column.many  # several values in a cell are typed
            check.error = _("Choose a value from the list.")
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(check)
    writers = [_writer(column) for column in spec]
    for number, example in enumerate(examples, start=2):
        for index, (column, write) in enumerate(zip(spec, writers, strict=True), start=1):
            cell = sheet.cell(number, index, write(example.get(column.key)))
            if isinstance(cell.value, str):
                cell.data_type, cell.number_format = "s", "@"
    _write_guide(guide, spec)
    book.save(out)


class ColumnBatches(Iterator[dict[str, Any]]):
    """Export rows handed over in batches, each batch column by column in the spec's order:
    `batch[i]` holds column i's values for every row of the batch.

    A reader that already holds its rows as plain values (`registry.excel.enterprise_rows`
    reads `values_list` chunks) then builds no dict per row in Python: `write_rows` converts
    each column of a batch with one call and hands the writer rows zipped from the columns
    (docs/benchmarks.md). Iterating gives one dict per row keyed by the spec's keys, for any
    other consumer; an instance is either iterated or written, once."""

    def __init__(self, spec: ColumnSpec, batches: Iterable[Sequence[Sequence[Any]]]) -> None:
        self.spec = spec
        self.batches = iter(batches)
        self._rows = self._dicts()

    def __next__(self) -> dict[str, Any]:
        return next(self._rows)

    def _dicts(self) -> Iterator[dict[str, Any]]:
        keys = [column.key for column in self.spec]
        for columns in self.batches:
            yield from map(dict, map(zip, repeat(keys), zip(*columns, strict=True)))


def write_rows(spec: ColumnSpec, rows: Iterable[Mapping[str, Any]], out: Any) -> int:
    """Write the rows to `out` (a path or a binary file) and return how many.

    rustpy-xlsxwriter (Python bindings of rust_xlsxwriter, by XlsxWriter's author) streams the
    rows in constant memory, about ten times as fast as XlsxWriter's constant-memory mode
    (docs/benchmarks.md). Text stays text, never a formula or a link; code columns carry the
    text format "@"; dates a date format; the bold header row is frozen. A row with no values
    still keeps the header when there are no rows at all.

    The writer streams the workbook to a path as it goes, but builds all of it in memory for
    a file object (twice its size at the peak: 230 MiB for a million enterprises), so a file
    object gets it through a temporary file, copied over in chunks."""
    if isinstance(out, str | os.PathLike):
        return _write_xlsx(spec, rows, out)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.xlsx")
        written = _write_xlsx(spec, rows, path)
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, out, COPY_BYTES)
    return written


def _write_xlsx(
    spec: ColumnSpec, rows: Iterable[Mapping[str, Any]], path: str | os.PathLike[str]
) -> int:
    """`write_rows` to a path. Rows are converted a batch at a time, column by column
    (`_column_writer`): a column whose values the writer can take as they are is checked in C
    loops and passed on untouched, so the Python work per row is one dict built from the
    columns. `ColumnBatches` of this spec skip the mappings altogether."""
    headers = _unique_headers(spec)
    names = [header for _key, header, _column in headers]
    converters = [_column_writer(column) for column in spec]
    if isinstance(rows, ColumnBatches) and rows.spec is spec:
        batches: Iterator[Sequence[Sequence[Any]]] = rows.batches
    else:
        batches = _columns_of(rows, [column.key for column in spec])
    written = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal written
        for columns in batches:
            cells = [convert(values) for convert, values in zip(converters, columns, strict=True)]
            written += len(cells[0]) if cells else 0
            yield from map(dict, map(zip, repeat(names), zip(*cells, strict=True)))
        if not written:
            yield dict.fromkeys(names)

    rustpy_xlsxwriter.write_worksheet(
        records(),
        path,
        sheet_name=_sheet_title(spec.title),
        freeze_row=1,
        bold_headers=True,
        datetime_format="yyyy-mm-dd",
        column_widths=[_width(column) for column in spec],
        column_formats={
            header: rustpy_xlsxwriter.Format().set_num_format("@")
            for _key, header, column in headers
            if column.kind == "code"
        },
    )
    return written


def _columns_of(
    rows: Iterable[Mapping[str, Any]], keys: Sequence[str]
) -> Iterator[list[list[Any]]]:
    """Mapping rows as batches of columns (a missing key reads as None)."""
    rows = iter(rows)
    while batch := list(islice(rows, EXPORT_BATCH)):
        yield [[row.get(key) for row in batch] for key in keys]


def _column_writer(column: Column) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """One column of a batch → the values the writer takes, the same cells as `_export_writer`
    gives value by value. The common cases cost no Python call per cell: text that is all str
    (or None) within Excel's limit, numbers, dates and labels found in a table pass as they
    are or in one C loop; anything else goes value by value. Decimals become floats: the
    writer stores a double either way (the same bytes in the file), and a float is cheaper for
    it to read. "" stays "": the writer leaves such a cell blank, as it does None."""
    cell = _export_writer(column)
    kind = column.kind

    def each(values: Sequence[Any]) -> Sequence[Any]:
        return list(map(cell, values))

    if column.many:
        return each
    if kind in ("text", "code"):

        def text(values: Sequence[Any]) -> Sequence[Any]:
            if set(map(type, values)) <= TEXT_TYPES and (
                max(map(len, filter(None, values)), default=0) <= EXCEL_MAX_TEXT
            ):
                return values
            return each(values)

        return text
    if kind in ("int", "decimal"):

        def number(values: Sequence[Any]) -> Sequence[Any]:
            types = set(map(type, values))
            if types <= NUMBER_TYPES:
                return values
            if types == {Decimal}:
                return list(map(float, values))
            if types <= NUMBER_TYPES | {Decimal}:
                return [float(v) if type(v) is Decimal else v for v in values]
            return [float(c) if type(c := cell(v)) is Decimal else c for v in values]

        return number
    if kind == "date":

        def date(values: Sequence[Any]) -> Sequence[Any]:
            return values if set(map(type, values)) <= DATE_TYPES else each(values)

        return date
    table: dict[Any, Any] = {**_labels(column), None: None, "": None}
    lookup = table.get

    def pick(values: Sequence[Any]) -> Sequence[Any]:
        try:
            found = list(map(lookup, values, repeat(_ABSENT)))
        except TypeError:  # an unhashable value: as `cell` takes it
            return each(values)
        if _ABSENT in found:
            return [cell(v) if f is _ABSENT else f for v, f in zip(values, found, strict=True)]
        return found

    return pick


def _export_writer(column: Column) -> Callable[[Any], Any]:
    """`_writer`, cutting text that may exceed Excel's cell limit (the writer refuses it);
    plain text columns in one call, as they make most of an export's cells."""
    if column.kind in ("text", "code") and not column.many:

        def text(value: Any) -> Any:
            if value is None or value == "":
                return None
            if type(value) is not str:
                value = str(value)
            return value if len(value) <= EXCEL_MAX_TEXT else value[:EXCEL_MAX_TEXT]

        return text
    write = _writer(column)
    if not column.many and column.kind in ("int", "decimal", "date", "bool", "choice"):
        return write  # numbers, dates, yes/no and labels: short

    def cut(value: Any) -> Any:
        value = write(value)
        if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
            return value[:EXCEL_MAX_TEXT]
        return value

    return cut


def _unique_headers(spec: ColumnSpec) -> list[tuple[str, str, Column]]:
    """(key, header as written, column): the writer takes rows keyed by header, so a header
    that repeats gets its key appended."""
    seen: set[str] = set()
    out = []
    for column in spec:
        header = str(column.header)
        if header in seen:
            header = f"{header} ({column.key})"
        seen.add(header)
        out.append((column.key, header, column))
    return out


def export_response(
    spec: ColumnSpec, rows: Iterable[Mapping[str, Any]], filename: str
) -> FileResponse:
    """The rows as an .xlsx attachment, spooled in memory up to SPOOL_BYTES."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (FileResponse closes it)
    write_rows(spec, rows, out)
    out.seek(0)
    name = filename if filename.lower().endswith(".xlsx") else f"{filename}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


def _writer(column: Column) -> Callable[[Any], Any]:
    """Python value → cell value: choice → label, bool → Yes/No, many → joined. Built once per
    column, specialised by kind (an export calls it for every cell)."""
    labels = _labels(column)
    kind = column.kind
    one: Callable[[Any], Any]
    if labels and kind == "bool":

        def one(value: Any) -> Any:
            return labels[bool(value)]

    elif labels:

        def one(value: Any) -> Any:
            return labels[value] if value in labels else str(value)

    elif kind == "date":

        def one(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
            return value

    elif kind in ("int", "decimal"):

        def one(value: Any) -> Any:
            return value if isinstance(value, int | float | Decimal) else Decimal(str(value))

    else:

        def one(value: Any) -> Any:
            return value if type(value) is str else str(value)

    if column.many:

        def write(value: Any) -> Any:
            if value is None or value == "":
                return None
            if isinstance(value, list | tuple | set | frozenset):
                return MANY_JOIN.join(str(one(v)) for v in value if v is not None) or None
            return one(value)

        return write

    def write_one(value: Any) -> Any:
        return None if value is None or value == "" else one(value)

    return write_one


def _width(column: Column) -> int:
    wide = sum(1 + (unicodedata.east_asian_width(c) in "WF") for c in str(column.header))
    return column.width or min(50, max(10, wide + 4))


def _layout(sheet: Any, spec: ColumnSpec) -> None:
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)


def _labels(column: Column) -> dict[Any, str]:
    """Value → label in the current language, for choice and bool columns."""
    if column.kind == "bool":
        return {True: str(YES), False: str(NO)}
    return {value: str(label) for value, label in column.choices}


def _kind_label(column: Column) -> str:
    label = str(KIND_LABELS[column.kind])
    return label + _("; several values separated by “；”") if column.many else label


def _note(column: Column) -> str:
    required = _("Required") if column.required else _("Optional")
    return "\n".join(filter(None, [required, _kind_label(column), str(column.help)]))


def _write_guide(guide: Any, spec: ColumnSpec) -> None:
    guide.append([_("Column"), _("Type"), _("Required"), _("Allowed values"), _("Notes")])
    for cell in guide[1]:
        cell.font = BOLD
    for column in spec:
        notes = [str(column.help)] if column.help else []
        if column.max_length:
            notes.append(_("At most %(max)s characters.") % {"max": column.max_length})
        if column.min_value is not None:
            notes.append(_("At least %(min)s.") % {"min": column.min_value})
        if column.max_value is not None:
            notes.append(_("At most %(max)s.") % {"max": column.max_value})
        required = str(YES if column.required else NO)
        options = _join(_labels(column).values())
        guide.append([str(column.header), _kind_label(column), required, options, " ".join(notes)])
    for letter, width in zip("ABCDE", (24, 30, 10, 40, 50), strict=True):
        guide.column_dimensions[letter].width = width


def _sheet_title(title: Label) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Sheet1"


def _join(items: Iterable[str]) -> str:
    return ("、" if (translation.get_language() or "").startswith("zh") else ", ").join(items)


# --- reading -------------------------------------------------------------------------------


def read_workbook(
    upload: Upload, spec: ColumnSpec, *, max_bytes: int = 20 * 1024 * 1024, max_rows: int = 200_000
) -> ParsedSheet:
    """Read the first sheet of an .xlsx (a path or a binary file) into typed rows.

    Refuses with a DomainError (excel.*) a file larger than `max_bytes`, not an .xlsx, a zip
    bomb, one with more than `max_rows` data rows, a missing required column, or no data.
    """
    with _opened(upload, max_bytes) as stream:
        _check_container(stream)
        stream.seek(0)
        try:
            # python-calamine (Rust) reads ~10x faster than openpyxl's read-only mode; the
            # guards above already bound what it can be asked to unpack.
            sheet = CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0)
            rows = sheet.iter_rows()
        except Exception as exc:  # whatever calamine cannot open is not a workbook to us
            raise _refused("excel.not_a_spreadsheet") from exc
        return _read_rows(_sheet_rows(rows), spec, max_rows)


def _refused(code: str, **params: Any) -> DomainError:
    messages = {
        "excel.not_a_spreadsheet": _(
            "The file is not an Excel workbook (.xlsx). Save it as .xlsx in Excel or WPS "
            "and try again."
        ),
        "excel.too_large": _("The file is larger than %(limit)s MB."),
        "excel.zip_bomb": _("The file unpacks to an unreasonable size and was refused."),
        "excel.too_many_rows": _("The file has more than %(limit)s data rows; split it up."),
        "excel.missing_columns": _("Required columns are missing: %(columns)s."),
        "excel.empty": _("The first sheet has no header row or no data rows."),
    }
    return DomainError(code, messages[code] % params if params else messages[code])


@contextmanager
def _opened(upload: Upload, max_bytes: int) -> Iterator[IO[bytes]]:
    """The upload as a seekable binary stream, refused as soon as it exceeds max_bytes."""
    too_large = _refused("excel.too_large", limit=f"{max_bytes / 2**20:.3g}")
    if isinstance(upload, str | os.PathLike):
        if os.stat(upload).st_size > max_bytes:
            raise too_large
        with open(upload, "rb") as stream:
            yield stream
    elif upload.seekable():
        size = getattr(upload, "size", None)  # Django's UploadedFile knows it
        if (size if isinstance(size, int) else upload.seek(0, os.SEEK_END)) > max_bytes:
            raise too_large
        upload.seek(0)
        yield upload
    else:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
            while chunk := upload.read(1024 * 1024):
                if copy.write(chunk) and copy.tell() > max_bytes:
                    raise too_large
            copy.seek(0)
            yield copy


def _check_container(stream: IO[bytes]) -> None:
    """An .xlsx is a zip holding [Content_Types].xml and xl/workbook.xml; nothing is unpacked."""
    if stream.read(4) != b"PK\x03\x04":
        raise _refused("excel.not_a_spreadsheet")
    try:
        members = zipfile.ZipFile(stream).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _refused("excel.not_a_spreadsheet") from exc
    if len(members) > MAX_MEMBERS:
        raise _refused("excel.zip_bomb")
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= {m.filename for m in members}:
        raise _refused("excel.not_a_spreadsheet")
    if sum(m.file_size for m in members) > MAX_UNPACKED or any(
        m.file_size > max(RATIO_FLOOR, MAX_RATIO * m.compress_size) for m in members
    ):
        raise _refused("excel.zip_bomb")
    stream.seek(0)


def _sheet_rows(rows: Iterator[list[Any]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows from row 1, empty cells as None; a broken sheet is a broken file."""
    try:
        for row in rows:
            yield tuple(None if v == "" else v for v in row)
    except Exception as exc:  # only calamine runs in here: the caller's errors stay outside
        raise _refused("excel.not_a_spreadsheet") from exc


def _read_rows(rows: Iterator[tuple[Any, ...]], spec: ColumnSpec, max_rows: int) -> ParsedSheet:
    sheet: ParsedSheet | None = None
    cells: list[tuple[int, Column, Callable[[Any], Any]]] = []
    keys = [c.key for c in spec]
    for number, row in enumerate(rows, start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        if sheet is None:
            sheet, cells = _match_headers(row, spec)
            continue
        if len(sheet.rows) >= max_rows:
            raise _refused("excel.too_many_rows", limit=max_rows)
        values = dict.fromkeys(keys)
        for index, column, parse in cells:
            raw = row[index] if index < len(row) else None
            if isinstance(raw, str):
                raw = raw.strip() or None
            try:
                if raw is not None:
                    values[column.key] = parse(raw)
                elif column.required:
                    raise _Invalid(_("This value is required."))
            except _Invalid as exc:
                sheet.errors.append(
                    CellError(number, sheet.headers[column.key], column.key, str(exc))
                )
        sheet.rows.append(ParsedRow(number, values))
    if sheet is None or not sheet.rows:
        raise _refused("excel.empty")
    return sheet


def _match_headers(
    row: tuple[Any, ...], spec: ColumnSpec
) -> tuple[ParsedSheet, list[tuple[int, Column, Callable[[Any], Any]]]]:
    """Match header cells by key or by header in any language; other columns are ignored."""
    names: dict[str, Column] = {}
    for column in spec:
        for name in [_fold(column.key), *_in_languages(column.header)]:
            names.setdefault(name, column)
    headers: dict[str, str] = {}
    cells = []
    for index, value in enumerate(row):
        column = names.get(_fold(value).strip("*").strip()) if value is not None else None
        if column and column.key not in headers:
            headers[column.key] = str(value).strip()
            cells.append((index, column, _parser(column)))
    if missing := [f"“{c.header}”" for c in spec if c.required and c.key not in headers]:
        raise _refused("excel.missing_columns", columns=_join(missing))
    return ParsedSheet(headers=headers), cells


class _Invalid(ValueError):
    """A cell that does not parse; the message is already translated."""


def _parser(column: Column) -> Callable[[Any], Any]:
    """Per column: a non-empty cell value → its typed value, or _Invalid."""
    one = {"text": _text, "code": _text, "date": _date, "bool": _pick, "choice": _pick}.get(
        column.kind, _number
    )
    table = _table(column) if column.kind in ("bool", "choice") else {}

    def parse(raw: Any) -> Any:
        if column.many and isinstance(raw, str):
            return [one(column, p.strip(), table) for p in SEPARATORS.split(raw) if p.strip()]
        return [one(column, raw, table)] if column.many else one(column, raw, table)

    return parse


def _table(column: Column) -> dict[str, Any]:
    """Folded spellings → value: the values, the labels in every language, yes/no tokens."""
    if column.kind == "bool":
        table, pairs = dict(TOKENS), ((True, YES), (False, NO))
    else:
        table, pairs = {_fold(v): v for v, _label in column.choices}, column.choices
    for value, label in pairs:
        table |= dict.fromkeys(_in_languages(label), value)
    return table


def _text(column: Column, raw: Any, table: dict[str, Any]) -> str:
    text = _as_text(raw) if column.kind == "text" else _half_width(_as_text(raw))
    if column.max_length and len(text) > column.max_length:
        message = _("At most %(max)s characters (this value has %(length)s).")
        raise _Invalid(message % {"max": column.max_length, "length": len(text)})
    return text


def _number(column: Column, raw: Any, table: dict[str, Any]) -> int | Decimal:
    text = str(raw) if isinstance(raw, int | float) else _half_width(str(raw)).replace(" ", "")
    try:
        number = Decimal(text.replace(",", "") if THOUSANDS.fullmatch(text) else text)
    except InvalidOperation:
        number = Decimal("NaN")
    whole = column.kind == "int"
    if not number.is_finite() or (whole and number != number.to_integral_value()):
        message = _("“%(value)s” is not a whole number.") if whole else None
        raise _Invalid((message or _("“%(value)s” is not a number.")) % {"value": _short(raw)})
    if column.min_value is not None and number < column.min_value:
        raise _Invalid(_("Must be at least %(min)s.") % {"min": column.min_value})
    if column.max_value is not None and number > column.max_value:
        raise _Invalid(_("Must be at most %(max)s.") % {"max": column.max_value})
    return int(number) if whole else number


def _date(column: Column, raw: Any, table: dict[str, Any]) -> dt.date:
    if isinstance(raw, dt.date):
        return raw.date() if isinstance(raw, dt.datetime) else raw
    text = _half_width(_as_text(raw))
    for pattern in DATE_RES:
        if match := pattern.fullmatch(text):
            with suppress(ValueError):
                return dt.date(*map(int, match.groups()))
    raise _Invalid(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": _short(raw)})


def _pick(column: Column, raw: Any, table: dict[str, Any]) -> Any:
    key = _fold(_as_text(raw))
    if key in table:
        return table[key]
    if column.kind == "bool":
        raise _Invalid(_("“%(value)s” is not yes or no.") % {"value": _short(raw)})
    labels = _join(str(label) for _value, label in column.choices)
    message = _("“%(value)s” is not one of: %(choices)s.")
    raise _Invalid(message % {"value": _short(raw), "choices": labels})


def _in_languages(label: Label) -> set[str]:
    """The label folded in each language of the site, so a file may use any of them."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(_fold(label))
    return names


def _as_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    elif isinstance(raw, dt.datetime) and raw.time() == dt.time():
        raw = raw.date()
    return str(raw).strip()


def _short(raw: Any) -> str:
    text = _as_text(raw)
    return text if len(text) <= 40 else text[:39] + "…"


def _half_width(text: str) -> str:
    """Full-width letters, digits, punctuation and spaces made half-width, then trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def _fold(value: Any) -> str:
    return _half_width(str(value)).casefold()
