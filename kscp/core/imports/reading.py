"""Reading an uploaded file into rows of cells: a CSV file, or the first sheet of an Excel
workbook. Whatever is wrong with the file itself (its type, its size, its encoding, a workbook
that cannot be opened or would unpack into far more than was uploaded) refuses it whole with
one named problem, before any row is checked.

A workbook is a zip archive: its parts are unpacked as it is read, and a few kilobytes can
unpack into gigabytes (a "zip bomb"). The sizes its archive states are added up before it is
opened, and Python's zipfile never unpacks a part beyond its stated size (it stops there and
the part fails its checksum), so those sizes bound what reading the workbook can take."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

MAX_ROWS = 5000
MAX_COLUMNS = 60  # columns beyond these are never read
# A workbook may take at most this much once unpacked, or five times the upload limit if
# that is more: a real booking export of 5,000 rows takes a few megabytes.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
UNPACKED_PER_UPLOADED = 5

FILE_TYPE = "The file must be a CSV file or an Excel workbook (.csv or .xlsx)"
FILE_TOO_BIG = "The file must be {limit} or smaller"
FILE_EMPTY = "The file is empty"
FILE_NOT_TEXT = "The file could not be read as text: save it as ‘CSV UTF-8’ and upload it again"
FILE_NOT_CSV = "The file could not be read as CSV: {reason}"
FILE_NOT_XLSX = "The file could not be opened as an Excel workbook: save it as .xlsx or as CSV"
FILE_UNPACKS_TOO_BIG = (
    "The workbook takes more than {limit} once opened: keep only the sheet to import, or save "
    "it as CSV and upload that"
)
NO_ROWS = "The file has a header row but no rows under it"
TOO_MANY_ROWS = "The file has more than {limit:,} rows: split it into smaller files"


class FileRefused(ValidationError):
    """The file is refused as a whole; `messages` names every problem found."""


@dataclass
class Table:
    header: list
    rows: list[tuple[int, list]]  # (the row's number in the spreadsheet, its cells)


def size_words(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def max_unpacked_bytes(max_bytes: int) -> int:
    """What a workbook or document uploaded under `max_bytes` may take once unpacked."""
    return max(MAX_UNPACKED_BYTES, max_bytes * UNPACKED_PER_UPLOADED)


def is_blank(cells) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def read_upload(upload, *, max_bytes: int, max_rows: int = MAX_ROWS) -> Table:
    """The header and rows of an uploaded CSV file or workbook (its first sheet). The size is
    checked before the file is read."""
    name = (upload.name or "").lower()
    if not name.endswith((".csv", ".xlsx")):
        raise FileRefused([FILE_TYPE])
    if upload.size > max_bytes:
        raise FileRefused([FILE_TOO_BIG.format(limit=size_words(max_bytes))])
    if upload.size == 0:
        raise FileRefused([FILE_EMPTY])
    if name.endswith(".csv"):
        rows = _csv_rows(upload.read())
    else:
        check_unpacked_size(upload, limit=max_unpacked_bytes(max_bytes), unreadable=FILE_NOT_XLSX)
        rows = _xlsx_rows(upload)
    return table_of(rows, max_rows=max_rows)


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused([FILE_NOT_TEXT])
    if "\x00" in text:  # a binary file, whatever its name
        raise FileRefused([FILE_NOT_TEXT])
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise FileRefused([FILE_NOT_CSV.format(reason=error)]) from error


def check_unpacked_size(upload, *, limit: int, unreadable: str) -> None:
    """Refuses a workbook (or a Word document: any zip archive) whose parts add up to more
    than `limit`, reading only its archive's directory; `unreadable` when it is no archive."""
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as error:  # any failure to open an uploaded workbook is the file's
        raise FileRefused([unreadable]) from error
    finally:
        upload.seek(0)
    if unpacked > limit:
        raise FileRefused([FILE_UNPACKS_TOO_BIG.format(limit=size_words(limit))])


def _xlsx_rows(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except Exception as error:  # any failure to open an uploaded workbook is the file's
        raise FileRefused([FILE_NOT_XLSX]) from error
    try:
        if not workbook.worksheets:
            raise FileRefused([FILE_EMPTY])
        sheet = workbook.worksheets[0]
        try:
            for row in sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True):
                yield list(row)
        except Exception as error:  # broken sheet XML, a missing part, a cell openpyxl
            # cannot read: the sheet is only parsed here, row by row
            raise FileRefused([FILE_NOT_XLSX]) from error
    finally:
        workbook.close()


def table_of(rows, *, max_rows: int) -> Table:
    """The first row that is not blank is the header; blank rows are skipped, and counted
    towards the limit so that a file of empty lines is refused too."""
    header, data, blank = None, [], 0
    for number, cells in enumerate(rows, start=1):
        if is_blank(cells):
            blank += 1
        elif header is None:
            header = cells
        else:
            data.append((number, cells))
        if len(data) > max_rows or blank > max_rows:
            raise FileRefused([TOO_MANY_ROWS.format(limit=max_rows)])
    if header is None:
        raise FileRefused([FILE_EMPTY])
    if not data:
        raise FileRefused([NO_ROWS])
    return Table(header=header, rows=data)
