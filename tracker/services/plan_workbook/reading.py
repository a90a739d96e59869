"""Reading a workbook of the plan's format (columns.py) from an uploaded file, with every check
of the file made before it is parsed (docs/workbook.md, "Import"): its size, its kind by its
content (an .xlsx workbook, a CSV file, a zip of CSV files), macros, encryption, the
uncompressed size of a zip, XML declarations; then at most the row limit of each sheet.

The cells are read as they are written; ``value`` makes a cell the value its column holds."""

import csv
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import IO, Any

from defusedxml import DefusedXmlException, ElementTree  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError  # type: ignore[import-untyped]
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tracker.cells import unneutralise
from tracker.services import Config, DomainError, Message
from tracker.services.plan_workbook.columns import README, SHEETS, Column, Kind, Sheet, sheet_named

MB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted workbook, or an old .xls
ZIP = b"PK\x03\x04"
# The most columns read of a sheet (the format has about twenty): a row is cut there, and at
# its header row's last header.
COLUMNS = 256
# How much of an XML part is read at a time to find what comes before its root element.
XML_CHUNK = 4096
# What a broken zip or XML part raises while it is read (a zip whose directory understates a
# part's size fails its CRC only when the part is read).
BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, DefusedXmlException)
# How many rows at the top may come before the header row (a title, an empty row).
HEADER_SEARCH = 10


class Refused(DomainError):
    """A file refused before its rows are read; ``message`` says why (translated when
    shown)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Limits:
    """The import's limits (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_UNCOMPRESSED)."""

    bytes: int = 10 * MB
    rows: int = 50_000
    uncompressed: int = 100 * MB

    @classmethod
    def of(cls, config: Config) -> "Limits":
        return cls(
            config.get("IMPORT_MAX_BYTES", cls.bytes),
            config.get("IMPORT_MAX_ROWS", cls.rows),
            config.get("IMPORT_MAX_UNCOMPRESSED", cls.uncompressed),
        )


@dataclass
class Table:
    """One sheet as read: its header row's number, each column's header as written and the
    column it names (None: not part of the format), and the rows that hold something, each
    with its number as the spreadsheet shows it."""

    sheet: Sheet
    name: str
    header_row: int
    headers: list[tuple[str, Column | None]]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)

    def present(self) -> dict[str, tuple[int, str]]:
        """{field: (position, header as written)} of the format's columns in this sheet (the
        first, if a header is there twice)."""
        found: dict[str, tuple[int, str]] = {}
        for position, (header, column) in enumerate(self.headers):
            if column is not None and column.field not in found:
                found[column.field] = (position, header)
        return found


@dataclass
class Book:
    """The sheets read, in the format's order, and what was left out (a sheet or a column that
    is not part of the format)."""

    tables: list[Table]
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (sheet, column or "")

    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def megabytes(size: int) -> str:
    """A size in MB (of 1 048 576 bytes, as the limits are set) as the reader writes numbers:
    to a tenth at most from 1 MB (a limit set as 20 000 000 bytes reads "19,1"), to two
    significant digits below ("0,095")."""
    value = size / MB
    return format_decimal(round(value, 1) if value >= 1 else float(f"{value:.2g}"))


def too_large(limits: Limits) -> Message:
    return _l(
        "The file is larger than %(limit)s MB, the largest the import reads.",
        limit=megabytes(limits.bytes),
    )


def read(stream: IO[bytes], name: str, limits: Limits, length: int | None = None) -> Book:
    """The sheets of the file ``stream`` holds (named ``name``), or Refused. ``length`` is its
    size if known (a request's Content-Length): a larger file is refused without reading it;
    otherwise at most one byte more than the limit is read."""
    if length is not None and length > limits.bytes:
        raise Refused(too_large(limits))
    content = stream.read(limits.bytes + 1)
    if len(content) > limits.bytes:
        raise Refused(too_large(limits))
    return read_bytes(content, name, limits)


def read_bytes(content: bytes, name: str, limits: Limits) -> Book:
    suffix = PurePath(name).suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlsb"):
        raise Refused(MACROS)
    if content.startswith(OLE):
        raise Refused(
            _l(
                "The file is encrypted or an old Excel file (.xls): save it as an Excel "
                "workbook (.xlsx) without a password."
            )
        )
    if content.startswith(ZIP):
        try:
            return _zipped(content, name, suffix, limits)
        except BROKEN as error:
            raise Refused(NOT_READ) from error
    if suffix in (".xlsx", ".zip", ".xls"):
        raise Refused(_l("The file is named %(name)s but is not what its name says.", name=name))
    if b"\x00" in content:
        raise Refused(NOT_READ)
    return _csv_files([(name, content)], limits)


