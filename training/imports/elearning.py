"""An e-learning platform's export of completions: how many completed each course in each
period, one row a course and period."""

from kscp.core.forms import sensible_dates
from kscp.core.imports import (
    Column,
    FileRefused,
    NameMatcher,
    Table,
    as_text,
    map_columns,
    parse_count,
    parse_date,
    shown,
    text_cells,
)

UNKNOWN_COURSE = "Row {row}, course: “{value}” is not one of the partnership’s e-learning courses"
BAD_DATE = "Row {row}, {column}: “{value}” is not a date, for example 31/07/2019"
PERIOD_ORDER = "Row {row}, period end: the period ends before it starts"
DATE_OUT_OF_RANGE = "Row {row}, {column}: {value} is not between {earliest} and {latest}"
BAD_COUNT = "Row {row}, count: “{value}” is not a whole number of 0 or more"
# More completions of one course in one period than any partnership's workforce: a typing
# slip, refused at the check rather than failing at the import.
MAX_COUNT = 1_000_000
COUNT_TOO_LARGE = "Row {row}, count: {value:,} is more than {limit:,}"
REPEATED_PERIOD = "Row {row}: the same course and period as row {first}"
ALREADY_RECORDED = (
    "Row {row}: completions of “{course}” from {start} to {end} on {platform} are already recorded"
)

ELEARNING_COLUMNS = [
    Column("course", "course", frozenset({"course", "coursetitle", "title"}), required=True),
    Column(
        "period_start",
        "period start",
        frozenset({"periodstart", "from", "start", "startdate"}),
        required=True,
        date=True,
    ),
    Column(
        "period_end",
        "period end",
        frozenset({"periodend", "to", "end", "enddate"}),
        required=True,
        date=True,
    ),
    Column("count", "count", frozenset({"count", "completions", "completed"}), required=True),
]


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def check_elearning(table: Table, *, courses, platform: str, recorded: set) -> list[dict]:
    """The rows of an e-learning export as they will be saved: the pk of the course matched
    by title, the period as ISO dates and the count. `recorded`: the (course pk, start, end)
    already recorded from `platform`, which would be counted twice."""
    where = map_columns(table.header, ELEARNING_COLUMNS)
    matcher = NameMatcher(courses, lambda course: [course.title])
    earliest, latest = sensible_dates()
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
                errors.append(UNKNOWN_COURSE.format(row=number, value=shown(values["course"])))
        dates = {}
        for field, label in (("period_start", "period start"), ("period_end", "period end")):
            if values[field] is not None and values[field] != "":
                dates[field] = parse_date(values[field])
                if dates[field] is None:
                    written = shown(as_text(values[field]))
                    errors.append(BAD_DATE.format(row=number, column=label, value=written))
                elif not earliest <= dates[field] <= latest:
                    errors.append(
                        DATE_OUT_OF_RANGE.format(
                            row=number,
                            column=label,
                            value=_day(dates[field]),
                            earliest=_day(earliest),
                            latest=_day(latest),
                        )
                    )
                    dates[field] = None
                else:
                    row[field] = dates[field].isoformat()
        start, end = dates.get("period_start"), dates.get("period_end")
        if start and end and end < start:
            errors.append(PERIOD_ORDER.format(row=number))
        if values["count"]:
            row["count"] = parse_count(values["count"])
            if row["count"] is None:
                errors.append(BAD_COUNT.format(row=number, value=shown(values["count"])))
            elif row["count"] > MAX_COUNT:
                errors.append(
                    COUNT_TOO_LARGE.format(row=number, value=row["count"], limit=MAX_COUNT)
                )
        if course and start and end and start <= end:
            first = periods.setdefault((course.pk, start, end), number)
            if first != number:
                errors.append(REPEATED_PERIOD.format(row=number, first=first))
            elif (course.pk, start, end) in recorded:
                errors.append(
                    ALREADY_RECORDED.format(
                        row=number,
                        course=course.title,
                        start=_day(start),
                        end=_day(end),
                        platform=platform,
                    )
                )
        rows.append(row)
    if errors:
        raise FileRefused(errors)
    return rows
