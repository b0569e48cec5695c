"""Reading and checking the files the business unit imports: a booking system's export of a
session's attendees, and an e-learning platform's completions per course and period.

The whole file is checked before anything is saved, and every problem is named by its row (as
the spreadsheet numbers it: the header is row 1) and its column, so that the file is either
imported entirely or refused with a list of what to correct. These functions read the file
and the records they are given; they never touch the database.

reading.py turns a file into rows of cells; checking.py checks cells and matches names;
attendance.py and elearning.py check the rows of each kind of file. Import them from here.

Only the columns the import uses are read; other columns of an export are ignored. A cell that
a spreadsheet would run as a formula (starting with = + - or @) is refused, never stored, and
so is a formula in a workbook: workbooks are read without calculating, so that a formula shows
as one rather than as its last result."""

from training.imports.attendance import (
    AMBIGUOUS_AGENCY,
    ATTENDANCE_COLUMNS,
    ATTENDED_CANCELLED,
    BAD_STATUS,
    MARKED_ON_REGISTER,
    STATUS_WORDS,
    UNKNOWN_AGENCY,
    agency_names,
    check_attendance,
    imported_status,
)
from training.imports.checking import (
    BAD_EMAIL,
    CELL_FORMULA,
    CELL_REQUIRED,
    CELL_TOO_LONG,
    COLUMN_MISSING,
    COLUMN_REPEATED,
    FORMULA_STARTS,
    REPEATED_EMAIL,
    Column,
    NameMatcher,
    as_text,
    check_email,
    key,
    map_columns,
    parse_count,
    parse_date,
    text_cells,
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
from training.imports.reading import (
    FILE_EMPTY,
    FILE_NOT_CSV,
    FILE_NOT_TEXT,
    FILE_NOT_XLSX,
    FILE_TOO_BIG,
    FILE_TYPE,
    FILE_UNPACKS_TOO_BIG,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    NO_ROWS,
    TOO_MANY_ROWS,
    FileRefused,
    Table,
    max_unpacked_bytes,
    max_upload_bytes,
    read_upload,
    size_words,
)

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
