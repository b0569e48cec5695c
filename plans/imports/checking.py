"""Checking a plan's rows, the whole file before anything is saved: every problem is named by
its row and column. What comes out is the plan as it will be created, as plain data (kept
between the preview and the import): its priorities, and its objectives in order, each with
its owners (ordered, lead or supporting) and its actions."""

import datetime
import re

from kscp.core.forms import day_text, sensible_dates
from kscp.core.imports import CELL_FORMULA, CELL_TOO_LONG, FileRefused, Table, is_formula, key
from kscp.core.imports import shown as shortened
from kscp.core.tracking import RAG
from plans.imports.columns import COLUMNS, REQUIRED_FIELDS, STEP_LABEL, cell_text, single_line
from plans.imports.owners import TEXT, OwnerMatcher, read_owners
from plans.models import OWNER_TEXT_MAX_LENGTH, Action, Objective, Priority

COLUMN_NOT_CHOSEN = "Choose the column that holds the {column}"
COLUMN_CHOSEN_TWICE = (
    "The file’s column “{header}” is chosen for more than one of the plan’s columns"
)
CELL_REQUIRED = "Row {row}, {column}: the cell is empty"
BAD_NUMBER = "Row {row}, number: “{value}” is not an objective number such as 1.1"
DUPLICATE_NUMBER = "Row {row}, number: objective “{value}” is also on row {first}"
DUPLICATE_STEP = "Row {row}, step: objective {number} has step “{value}” on row {first} too"
STEP_WITHOUT_OBJECTIVE = (
    "Row {row}, number: the action’s objective “{value}” is not on a row above it"
)
ACTION_CELL_UNUSED = (
    "Row {row}, {column}: an action has no {column} of its own: leave the cell empty, or put "
    "it on its objective’s row"
)
BAD_PRIORITY = "Row {row}, priority: “{value}” is not a priority number such as 2"
PRIORITY_TITLE_MISSING = "Row {row}, priority title: priority {number} needs its title"
PRIORITY_DIFFERS = "Row {row}, {column}: priority {number} has another {column} on row {first}"
BAD_DATE = (
    "Row {row}, {column}: “{value}” is not a month, for example March 2020 (a recurring "
    "timescale, such as Each year in March, is written without a year)"
)
DATE_OUT_OF_RANGE = "Row {row}, {column}: {value} is not between {earliest} and {latest}"
UNKNOWN_OWNER = (
    "Row {row}, {column}: “{value}” is not a group or person of the partnership: add them "
    "or keep the text"
)
AMBIGUOUS_OWNER = "Row {row}, {column}: “{value}” could be any of {names}"
UNKNOWN_GROUP = "Row {row}, {column}: “{value}” is not a group of the partnership"
RAG_NOT_IN_KEY = "Row {row}, RAG: “{value}” is not in the plan’s progress key ({words})"

NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?$", re.IGNORECASE)
PRIORITY_NUMBER = re.compile(r"^(?:priority\s*)?(\d{1,3})(?:\.0)?$", re.IGNORECASE)
MONTH_FORMATS = ("%B %Y", "%b %Y", "%b-%y", "%B-%y", "%b %y", "%m/%Y", "%m-%Y", "%Y-%m")
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
RAG_WORDS = {
    "": RAG.NOT_STARTED,
    "ns": RAG.NOT_STARTED,
    "r": RAG.RED,
    "a": RAG.AMBER,
    "g": RAG.GREEN,
    "b": RAG.BLUE,
    "c": RAG.COMPLETE,
    "completed": RAG.COMPLETE,
    "done": RAG.COMPLETE,
    "ontrack": RAG.BLUE,
    **{key(rag.value): rag for rag in RAG},
    **{key(rag.label): rag for rag in RAG},
}
ACTION_FIELDS = {"number", "step", "text", "due", "due_text", "owners", "rag", "progress"}
PRIORITY_FIELDS = ("priority_title", "aim", "strategic_aim")


