"""A booking system's export of a session's attendees: name, e-mail, job title, agency and
status, one row a place."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kscp.core.imports import (
    Column,
    FileRefused,
    NameMatcher,
    Table,
    key,
    map_columns,
    shown,
    text_cells,
)

UNKNOWN_AGENCY = "Row {row}, agency: “{value}” is not a known agency"
AMBIGUOUS_AGENCY = "Row {row}, agency: “{value}” could be any of {agencies}"
BAD_STATUS = (
    "Row {row}, status: “{value}” is not one of booked, attended, did not attend, cancelled"
)
ATTENDED_CANCELLED = "Row {row}, status: nobody can have attended a cancelled session"
BAD_EMAIL = "Row {row}, e-mail: “{value}” is not an e-mail address"
REPEATED_EMAIL = "Row {row}, e-mail: “{value}” is also on row {first}"

STATUS_WORDS = {
    "booked": "booked",
    "attended": "attended",
    "didnotattend": "did_not_attend",
    "dna": "did_not_attend",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}
# A booking system says "booked" of every place it knows no more about: that must not undo
# what the register says of someone who came or did not.
MARKED_ON_REGISTER = frozenset({"attended", "did_not_attend"})
ATTENDANCE_COLUMNS = [
    Column("name", "name", frozenset({"name", "fullname", "attendeename"}), max_length=200),
    Column("email", "e-mail", frozenset({"email", "workemail", "emailaddress"}), max_length=254),
    Column("job_title", "job title", frozenset({"jobtitle"}), max_length=200),
    Column("agency", "agency", frozenset({"agency", "organisation"}), required=True),
    Column("status", "status", frozenset({"status", "attendance"}), required=True),
]


def agency_names(agency) -> list[str]:
    return [agency.name, *agency.aliases.splitlines()]


def check_email(number: int, value: str, seen: dict, errors: list) -> str:
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        errors.append(BAD_EMAIL.format(row=number, value=shown(value)))
        return ""
    first = seen.setdefault(value.casefold(), number)
    if first != number:
        errors.append(REPEATED_EMAIL.format(row=number, value=shown(value), first=first))
    return value


def imported_status(current: str | None, incoming: str) -> str:
    """The status a place has once a row is imported: the file's, except that "booked"
    leaves a place the register marked attended or did not attend as it is. `current` is
    None for a place the row adds."""
    if incoming == "booked" and current in MARKED_ON_REGISTER:
        return current
    return incoming


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
            written = shown(values["agency"])
            if not found:
                errors.append(UNKNOWN_AGENCY.format(row=number, value=written))
            elif len(found) > 1:
                names = " or ".join(agency.name for agency in found)
                errors.append(AMBIGUOUS_AGENCY.format(row=number, value=written, agencies=names))
            else:
                row["agency"] = found[0].pk
        if values["status"]:
            status = STATUS_WORDS.get(key(values["status"]))
            if status is None:
                errors.append(BAD_STATUS.format(row=number, value=shown(values["status"])))
            elif status == "attended" and session_cancelled:
                errors.append(ATTENDED_CANCELLED.format(row=number))
            row["status"] = status
        rows.append(row)
    if errors:
        raise FileRefused(errors)
    return rows
