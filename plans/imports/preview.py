"""The plan a checked file would create, as its preview shows it: the priorities, each with
its objectives and their actions, owners named as the partnership knows them. Two queries
(the groups and the people named), whatever the size of the file."""

import datetime
from dataclasses import dataclass, field

from kscp.core.models import Group, User
from kscp.core.tracking import RAG
from plans.imports.owners import GROUP, PERSON, TEXT


@dataclass
class PreviewOwner:
    printed: str
    kind: str
    name: str  # as the partnership knows the group or person; the text itself otherwise
    lead: bool

    @property
    def is_text(self) -> bool:
        return self.kind == TEXT

    @property
    def matched_otherwise(self) -> bool:
        """Named in the file otherwise than the partnership names them ("QA sg")."""
        return not self.is_text and self.printed != self.name


@dataclass
class PreviewItem:
    row: str
    number: str
    text: str
    due: str
    owners: list[PreviewOwner]
    rag: str
    progress: str
    reporting_group: str = ""
    actions: list = field(default_factory=list)

    @property
    def rag_label(self) -> str:
        return RAG(self.rag).label


@dataclass
class PreviewPriority:
    number: int
    title: str
    aim: str
    strategic_aim: str
    objectives: list[PreviewItem] = field(default_factory=list)


@dataclass
class Preview:
    priorities: list[PreviewPriority]
    objective_count: int
    action_count: int
    text_owner_count: int


def _due(spec: dict) -> str:
    parts = []
    if spec["due_on"]:
        parts.append(f"{datetime.date.fromisoformat(spec['due_on']):%B %Y}")
    if spec["due_text"]:
        parts.append(spec["due_text"])
    return "; ".join(parts) or "No date set"


def plan_import_preview(checked: dict) -> Preview:
    objectives = checked.get("objectives", [])
    every = [o for spec in objectives for o in (spec, *spec["actions"])]
    group_pks = {o["pk"] for s in every for o in s["owners"] if o["kind"] == GROUP}
    group_pks |= {s["reporting_group"] for s in objectives if s["reporting_group"]}
    person_pks = {o["pk"] for s in every for o in s["owners"] if o["kind"] == PERSON}
    groups = Group.objects.in_bulk(group_pks) if group_pks else {}
    people = User.objects.in_bulk(person_pks) if person_pks else {}
    known = {GROUP: groups, PERSON: people}
    text_owners = 0

    def owners(spec) -> list[PreviewOwner]:
        nonlocal text_owners
        listed = []
        for owner in spec["owners"]:
            record = known.get(owner["kind"], {}).get(owner["pk"])
            text_owners += owner["kind"] == TEXT
            name = str(record) if record is not None else owner["name"]
            listed.append(PreviewOwner(owner["name"], owner["kind"], name, owner["lead"]))
        return listed

    def item(spec, text_field: str) -> PreviewItem:
        return PreviewItem(
            row=spec["row"],
            number=spec.get("label") or spec.get("number"),
            text=spec[text_field],
            due=_due(spec),
            owners=owners(spec),
            rag=spec["rag"],
            progress=spec["progress"],
        )

    priorities = {
        spec["number"]: PreviewPriority(
            spec["number"], spec["priority_title"], spec["aim"], spec["strategic_aim"]
        )
        for spec in checked.get("priorities", [])
    }
    action_count = 0
    for spec in objectives:
        objective = item(spec, "action")
        group = groups.get(spec["reporting_group"]) if spec["reporting_group"] else None
        objective.reporting_group = str(group) if group else ""
        objective.actions = [item(action, "description") for action in spec["actions"]]
        action_count += len(objective.actions)
        priorities[spec["priority"]].objectives.append(objective)
    return Preview(list(priorities.values()), len(objectives), action_count, text_owners)