def _limit(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


# How long each cell may be: the field it is saved into.
LIMITS = {
    "priority_title": _limit(Priority, "title"),
    "aim": _limit(Priority, "aim"),
    "strategic_aim": _limit(Priority, "strategic_aim"),
    "number": _limit(Objective, "number"),
    "step": _limit(Action, "label"),
    "text": _limit(Objective, "action"),
    "outcome": _limit(Objective, "outcome"),
    "outcome_measure": _limit(Objective, "outcome_measure"),
    "difference": _limit(Objective, "difference"),
    "references": _limit(Objective, "references"),
    "due_text": _limit(Objective, "due_text"),
    "progress": _limit(Objective, "progress"),
    "evidence": _limit(Objective, "evidence"),
}


def parse_month(text: str) -> datetime.date | None:
    """The month of "March 2020", "Mar 2020", "Mar-20", "03/2020", "2020-03" or a day in it
    ("31/03/2020", "2020-03-31", a workbook's date)."""
    text = re.sub(r"\bsept\b", "Sep", text.strip(" .,"), flags=re.IGNORECASE)
    for pattern in MONTH_FORMATS + DAY_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def rag_allowed(plan) -> dict:
    """The RAG values the plan's key uses (and not started, always), with its words."""
    return {value: label for value, label, _ in plan.progress_key} | {
        RAG.NOT_STARTED.value: RAG.NOT_STARTED.label
    }


class _Checker:
    def __init__(self, table: Table, mapping: dict[str, int], *, plan, matcher, keep_text):
        self.table = table
        self.mapping = mapping
        self.matcher = matcher
        self.keep_text = keep_text
        self.allowed = rag_allowed(plan)
        self.key_words = {key(words): value for value, _, words in plan.progress_key}
        self.earliest, self.latest = sensible_dates()
        self.errors: list[str] = []
        self.priorities: dict[int, dict] = {}
        self.objectives: list[dict] = []
        self.numbers: dict[str, dict] = {}
        # The cells refused as formulas or too long: read as empty, not also "the cell is empty".
        self.refused: set[tuple] = set()

    def error(self, message: str, **values) -> None:
        self.errors.append(message.format(**values))

    def values(self, row, cells: list) -> dict:
        """Every chosen cell of the row as text; a formula or a cell too long is named and
        read as empty."""
        values = {}
        for field, index in self.mapping.items():
            column = COLUMNS[field]
            text = cell_text(cells[index]) if index < len(cells) else ""
            if not column.multiline:
                text = single_line(text)
            label = column.label.lower() if field != "rag" else "RAG"
            if is_formula(text):
                self.error(CELL_FORMULA, row=row, column=label, value=shortened(text))
                self.refused.add((row, field))
                text = ""
            elif LIMITS.get(field) and len(text) > LIMITS[field]:
                self.error(CELL_TOO_LONG, row=row, column=label, limit=f"{LIMITS[field]:,}")
                self.refused.add((row, field))
                text = ""
            values[field] = text
        return values

    def check(self) -> dict:
        for row, cells in self.table.rows:
            values = self.values(row, cells)
            number, step = values.get("number", ""), values.get("step", "")
            if not step and self.is_step(number):
                step, number = number, ""
            if step:
                self.action(row, number, step, values)
            else:
                self.objective(row, number, values)
        if self.errors:
            raise FileRefused(self.errors)
        self.objectives.sort(key=lambda objective: _sort_key(objective["number"]))
        return {
            "priorities": sorted(self.priorities.values(), key=lambda p: p["number"]),
            "objectives": self.objectives,
        }

    def is_step(self, number: str) -> bool:
        """A step in the number column ("a)", or "1" under objective 1.1 when there is no
        step column): an action of the objective above."""
        if "step" in self.mapping or not self.objectives:
            return False
        if STEP_LABEL.match(number):
            return True
        return number.isdigit() and "." in self.objectives[-1]["number"]

    def priority(self, row, number: str, values: dict) -> int | None:
        written = values.get("priority", "")
        if written:
            match = PRIORITY_NUMBER.match(written)
            if not match:
                self.error(BAD_PRIORITY, row=row, value=shortened(written))
                return None
            priority_number = int(match[1])
        else:
            priority_number = int(number.split(".")[0])
        priority = self.priorities.get(priority_number)
        if priority is None:
            priority = {"number": priority_number, "row": row}
            priority.update({field: values.get(field, "") for field in PRIORITY_FIELDS})
            if not priority["priority_title"]:
                self.error(PRIORITY_TITLE_MISSING, row=row, number=priority_number)
            self.priorities[priority_number] = priority
        else:
            for field in PRIORITY_FIELDS:
                value = values.get(field, "")
                if value and priority[field] and value != priority[field]:
                    label = COLUMNS[field].label.lower()
                    self.error(
                        PRIORITY_DIFFERS,
                        row=row,
                        column=label,
                        number=priority_number,
                        first=priority["row"],
                    )
                elif value and not priority[field]:
                    priority[field] = value
        return priority_number

    def objective(self, row, number: str, values: dict) -> None:
        if not number:
            if (row, "number") not in self.refused:
                self.error(CELL_REQUIRED, row=row, column="number")
            return
        if not NUMBER.match(number):
            self.error(BAD_NUMBER, row=row, value=shortened(number))
            return
        if number in self.numbers:
            first = self.numbers[number]["row"]
            self.error(DUPLICATE_NUMBER, row=row, value=number, first=first)
            return
        priority = self.priority(row, number, values)
        objective = {
            "row": row,
            "number": number,
            "priority": priority,
            "action": self.required(row, values, "text"),
            **{
                field: values.get(field, "")
                for field in ("outcome", "outcome_measure", "difference", "references")
            },
            **self.due(row, values),
            "owners": self.owners(row, values, Objective),
            "reporting_group": self.reporting_group(row, values),
            "rag": self.rag(row, values),
            "progress": values.get("progress", ""),
            "evidence": values.get("evidence", ""),
            "actions": [],
        }
        self.numbers[number] = objective
        self.objectives.append(objective)

    def action(self, row, number: str, step: str, values: dict) -> None:
        objective = self.numbers.get(number) if number else None
        if objective is None and not number and self.objectives:
            objective = self.objectives[-1]
        if objective is None:
            self.error(STEP_WITHOUT_OBJECTIVE, row=row, value=shortened(number or step))
            return
        for field, value in values.items():
            if value and field not in ACTION_FIELDS and field not in ("priority", *PRIORITY_FIELDS):
                self.error(ACTION_CELL_UNUSED, row=row, column=COLUMNS[field].label.lower())
        for other in objective["actions"]:
            if other["label"] == step:
                self.error(
                    DUPLICATE_STEP,
                    row=row,
                    number=objective["number"],
                    value=step,
                    first=other["row"],
                )
                return
        objective["actions"].append(
            {
                "row": row,
                "label": step,
                "description": self.required(row, values, "text"),
                **self.due(row, values),
                "owners": self.owners(row, values, Action),
                "rag": self.rag(row, values),
                "progress": values.get("progress", ""),
            }
        )

    def required(self, row, values: dict, field: str) -> str:
        if not values.get(field) and (row, field) not in self.refused:
            self.error(CELL_REQUIRED, row=row, column=COLUMNS[field].label.lower())
        return values.get(field, "")

    def due(self, row, values: dict) -> dict:
        """A month (its first day, as ISO) and a recurring timescale: a cell's first line is
        the month when it reads as one, the rest is the timescale; words without a digit are
        a timescale ("Each year in March", "Ongoing")."""
        column = COLUMNS["due"].label.lower()
        written = values.get("due", "")
        extra = [values.get("due_text", "")]
        due_on = None
        if written:
            first, _, rest = written.partition("\n")
            first = single_line(first)
            due_on = parse_month(first)
            if due_on is not None:
                extra.insert(0, rest)
            elif not re.search(r"\d", written):
                extra.insert(0, written)
            else:
                self.error(BAD_DATE, row=row, column=column, value=shortened(first))
        if due_on and not self.earliest <= due_on <= self.latest:
            self.error(
                DATE_OUT_OF_RANGE,
                row=row,
                column=column,
                value=f"{due_on:%B %Y}",
                earliest=day_text(self.earliest),
                latest=day_text(self.latest),
            )
            due_on = None
        due_text = single_line(" ".join(part for part in extra if part))
        limit = LIMITS["due_text"]
        if len(due_text) > limit:
            self.error(CELL_TOO_LONG, row=row, column="recurring timescale", limit=limit)
            due_text = ""
        return {"due_on": due_on.isoformat() if due_on else None, "due_text": due_text}

    def owners(self, row, values: dict, model) -> list[dict]:
        written = values.get("owners", "")
        if not written:
            return []
        column = COLUMNS["owners"].label.lower()
        read = read_owners(written, self.matcher)
        for part, records in read.ambiguous:
            names = " or ".join(str(record) for record in records)
            self.error(AMBIGUOUS_OWNER, row=row, column=column, value=shortened(part), names=names)
        if not self.keep_text:
            for part in read.unknown:
                self.error(UNKNOWN_OWNER, row=row, column=column, value=shortened(part))
        limit = OWNER_TEXT_MAX_LENGTH
        if any(owner.kind == TEXT and len(owner.name) > limit for owner in read.owners):
            self.error(CELL_TOO_LONG, row=row, column=f"{column} (other owners)", limit=limit)
        return [owner.as_json() for owner in read.owners]

    def reporting_group(self, row, values: dict) -> int | None:
        written = values.get("reporting_group", "")
        if not written:
            return None
        found = self.matcher.find_group(written)
        if len(found) != 1:
            self.error(UNKNOWN_GROUP, row=row, column="reports to", value=shortened(written))
            return None
        return found[0].pk

    def rag(self, row, values: dict) -> str:
        written = values.get("rag", "")
        value = self.key_words.get(key(written)) or RAG_WORDS.get(key(written))
        if value is None or value not in self.allowed:
            words = ", ".join(self.allowed[v] for v in self.allowed)
            self.error(RAG_NOT_IN_KEY, row=row, value=shortened(written), words=words)
            return RAG.NOT_STARTED.value
        return str(value)


def _sort_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in re.findall(r"\d+", number))


def check_plan(table: Table, mapping: dict[str, int], *, plan, matcher: OwnerMatcher, keep_text):
    """The plan the rows describe, ready to create in `plan` (a draft, whose progress key
    says which RAG values it uses): {"priorities": [...], "objectives": [...]}. Raises
    FileRefused naming every problem of the file. `mapping`: the plan's field → the index
    of the file's column; `keep_text`: owners who are no group or person are kept as the
    printed text rather than refused."""
    missing = [COLUMNS[field].label.lower() for field in REQUIRED_FIELDS if field not in mapping]
    if missing:
        raise FileRefused([COLUMN_NOT_CHOSEN.format(column=column) for column in missing])
    return _Checker(table, mapping, plan=plan, matcher=matcher, keep_text=keep_text).check()
