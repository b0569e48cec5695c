"""Reading and checking the files the business unit imports: a booking system's export of a
session's attendees, and an e-learning platform's completions per course and period.

The whole file is checked before anything is saved, and every problem is named by its row (as
the spreadsheet numbers it: the header is row 1) and its column, so that the file is either
imported entirely or refused with a list of what to correct. These functions read the file
and the records they are given; they never touch the database.

The core reads a file into rows of cells, checks cells and matches names
(kscp/core/imports/); attendance.py and elearning.py check the rows of each kind of file.
Import them from here.

Only the columns the import uses are read; other columns of an export are ignored. A cell that
a spreadsheet would run as a formula (starting with = + - or @) is refused, never stored, and
so is a formula in a workbook: workbooks are read without calculating, so that a formula shows
as one rather than as its last result."""

from django.conf import settings

from kscp.core.imports import (
    CELL_FORMULA,
    CELL_REQUIRED,
    CELL_TOO_LONG,
    COLUMN_MISSING,
    COLUMN_REPEATED,
    FILE_EMPTY,
    FILE_NOT_CSV,
    FILE_NOT_TEXT,
    FILE_NOT_XLSX,
    FILE_TOO_BIG,
    FILE_TYPE,
    FILE_UNPACKS_TOO_BIG,
    FORMULA_STARTS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    NO_ROWS,
    TOO_MANY_ROWS,
    Column,
    FileRefused,
    NameMatcher,
    Table,
    as_text,
    key,
    map_columns,
    parse_count,
    parse_date,
    read_upload,
    size_words,
    text_cells,
)
from kscp.core.imports import max_unpacked_bytes as unpacked_bytes_for
from training.imports.attendance import (
    AMBIGUOUS_AGENCY,
    ATTENDANCE_COLUMNS,
    ATTENDED_CANCELLED,
    BAD_EMAIL,
    BAD_STATUS,
    MARKED_ON_REGISTER,
    REPEATED_EMAIL,
    STATUS_WORDS,
    UNKNOWN_AGENCY,
    agency_names,
    check_attendance,
    check_email,
    imported_status,
)
from training.imports.elearning import (
    ALREADY_RECORDED,
    BAD_COUNT,
    BAD_DATE,
    COUNT_TOO_LARGE,
    DATE_OUT_OF_RANGE,
    ELEARNING_COLUMNS,
    MAX_COUNT,
    PERIOD_ORDER,
    REPEATED_PERIOD,
    UNKNOWN_COURSE,
    check_elearning,
)


def max_upload_bytes() -> int:
    return settings.TRAINING_IMPORT_MAX_BYTES


def max_unpacked_bytes() -> int:
    return unpacked_bytes_for(max_upload_bytes())


__all__ = [
    "ALREADY_RECORDED",
    "AMBIGUOUS_AGENCY",
    "ATTENDANCE_COLUMNS",
    "ATTENDED_CANCELLED",
    "BAD_COUNT",
    "BAD_DATE",
    "BAD_EMAIL",
    "BAD_STATUS",
    "COUNT_TOO_LARGE",
    "DATE_OUT_OF_RANGE",
    "CELL_FORMULA",
    "CELL_REQUIRED",
    "CELL_TOO_LONG",
    "COLUMN_MISSING",
    "COLUMN_REPEATED",
    "ELEARNING_COLUMNS",
    "FILE_EMPTY",
    "FILE_NOT_CSV",
    "FILE_NOT_TEXT",
    "FILE_NOT_XLSX",
    "FILE_TOO_BIG",
    "FILE_TYPE",
    "FILE_UNPACKS_TOO_BIG",
    "FORMULA_STARTS",
    "MARKED_ON_REGISTER",
    "MAX_COLUMNS",
    "MAX_COUNT",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "NO_ROWS",
    "PERIOD_ORDER",
    "REPEATED_EMAIL",
    "REPEATED_PERIOD",
    "STATUS_WORDS",
    "TOO_MANY_ROWS",
    "UNKNOWN_AGENCY",
    "UNKNOWN_COURSE",
    "Column",
    "FileRefused",
    "NameMatcher",
    "Table",
    "agency_names",
    "as_text",
    "check_attendance",
    "check_elearning",
    "check_email",
    "imported_status",
    "key",
    "map_columns",
    "max_unpacked_bytes",
    "max_upload_bytes",
    "parse_count",
    "parse_date",
    "read_upload",
    "size_words",
    "text_cells",
]
