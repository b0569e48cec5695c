"""Load a business plan of a partnership's fixture files (fixtures/<partnership>/plan-*.yaml)
for the load_demo command, in the shape of every demo loader (kscp.core.loading): the people
and groups the plan file brings, then the plan with its priorities, objectives and actions,
dated the day the document stood."""

import datetime

from django.db import transaction
from django.utils import timezone

from kscp.core.loading import Loader, as_month, as_text, load_structure
from kscp.core.models import Partnership
from plans.models import Action, Objective, Owner, Plan, Priority
from plans.services import owners_set

RAGS = ("not_started", "red", "amber", "green", "blue", "complete")


@transaction.atomic
def load_plans(partnership: Partnership, data: dict, loader: Loader | None = None) -> int:
    """One plan file; its groups and people first (a plan may name groups of its time)."""
    loader = Loader() if loader is None else loader
    start = loader.created
    load_structure(
        partnership, {"people": data.get("people"), "groups": data.get("groups")}, loader
    )
    _PlanLoader(partnership, data["plan"], loader).load(data["priorities"])
    return loader.created - start


class _PlanLoader:
    def __init__(self, partnership: Partnership, spec: dict, loader: Loader):
        self.partnership = partnership
        self.spec = spec
        self.loader = loader
        recorded_on = spec.get("recorded_on") or spec["starts_on"]
        self.recorded_at = timezone.make_aware(
            datetime.datetime.combine(recorded_on, datetime.time(12))
        )

    def _get_or_create(self, model, lookup: dict, defaults: dict):
        return self.loader.get_or_create(model, lookup, defaults, recorded_at=self.recorded_at)

    def load(self, priorities: list[dict]) -> None:
        spec = self.spec
        key = spec.get("progress_key") or {}
        plan, created = self._get_or_create(
            Plan,
            {"partnership": self.partnership, "title": spec["title"]},
            {
                "period": as_text(spec["period"]),
                "starts_on": spec["starts_on"],
                "ends_on": spec["ends_on"],
                "version_label": as_text(spec.get("version_label")),
                "status": spec.get("status") or Plan.Status.DRAFT,
                "introduction": as_text(spec.get("introduction")),
                "version_history": as_text(spec.get("version_history")),
                "glossary": as_text(spec.get("glossary")),
                **{f"key_{rag}": as_text(key.get(rag)) for rag in RAGS},
            },
        )
        if not created:
            return
        for priority_spec in priorities:
            self.priority(plan, priority_spec)
        # The records were last changed when the document stood, not when they were loaded.
        dated = {"created_at": self.recorded_at, "updated_at": self.recorded_at}
        Objective.objects.filter(plan=plan).update(**dated)
        Action.objects.filter(objective__plan=plan).update(**dated)

    def priority(self, plan: Plan, spec: dict) -> None:
        priority, _ = self._get_or_create(
            Priority,
            {"plan": plan, "number": spec["number"]},
            {
                "title": as_text(spec.get("title")),
                "aim": as_text(spec.get("aim")),
                "strategic_aim": as_text(spec.get("strategic_aim")),
            },
        )
        for objective_spec in spec.get("objectives") or []:
            self.objective(plan, priority, objective_spec)

    def owners(self, item, specs: list[dict] | None) -> None:
        """The item's owners in the order the file gives them (and the plan prints them):
        each a group, a person or the words of an owner who is neither, leading unless
        `role: supporting`; dated the day the document stood."""
        owners = []
        for spec in specs or []:
            target = (
                self.loader.group(self.partnership, spec.get("group"))
                or self.loader.person(self.partnership, spec.get("person"))
                or as_text(spec.get("text"))
            )
            owners.append((target, spec.get("role") or Owner.Role.LEAD))
        owners_set(item=item, owners=owners, user=None, when=self.recorded_at)

    def objective(self, plan: Plan, priority: Priority, spec: dict) -> None:
        group = self.loader.group
        objective, created = self._get_or_create(
            Objective,
            {"plan": plan, "number": str(spec["number"])},
            {
                "priority": priority,
                "action": as_text(spec.get("action")),
                "outcome": as_text(spec.get("outcome")),
                "outcome_measure": as_text(spec.get("outcome_measure")),
                "difference": as_text(spec.get("difference")),
                "references": as_text(spec.get("references")),
                "due_on": as_month(spec.get("due")),
                "due_text": as_text(spec.get("due_text")),
                "reporting_group": group(self.partnership, spec.get("reporting_group")),
                "rag": spec.get("rag") or "not_started",
                "progress": as_text(spec.get("progress")),
                "evidence": as_text(spec.get("evidence")),
            },
        )
        if created:
            self.owners(objective, spec.get("owners"))
        for position, action_spec in enumerate(spec.get("actions") or [], start=1):
            self.action(objective, position, action_spec)

    def action(self, objective: Objective, position: int, spec: dict) -> None:
        action, created = self._get_or_create(
            Action,
            {"objective": objective, "position": position},
            {
                "label": as_text(spec.get("label")) or str(position),
                "description": as_text(spec.get("description")),
                "due_on": as_month(spec.get("due")),
                "due_text": as_text(spec.get("due_text")),
                "rag": spec.get("rag") or "not_started",
                "progress": as_text(spec.get("progress")),
            },
        )
        if created:
            self.owners(action, spec.get("owners"))
