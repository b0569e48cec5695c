"""A plan written out as the files partnerships keep: a workbook (or CSV) of one row for each
objective and action, in the template's columns, and a Word document in the seed plans'
layout (a heading, aim and strategic link for each priority, then its table, an action's row
with its step in the number column). And a plan's contents as plain values, to compare two
plans cell by cell."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from kscp.core.tracking import RAG
from plans.imports.columns import PLAN_COLUMNS
from plans.models import Action, Objective, Plan, owners_prefetch

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LABELS = {column.field: column.label for column in PLAN_COLUMNS}
# The Word tables' columns, in the order of the seed plans, with the plan's other fields.
WORD_FIELDS = [
    "number",
    "text",
    "outcome",
    "due",
    "owners",
    "reporting_group",
    "outcome_measure",
    "difference",
    "references",
    "progress",
    "evidence",
    "rag",
]


def _month(day) -> str:
    return f"{day:%B %Y}" if day else ""


def _owners(item) -> str:
    """The owners as a plan's cell writes them: a lead a line, the owners in support after
    the last lead ("Sharon Hewitt with support from Elaine McShane")."""
    leads = [_name(owner) for owner in item.owners.all() if not owner.is_supporting]
    supporting = [_name(owner) for owner in item.owners.all() if owner.is_supporting]
    return "\n".join(leads) + "".join(f" with support from {name}" for name in supporting)


def _name(owner) -> str:
    if owner.person_id:
        return owner.person.get_full_name()
    return owner.group.name if owner.group_id else owner.text


def _owner_cells(item) -> list[tuple]:
    return [
        (
            owner.group_id and owner.group.name,
            owner.person_id and owner.person.username,
            owner.text,
            owner.role,
        )
        for owner in item.owners.all()
    ]


def plan_rows(plan: Plan) -> list[dict]:
    """One dict a row, keyed by the template's fields: each objective, then its actions."""
    objectives = (
        Objective.objects.filter(plan=plan)
        .select_related("priority", "reporting_group")
        .prefetch_related(owners_prefetch())
        .order_by("sort_key")
    )
    actions = {}
    for action in Action.objects.filter(objective__plan=plan).prefetch_related(owners_prefetch()):
        actions.setdefault(action.objective_id, []).append(action)
    rows = []
    for objective in objectives:
        priority = objective.priority
        rows.append(
            {
                "priority": priority.number,
                "priority_title": priority.title,
                "aim": priority.aim,
                "strategic_aim": priority.strategic_aim,
                "number": objective.number,
                "text": objective.action,
                "outcome": objective.outcome,
                "outcome_measure": objective.outcome_measure,
                "difference": objective.difference,
                "references": objective.references,
                "due": _month(objective.due_on),
                "due_text": objective.due_text,
                "owners": _owners(objective),
                "reporting_group": objective.reporting_group.name
                if objective.reporting_group
                else "",
                "rag": RAG(objective.rag).label,
                "progress": objective.progress,
                "evidence": objective.evidence,
            }
        )
        for action in actions.get(objective.pk, []):
            rows.append(
                {
                    "number": objective.number,
                    "step": action.label,
                    "text": action.description,
                    "due": _month(action.due_on),
                    "due_text": action.due_text,
                    "owners": _owners(action),
                    "rag": RAG(action.rag).label,
                    "progress": action.progress,
                }
            )
    return rows


def sheet_cells(rows: list[dict], columns=PLAN_COLUMNS) -> list[list]:
    return [[c.label for c in columns]] + [[row.get(c.field, "") for c in columns] for row in rows]


def xlsx_upload(cells: list[list], name="plan.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in cells:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), XLSX_TYPE)


def csv_upload(cells: list[list], name="plan.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(cells)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), "text/csv")


def docx_bytes(plan_title: str, rows: list[dict], fields=WORD_FIELDS, header=None) -> bytes:
    """The seed plans' layout: for each priority its heading, aim, strategic link and table;
    an action's row has its step in the number column and its recurring timescale under its
    month."""
    document = Document()
    document.add_heading(plan_title, level=1)
    table, priority = None, None
    for row in rows:
        if "step" not in row and row["priority"] != priority:
            priority = row["priority"]
            document.add_heading(f"Priority {priority}: {row['priority_title']}", level=2)
            if row["aim"]:
                document.add_paragraph(f"Aim: {row['aim']}")
            if row["strategic_aim"]:
                document.add_paragraph(f"Link to strategic aim: {row['strategic_aim']}")
            table = document.add_table(rows=1, cols=len(fields))
            for cell, field in zip(table.rows[0].cells, fields, strict=True):
                cell.text = (header or {}).get(field, LABELS[field])
        cells = table.add_row().cells
        for cell, field in zip(cells, fields, strict=True):
            value = row.get(field, "")
            if field == "number" and "step" in row:
                value = row["step"]
            if field == "due" and row.get("due_text"):
                value = "\n".join(part for part in (value, row["due_text"]) if part)
            cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_upload(plan_title, rows, name="plan.docx", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(plan_title, rows, **options), DOCX_TYPE)


def plan_contents(plan: Plan) -> dict:
    """Every cell of the plan's priorities, objectives and actions, as plain values."""
    priorities = [
        (p.number, p.title, p.aim, p.strategic_aim) for p in plan.priorities.order_by("number")
    ]
    objectives = []
    for objective in (
        Objective.objects.filter(plan=plan)
        .select_related("priority", "reporting_group")
        .prefetch_related(owners_prefetch(), "actions", owners_prefetch("actions__owners"))
        .order_by("sort_key")
    ):
        objectives.append(
            {
                "number": objective.number,
                "priority": objective.priority.number,
                **{
                    field: getattr(objective, field)
                    for field in (
                        "action",
                        "outcome",
                        "outcome_measure",
                        "difference",
                        "references",
                        "due_on",
                        "due_text",
                        "rag",
                        "progress",
                        "evidence",
                    )
                },
                "owners": _owner_cells(objective),
                "reporting_group": str(objective.reporting_group or ""),
                "actions": [
                    (
                        a.position,
                        a.label,
                        a.description,
                        _owner_cells(a),
                        a.due_on,
                        a.due_text,
                        a.rag,
                        a.progress,
                    )
                    for a in sorted(objective.actions.all(), key=lambda a: a.position)
                ],
            }
        )
    return {"priorities": priorities, "objectives": objectives}
