"""Checking the rows of a file, cell by cell: the columns found by their headers, every cell
read as text (a workbook's cell can be a number, a date or true/false whatever its column), a
cell that a spreadsheet would run as a formula refused, names matched without regard to case,
spacing, punctuation or accents. Every problem is named by its row (as the spreadsheet numbers
it: the header is row 1) and its column."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from kscp.core.imports.reading import FileRefused

FORMULA_STARTS = ("=", "+", "-", "@")

COLUMN_MISSING = "The file has no ‘{column}’ column"
COLUMN_REPEATED = "The file has more than one ‘{column}’ column"
CELL_FORMULA = "Row {row}, {column}: “{value}” starts with = + - or @ and is refused as a formula"
CELL_REQUIRED = "Row {row}, {column}: the cell is empty"
CELL_TOO_LONG = "Row {row}, {column}: must be {limit} characters or fewer"


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # how messages name the column
    headers: frozenset  # the headers it is known by, as `key` makes them
    required: bool = False
    max_length: int | None = None
    date: bool = False  # a workbook's date cell is kept as a date; any other cell is text


def key(text) -> str:
    """Text compared without case, spaces, punctuation or accents: "Work e-mail" →
    "workemail", "Éire Council" → "eirecouncil"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]", "", plain.casefold().replace("&", "and"))


def shown(value, limit: int = 60) -> str:
    text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    """The row's cells of `columns` as text (a date cell of a date column stays a date), or
    None for a cell refused (its problem added to `errors`): a formula, an empty required
    cell or text too long."""
    values = {}
    for column in columns:
        index = where[column.field]
        cell = cells[index] if index < len(cells) else None
        value = as_text(cell)
        problem = None
        if is_formula(value):
            problem = CELL_FORMULA.format(row=number, column=column.label, value=shown(value))
        elif column.required and not value:
            problem = CELL_REQUIRED.format(row=number, column=column.label)
        elif column.max_length and len(value) > column.max_length:
            problem = CELL_TOO_LONG.format(row=number, column=column.label, limit=column.max_length)
        if problem:
            errors.append(problem)
            values[column.field] = None
        elif column.date and isinstance(cell, datetime.date):
            values[column.field] = cell
        else:
            values[column.field] = value
    return values


def as_text(cell) -> str:
    """A cell as the spreadsheet shows it, with its spaces run together: 12.0 → "12", a date
    (with or without a time) → "2019-07-31", true → "True"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    return " ".join(str(cell).split())


def _is_number(text: str) -> bool:
    return re.fullmatch(r"[-+]?\d+(\.\d+)?", text) is not None


def is_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula (a number such as -3 is not one)."""
    return text.startswith(FORMULA_STARTS) and not _is_number(text)


class NameMatcher:
    """Finds a record by its name or one of its other names, without regard to case, spacing,
    punctuation or accents ("Kirklees  council", "KIRKLEES COUNCIL." and "Kirklees Council"
    match)."""

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