MACROS = _l("The workbook holds macros: save it as an Excel workbook (.xlsx) without them.")
NOT_READ = _l(
    "The file is not an Excel workbook (.xlsx), a CSV file or a zip of CSV files."
)  # fmt: skip


def _zipped(content: bytes, name: str, suffix: str, limits: Limits) -> Book:
    archive = _archive(content, limits)
    names = archive.namelist()
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        _named_as(suffix, ".xlsx", name)
        return _workbook(archive, content, limits)
    if names and all(n.lower().endswith(".csv") or n.endswith("/") for n in names):
        _named_as(suffix, ".zip", name)
        files = [(n, archive.read(n)) for n in names if not n.endswith("/")]
        return _csv_files(files, limits)
    raise Refused(NOT_READ)


def _named_as(suffix: str, expected: str, name: str) -> None:
    if suffix and suffix != expected and suffix in (".xlsx", ".csv", ".zip"):
        raise Refused(_l("The file is named %(name)s but is not what its name says.", name=name))


def _archive(content: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip, its entries' sizes summed from its directory before anything is extracted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise Refused(NOT_READ) from error
    if sum(info.file_size for info in archive.infolist()) > limits.uncompressed:
        raise Refused(
            _l(
                "Unpacked, the file would be larger than %(limit)s MB, the largest the import "
                "reads.",
                limit=megabytes(limits.uncompressed),
            )
        )
    return archive


def _workbook(archive: zipfile.ZipFile, content: bytes, limits: Limits) -> Book:
    names = archive.namelist()
    if any(n.lower().endswith("vbaproject.bin") for n in names) or _macros(archive):
        raise Refused(MACROS)
    for name in names:
        if name.lower().endswith((".xml", ".rels", ".vml")):
            with archive.open(name) as part:
                if _declares(part):
                    raise Refused(
                        _l(
                            "The workbook holds XML declarations (DOCTYPE) that a workbook "
                            "does not need: save it again from the spreadsheet program."
                        )
                    )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises what the zip and the XML parsers raise
        raise Refused(NOT_READ) from error
    book = Book([])
    try:
        for worksheet in workbook.worksheets:
            # The sheet's own <dimension> may lie: fewer rows than it holds (rows left out)
            # or 16 384 columns (every row padded to them).
            worksheet.reset_dimensions()
            rows = worksheet.iter_rows(max_col=COLUMNS, values_only=True)
            _add(book, worksheet.title, rows, limits)
    finally:
        workbook.close()
    return _ordered(book)


def _macros(archive: zipfile.ZipFile) -> bool:
    """Whether [Content_Types].xml names a part with macros, whatever the part's name."""
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    return any(
        word in (one.get("ContentType") or "").lower()
        for one in types.iter()
        for word in ("macroenabled", "vbaproject")
    )


PROLOG = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def _declares(part: IO[bytes]) -> bool:
    """Whether an XML part declares a DOCTYPE before its root element: read up to the root,
    however long the declaration, comments and space before it are."""
    head, position = b"", 0
    while True:
        more = part.read(max(XML_CHUNK, len(head)))  # twice as much each time: reads in O(n)
        head = (head + more).removeprefix(b"\xef\xbb\xbf")
        while (found := PROLOG.match(head, position)) is not None:
            position = found.end()
        rest = head[position:].lstrip()
        if rest[:9].lower() == b"<!doctype":
            return True
        complete = len(rest) >= 9 and not rest.startswith((b"<?", b"<!--"))
        if complete or (rest and not rest.startswith(b"<")) or not more:
            return False


def _csv_files(files: list[tuple[str, bytes]], limits: Limits) -> Book:
    book = Book([])
    for name, content in files:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise Refused(_l("A CSV file must be written in UTF-8.")) from error
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            _add(book, PurePath(name).stem, rows, limits)
        except csv.Error as error:
            raise Refused(
                _l(
                    "The CSV file %(name)s could not be read: a cell is longer than %(limit)s "
                    "characters, or a quotation mark is not closed.",
                    name=name,
                    limit=f"{csv.field_size_limit():,}".replace(",", " "),
                )
            ) from error
    return _ordered(book)


def _ordered(book: Book) -> Book:
    """The sheets in the format's order: what a row names is read before the row."""
    book.tables.sort(key=lambda t: SHEETS.index(t.sheet))
    return book


def _blank(row: Iterable[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _add(book: Book, name: str, rows: Iterable[Iterable[object]], limits: Limits) -> None:
    """Read a sheet's rows into ``book``: its header row (the first of the first rows that
    names a column of the format), then at most the row limit; a sheet that is not part of the
    format is noted and not read."""
    sheet = sheet_named(name)
    if sheet is None or any(t.sheet is sheet for t in book.tables):
        if name.strip().casefold() != README.casefold():
            book.ignored.append((name, ""))
        return
    found: Iterator[Iterable[object]] = iter(rows)
    table = None
    width = COLUMNS
    for number, row in enumerate(found, start=1):
        cells = list(itertools.islice(row, width))
        if table is None:
            headers = [
                ("" if c is None else " ".join(str(c).split()), sheet.column(c)) for c in cells
            ]
            if any(column is not None for _header, column in headers):
                width = max(i + 1 for i, (header, _column) in enumerate(headers) if header)
                table = Table(sheet, name, number, headers[:width])
                book.tables.append(table)
            elif number >= HEADER_SEARCH:
                break
            continue
        if number - table.header_row > limits.rows:
            raise Refused(
                _l(
                    "The sheet %(sheet)s has more than %(limit)s rows, the most the import reads.",
                    sheet=name,
                    limit=f"{limits.rows:,}".replace(",", " "),
                )
            )
        if not _blank(cells):
            table.rows.append((number, cells))
    if table is None:
        book.tables.append(Table(sheet, name, 1, []))
        return
    book.ignored.extend(
        (name, header) for header, column in table.headers if header and column is None
    )


# Reading a cell.


class Unreadable(ValueError):
    """A cell that does not hold what its column holds; ``message`` says what it should."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m %Y", "%d/%m/%Y", "%d.%m.%Y", "%d.%m %Y", "%Y/%m/%d")
MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")


def _written(cell: object) -> str:
    """A text cell's text, as the app wrote it if it wrote it (tracker.cells.neutralise)."""
    return unneutralise(_text(cell))


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        cell = cell.date() if cell.time() == datetime.min.time() else cell
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def _date(cell: object) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 1 <= cell < 2_958_466:  # Excel's serial numbers, from 1900 to 9999
            return EXCEL_EPOCH + timedelta(days=int(cell))
        raise Unreadable(_l("Write the date as 2026-01-31."))
    text = _text(cell).split(" 00:00")[0]
    if not text:
        return None
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()  # noqa: DTZ007 - a day, not a moment
        except ValueError:
            continue
    raise Unreadable(_l("Write the date as 2026-01-31."))


def _month(cell: object) -> str | None:
    if isinstance(cell, (datetime, date)):
        return f"{cell.year:04d}-{cell.month:02d}"
    text = _text(cell)
    if not text:
        return None
    found = MONTH_RE.fullmatch(text)
    if found is None:
        raise Unreadable(_l("Write the month as 2026-01."))
    return f"{found[1]}-{int(found[2]):02d}"


def _number(cell: object) -> int | None:
    if isinstance(cell, bool):
        raise Unreadable(_l("Write a whole number."))
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = _text(cell).removesuffix("%").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise Unreadable(_l("Write a whole number.")) from None


def value(column: Column, cell: object) -> Any:
    """The value a cell holds for ``column``: text stripped, an email in lower case, a date, a
    month (YYYY-MM), a whole number, a list, a closed value; None for an empty cell (a list:
    []). Unreadable with what the cell should hold."""
    kind = column.kind
    if column.vocabulary is not None:
        text = _written(cell)
        if not text:
            return None
        found = column.vocabulary.read(text)
        if found is None:
            raise Unreadable(
                _l(
                    "%(value)s is not one of: %(words)s.",
                    value=text,
                    words=", ".join(column.vocabulary.choices()),
                )
            )
        return found
    if kind == Kind.DATE:
        return _date(cell)
    if kind == Kind.MONTH:
        return _month(cell)
    if kind == Kind.NUMBER:
        return _number(cell)
    if kind in (Kind.CODES, Kind.EMAILS):
        parts = [p.strip() for p in re.split(r"[,;\n]", _written(cell)) if p.strip()]
        return [p.lower() for p in parts] if kind == Kind.EMAILS else parts
    text = _written(cell)
    if kind == Kind.EMAIL:
        return text.lower() or None
    if kind == Kind.CODE:
        return text or None
    return text
