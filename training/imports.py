"""Reading and checking the files the business unit imports: a booking system's export of a
session's attendees, and an e-learning platform's completions per course and period.

The whole file is checked before anything is saved, and every problem is named by its row (as
the spreadsheet numbers it: the header is row 1) and its column, so that the file is either
imported entirely or refused with a list of what to correct. These functions read the file
and the records they are given; they never touch the database.

Only the columns the import uses are read; other columns of an export are ignored. A cell that
a spreadsheet would run as a formula (starting with = + - or @) is refused, never stored, and
so is a formula in a workbook: workbooks are read without calculating, so that a formula shows
as one rather than as its last result."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook

MAX_ROWS = 5000
MAX_COLUMNS = 60  # columns beyond these are never read
FORMULA_STARTS = ("=", "+", "-", "@")

FILE_TYPE = "The file must be a CSV file or an Excel workbook (.csv or .xlsx)"
FILE_TOO_BIG = "The file must be {limit} or smaller"
FILE_EMPTY = "The file is empty"
FILE_NOT_TEXT = "The file could not be read as text: save it as ‘CSV UTF-8’ and upload it again"
FILE_NOT_CSV = "The file could not be read as CSV: {reason}"
FILE_NOT_XLSX = "The file could not be opened as an Excel workbook: save it as .xlsx or as CSV"
NO_ROWS = "The file has a header row but no rows under it"
TOO_MANY_ROWS = "The file has more than {limit:,} rows: split it into smaller files"
COLUMN_MISSING = "The file has no ‘{column}’ column"
COLUMN_REPEATED = "The file has more than one ‘{column}’ column"
CELL_FORMULA = "Row {row}, {column}: “{value}” starts with = + - or @ and is refused as a formula"
CELL_REQUIRED = "Row {row}, {column}: the cell is empty"
CELL_TOO_LONG = "Row {row}, {column}: must be {limit} characters or fewer"
UNKNOWN_AGENCY = "Row {row}, agency: “{value}” is not a known agency"
AMBIGUOUS_AGENCY = "Row {row}, agency: “{value}” could be any of {agencies}"
BAD_STATUS = (
    "Row {row}, status: “{value}” is not one of booked, attended, did not attend, cancelled"
)
BAD_EMAIL = "Row {row}, e-mail: “{value}” is not an e-mail address"
REPEATED_EMAIL = "Row {row}, e-mail: “{value}” is also on row {first}"
ATTENDED_CANCELLED = "Row {row}, status: nobody can have attended a cancelled session"
UNKNOWN_COURSE = "Row {row}, course: “{value}” is not one of the partnership’s e-learning courses"
BAD_DATE = "Row {row}, {column}: “{value}” is not a date, for example 31/07/2019"
PERIOD_ORDER = "Row {row}, period end: the period ends before it starts"
BAD_COUNT = "Row {row}, count: “{value}” is not a whole number of 0 or more"
REPEATED_PERIOD = "Row {row}: the same course and period as row {first}"
ALREADY_RECORDED = (
    "Row {row}: completions of “{course}” from {start} to {end} on {platform} are already recorded"
)


class FileRefused(ValidationError):
    """The file is refused as a whole; `messages` names every problem found."""


@dataclass
class Table:
    header: list
    rows: list[tuple[int, list]]  # (the row's number in the spreadsheet, its cells)


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # how messages name the column
    headers: frozenset  # the headers it is known by, as `key` makes them
    required: bool = False
    max_length: int | None = None


def key(text) -> str:
    """Text compared without case, spaces or punctuation: "Work e-mail" → "workemail"."""
    return re.sub(r"[^0-9a-z]", "", str(text).casefold().replace("&", "and"))


def _shown(value, limit: int = 60) -> str:
    text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_blank(cells) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def size_words(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


# --- reading a file --------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.TRAINING_IMPORT_MAX_BYTES


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
        rows = _xlsx_rows(upload)
    return _table(rows, max_rows=max_rows)


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
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
            raise FileRefused([FILE_NOT_XLSX]) from error
    finally:
        workbook.close()


def _table(rows, *, max_rows: int) -> Table:
    """The first row that is not blank is the header; blank rows are skipped, and counted
    towards the limit so that a file of empty lines is refused too."""
    header, data, blank = None, [], 0
    for number, cells in enumerate(rows, start=1):
        if _is_blank(cells):
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


# --- checking rows ---------------------------------------------------------------------------


def map_columns(header, columns: list[Column]) -> dict[str, int]:
    """Where each column is in the file, by its header; every missing or repeated column is
    named."""
    found, errors = {}, []
    for index, text in enumerate(header):
        for column in columns:
            if text is not None and key(text) in column.headers:
                if column.field in found:
                    errors.append(COLUMN_REPEATED.format(column=column.label))
                found[column.field] = index
    errors += [COLUMN_MISSING.format(column=c.label) for c in columns if c.field not in found]
    if errors:
        raise FileRefused(errors)
    return found


def text_cells(number: int, cells: list, columns: list[Column], where: dict, errors: list):
    """The row's cells of `columns` as text, or None for a cell refused (its problem added to
    `errors`): a formula, an empty required cell or text too long."""
    values = {}
    for column in columns:
        index = where[column.field]
        cell = cells[index] if index < len(cells) else None
        value = _as_text(cell)
        problem = None
        if value.startswith(FORMULA_STARTS) and not _is_number(value):
            problem = CELL_FORMULA.format(row=number, column=column.label, value=_shown(value))
        elif column.required and not value:
            problem = CELL_REQUIRED.format(row=number, column=column.label)
        elif column.max_length and len(value) > column.max_length:
            problem = CELL_TOO_LONG.format(row=number, column=column.label, limit=column.max_length)
        if problem:
            errors.append(problem)
        values[column.field] = None if problem else (cell if _is_date(cell) else value)
    return values


def _as_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    return " ".join(str(cell).split())


def _is_number(text: str) -> bool:
    return re.fullmatch(r"[-+]?\d+(\.\d+)?", text) is not None


def _is_date(cell) -> bool:
    return isinstance(cell, datetime.date)


class NameMatcher:
    """Finds a record by its name or one of its other names, without regard to case, spacing
    or punctuation ("Kirklees  council", "KIRKLEES COUNCIL." and "Kirklees Council" match)."""

    def __init__(self, records, names):
        self.by_key: dict[str, list] = {}
        for record in records:
            for name in names(record):
                if key(name):
                    matches = self.by_key.setdefault(key(name), [])
                    if record not in matches:
                        matches.append(record)

    def find(self, text: str) -> list:
        return self.by_key.get(key(text), [])


def agency_names(agency) -> list[str]:
    return [agency.name, *agency.aliases.splitlines()]


def check_email(number: int, value: str, seen: dict, errors: list) -> str:
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        errors.append(BAD_EMAIL.format(row=number, value=_shown(value)))
        return ""
    first = seen.setdefault(value.casefold(), number)
    if first != number:
        errors.append(REPEATED_EMAIL.format(row=number, value=_shown(value), first=first))
    return value


def parse_date(value) -> datetime.date | None:
    """A date cell of a workbook, or a date written as 31/07/2019, 31-07-2019, 2019-07-31,
    31 July 2019 or 31 Jul 2019 (days first, as in the UK)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def parse_count(value: str) -> int | None:
    text = value.replace(",", "")
    if re.fullmatch(r"\+?\d+(\.0+)?", text):
        return int(float(text))
    return None


