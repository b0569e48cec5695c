"""The columns of a plan as a sheet: one row for each objective, and one for each action under
it (its step label, such as a), in the "step" column). Each column is known by the headers
the seed plans and common spreadsheets give it; a file's own headers are matched to them,
and the business unit chooses the others on the column-mapping page."""

import datetime
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kscp.core.imports import key


@dataclass(frozen=True)
class PlanColumn:
    field: str
    label: str  # the template's header, and how messages name the column
    headers: frozenset  # other headers it is known by, as `key` makes them
    multiline: bool = False  # line breaks kept (texts); others have their spaces run together
    hint: str = ""


def _known(*headers: str) -> frozenset:
    return frozenset(key(header) for header in headers)


PLAN_COLUMNS = [
    PlanColumn("priority", "Priority", _known("Priority number", "Priority no")),
    PlanColumn("priority_title", "Priority title", _known("Priority name")),
    PlanColumn("aim", "Aim", _known("Priority aim"), multiline=True),
    PlanColumn("strategic_aim", "Link to strategic aim", _known("Strategic aim", "Strategic link")),
    PlanColumn("number", "Number", _known("No", "Objective number", "Ref", "Objective no", "Item")),
    PlanColumn(
        "step",
        "Step",
        _known("Step label", "Action label", "Sub item"),
        hint="a), b) on the rows of an objective's actions; empty on the objective's own row",
    ),
    PlanColumn(
        "text",
        "Objective",
        _known("Objective or work required", "Work required", "Action", "Key action", "Task"),
        multiline=True,
    ),
    PlanColumn("outcome", "Outcome", _known("Outcomes", "Intended outcome"), multiline=True),
    PlanColumn(
        "outcome_measure",
        "Outcome measure",
        _known("Outcome measures", "Measure", "Measures of success"),
        multiline=True,
    ),
    PlanColumn(
        "difference",
        "What difference will it make for children and young people?",
        _known("Difference", "Difference for children and young people", "Impact"),
        multiline=True,
    ),
    PlanColumn(
        "references",
        "References",
        _known("Reference", "Links", "Link strategy", "Strategy links", "Link to strategy"),
    ),
    PlanColumn(
        "due",
        "Date for completion",
        _known("Date", "Due", "Due date", "Timescale", "Completion date", "By when", "Deadline"),
        multiline=True,
        hint="A month such as March 2020; a recurring timescale in words",
    ),
    PlanColumn("due_text", "Recurring timescale", _known("Recurring")),
    PlanColumn(
        "owners",
        "Who responsible",
        _known("Who is responsible", "Responsible", "Owner", "Owners", "Lead", "Leads", "By whom"),
        multiline=True,
        hint="Groups and people of the partnership, one a line",
    ),
    PlanColumn(
        "reporting_group", "Reports to", _known("Reporting group", "Reporting to", "Reporting")
    ),
    PlanColumn("rag", "RAG", _known("RAG status", "Status", "Status RAG", "R A G", "Rating")),
    PlanColumn(
        "progress",
        "Progress",
        _known("Progress and evidence", "Evidence and progress", "Progress & evidence", "Update"),
        multiline=True,
    ),
    PlanColumn("evidence", "Evidence", _known(), multiline=True),
]
COLUMNS = {column.field: column for column in PLAN_COLUMNS}
REQUIRED_FIELDS = ("number", "text")
for _column in PLAN_COLUMNS:
    object.__setattr__(_column, "headers", _column.headers | {key(_column.label)})


def auto_mapping(header: list) -> dict[str, int]:
    """field → the index of the file's column whose header names it; the first column of a
    header wins, and a column is used once."""
    mapping = {}
    for index, text in enumerate(header):
        if text is None or not key(text):
            continue
        for column in PLAN_COLUMNS:
            if key(text) in column.headers and column.field not in mapping:
                mapping[column.field] = index
                break
    return mapping


def cell_text(cell) -> str:
    """A cell as stored: a whole number without ".0", a date as 2020-03-01, line breaks kept
    as "\\n" and the text stripped."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    return str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()


def single_line(text: str) -> str:
    return " ".join(text.split())


STEP_LABEL = re.compile(r"^(?:\(?[a-z]{1,2}\)|[a-z]\.|\d{1,2}[.)]|[ivx]{1,4}\))$", re.IGNORECASE)


def template_workbook() -> bytes:
    """The blank template: the plan's columns with a header row and two example rows (an
    objective and one of its actions), for the business unit to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append([column.label for column in PLAN_COLUMNS])
    example = {
        "priority": 1,
        "priority_title": "Example: the child's lived experience",
        "aim": "What the priority sets out to achieve",
        "strategic_aim": "Learning is promoted and embedded",
        "number": "1.1",
        "text": "What will be done",
        "outcome_measure": "How the partnership will know",
        "difference": "What it changes for children and young people",
        "due": "March 2020",
        "owners": "Learning and Development Sub-group",
        "rag": "Not started",
    }
    step = {
        "number": "1.1",
        "step": "a)",
        "text": "A step of the objective, with its own lead and month",
        "due": "January 2020",
        "owners": "Business unit",
        "rag": "Not started",
    }
    for row in (example, step):
        sheet.append([row.get(column.field, "") for column in PLAN_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(PLAN_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = (
            40 if column.multiline else 18
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