# --- attendance from a booking system --------------------------------------------------------

STATUS_WORDS = {
    "booked": "booked",
    "attended": "attended",
    "didnotattend": "did_not_attend",
    "dna": "did_not_attend",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}
ATTENDANCE_COLUMNS = [
    Column("name", "name", frozenset({"name", "fullname", "attendeename"}), max_length=200),
    Column("email", "e-mail", frozenset({"email", "workemail", "emailaddress"}), max_length=254),
    Column("job_title", "job title", frozenset({"jobtitle"}), max_length=200),
    Column("agency", "agency", frozenset({"agency", "organisation"}), required=True),
    Column("status", "status", frozenset({"status", "attendance"}), required=True),
]


def check_attendance(table: Table, *, agencies, session_cancelled: bool = False) -> list[dict]:
    """The rows of a booking export as they will be saved: name, e-mail, job title, the pk of
    the agency matched by name or other name, and the status. Raises FileRefused naming every
    problem of the file."""
    where = map_columns(table.header, ATTENDANCE_COLUMNS)
    matcher = NameMatcher(agencies, agency_names)
    errors, rows, emails = [], [], {}
    for number, cells in table.rows:
        values = text_cells(number, cells, ATTENDANCE_COLUMNS, where, errors)
        row = {"row": number, "name": values["name"] or "", "job_title": values["job_title"] or ""}
        row["email"] = check_email(number, values["email"] or "", emails, errors)
        if values["agency"]:
            found = matcher.find(values["agency"])
            shown = _shown(values["agency"])
            if not found:
                errors.append(UNKNOWN_AGENCY.format(row=number, value=shown))
            elif len(found) > 1:
                names = " or ".join(agency.name for agency in found)
                errors.append(AMBIGUOUS_AGENCY.format(row=number, value=shown, agencies=names))
            else:
                row["agency"] = found[0].pk
        if values["status"]:
            status = STATUS_WORDS.get(key(values["status"]))
            if status is None:
                errors.append(BAD_STATUS.format(row=number, value=_shown(values["status"])))
            elif status == "attended" and session_cancelled:
                errors.append(ATTENDED_CANCELLED.format(row=number))
            row["status"] = status
        rows.append(row)
    if errors:
        raise FileRefused(errors)
    return rows


# --- e-learning completions ------------------------------------------------------------------

ELEARNING_COLUMNS = [
    Column("course", "course", frozenset({"course", "coursetitle", "title"}), required=True),
    Column(
        "period_start",
        "period start",
        frozenset({"periodstart", "from", "start", "startdate"}),
        required=True,
    ),
    Column(
        "period_end", "period end", frozenset({"periodend", "to", "end", "enddate"}), required=True
    ),
    Column("count", "count", frozenset({"count", "completions", "completed"}), required=True),
]


def check_elearning(table: Table, *, courses, platform: str, recorded: set) -> list[dict]:
    """The rows of an e-learning export as they will be saved: the pk of the course matched
    by title, the period as ISO dates and the count. `recorded`: the (course pk, start, end)
    already recorded from `platform`, which would be counted twice."""
    where = map_columns(table.header, ELEARNING_COLUMNS)
    matcher = NameMatcher(courses, lambda course: [course.title])
    errors, rows, periods = [], [], {}
    for number, cells in table.rows:
        values = text_cells(number, cells, ELEARNING_COLUMNS, where, errors)
        row = {"row": number}
        course = None
        if values["course"]:
            found = matcher.find(values["course"])
            if len(found) == 1:
                course = found[0]
                row["course"] = course.pk
            else:
                errors.append(UNKNOWN_COURSE.format(row=number, value=_shown(values["course"])))
        dates = {}
        for field, label in (("period_start", "period start"), ("period_end", "period end")):
            if values[field] is not None and values[field] != "":
                dates[field] = parse_date(values[field])
                if dates[field] is None:
                    shown = _shown(_as_text(values[field]))
                    errors.append(BAD_DATE.format(row=number, column=label, value=shown))
                else:
                    row[field] = dates[field].isoformat()
        start, end = dates.get("period_start"), dates.get("period_end")
        if start and end and end < start:
            errors.append(PERIOD_ORDER.format(row=number))
        if values["count"]:
            row["count"] = parse_count(values["count"])
            if row["count"] is None:
                errors.append(BAD_COUNT.format(row=number, value=_shown(values["count"])))
        if course and start and end and start <= end:
            first = periods.setdefault((course.pk, start, end), number)
            if first != number:
                errors.append(REPEATED_PERIOD.format(row=number, first=first))
            elif (course.pk, start, end) in recorded:
                errors.append(
                    ALREADY_RECORDED.format(
                        row=number,
                        course=course.title,
                        start=f"{start.day} {start:%B %Y}",
                        end=f"{end.day} {end:%B %Y}",
                        platform=platform,
                    )
                )
        rows.append(row)
    if errors:
        raise FileRefused(errors)
    return rows
