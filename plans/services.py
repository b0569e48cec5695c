"""Writes of business plans. A draft is written freely by the business unit: its details,
priorities, objectives and actions added, changed, removed and reordered. Publishing makes it
live (owners update their items), closing keeps it as it ended. Each write is a keyword-only
function in a transaction that validates the record in full; a write from a page opened
before a colleague's save is refused (StaleUpdateError)."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects

from kscp.core.models import User
from kscp.core.records import record_save
from kscp.core.tracking import RAG
from kscp.core.versioning import StaleUpdateError, Versioned
from plans.models import Action, Objective, Plan, Priority

PLAN_NOT_DRAFT = "Only a draft plan can be changed: this plan is {status}."
PLAN_NOT_DRAFT_TO_PUBLISH = "Only a draft plan can be published: this plan is {status}."
PLAN_NOT_LIVE_TO_CLOSE = "Only a live plan can be closed: this plan is {status}."
PLAN_WITHOUT_OBJECTIVES = "Add at least one objective before publishing the plan"
PRIORITY_HAS_OBJECTIVES = (
    "Priority {number} still has {count} objective{s}: move or remove them before removing "
    "the priority"
)
OBJECTIVE_NOT_CARRIED = "Objective {number} is complete or not of this plan: it is not carried"

UP, DOWN = "up", "down"


def _require_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise ValidationError(PLAN_NOT_DRAFT.format(status=plan.get_status_display().lower()))


def _remove(record: Versioned, *, version: int) -> None:
    """Delete the record as the editor saw it: refused if it changed since."""
    model = type(record)
    deleted, _ = model._default_manager.filter(pk=record.pk, version=version).delete()
    if not deleted:
        raise StaleUpdateError(model._default_manager.get(pk=record.pk))


# --- the plan -------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, partnership, user: User, **fields) -> Plan:
    """A new draft plan of the partnership."""
    fields.pop("status", None)
    return record_save(
        Plan(partnership=partnership, status=Plan.Status.DRAFT), user=user, fields=fields
    )


@transaction.atomic
def plan_update(*, plan: Plan, user: User, version: int, **fields) -> Plan:
    _require_draft(plan)
    plan.version = version
    return record_save(plan, user=user, fields=fields)


@transaction.atomic
def plan_publish(*, plan: Plan, user: User, version: int) -> Plan:
    """Make the draft live: from now on its owners update their objectives and actions, and
    its contents change only through a new version."""
    if not plan.is_draft:
        raise ValidationError(
            PLAN_NOT_DRAFT_TO_PUBLISH.format(status=plan.get_status_display().lower())
        )
    if not plan.objectives.exists():
        raise ValidationError(PLAN_WITHOUT_OBJECTIVES)
    plan.version = version
    return record_save(plan, user=user, fields={"status": Plan.Status.LIVE})


@transaction.atomic
def plan_close(*, plan: Plan, user: User, version: int) -> Plan:
    """End a live plan: its items are kept as they stood and owners no longer update them."""
    if not plan.is_live:
        raise ValidationError(
            PLAN_NOT_LIVE_TO_CLOSE.format(status=plan.get_status_display().lower())
        )
    plan.version = version
    return record_save(plan, user=user, fields={"status": Plan.Status.CLOSED})


# --- priorities -----------------------------------------------------------------------------


@transaction.atomic
def priority_create(*, plan: Plan, user: User, **fields) -> Priority:
    _require_draft(plan)
    return record_save(Priority(plan=plan), user=user, fields=fields)


@transaction.atomic
def priority_update(*, priority: Priority, user: User, version: int, **fields) -> Priority:
    _require_draft(priority.plan)
    priority.version = version
    return record_save(priority, user=user, fields=fields)


@transaction.atomic
def priority_remove(*, priority: Priority, user: User, version: int) -> None:
    """Remove an empty priority: its objectives are never removed with it by accident."""
    _require_draft(priority.plan)
    count = priority.objectives.count()
    if count:
        raise ValidationError(
            PRIORITY_HAS_OBJECTIVES.format(
                number=priority.number, count=count, s="" if count == 1 else "s"
            )
        )
    _remove(priority, version=version)


def _neighbour(queryset, record, order_field: str, direction: str):
    value = getattr(record, order_field)
    if direction == UP:
        return queryset.filter(**{f"{order_field}__lt": value}).order_by(f"-{order_field}").first()
    return queryset.filter(**{f"{order_field}__gt": value}).order_by(order_field).first()


def _renumbered(number: str, old_prefix: int, new_prefix: int) -> str:
    """'2.1' of priority 2 becomes '1.1' when the priority becomes number 1."""
    head, dot, rest = number.partition(".")
    return f"{new_prefix}.{rest}" if dot and head == str(old_prefix) else number


def _save_all(records, user: User) -> None:
    for record in records:
        record._history_user = user
        record.full_clean()
        record.save()


@transaction.atomic
def priority_move(*, priority: Priority, user: User, direction: str) -> Priority:
    """Swap the priority's number with the one before (up) or after (down); the objectives
    numbered after a priority ("2.1" of priority 2) follow their priority's new number."""
    _require_draft(priority.plan)
    other = _neighbour(priority.plan.priorities.all(), priority, "number", direction)
    if other is None:
        return priority
    mine, theirs = priority.number, other.number
    objectives = list(Objective.objects.filter(priority__in=[priority, other]))
    # Out of the way first: numbers are unique in the plan.
    for objective in objectives:
        Objective.objects.filter(pk=objective.pk).update(number=f"~{objective.pk}")
    Priority.objects.filter(pk=other.pk).update(number=0)
    other.refresh_from_db()
    priority.number, other.number = theirs, mine
    _save_all([priority, other], user)
    for objective in objectives:
        if objective.priority_id == priority.pk:
            objective.number = _renumbered(objective.number, mine, theirs)
        else:
            objective.number = _renumbered(objective.number, theirs, mine)
    _save_all(objectives, user)
    return priority


# --- objectives -----------------------------------------------------------------------------

OBJECTIVE_M2M = ("owner_groups", "owner_people")


def _split_m2m(fields: dict, names) -> tuple[dict, dict]:
    m2m = {name: fields.pop(name) for name in names if name in fields}
    return fields, m2m


@transaction.atomic
def objective_create(*, priority: Priority, user: User, **fields) -> Objective:
    _require_draft(priority.plan)
    fields, m2m = _split_m2m(fields, OBJECTIVE_M2M)
    objective = Objective(plan=priority.plan, priority=priority)
    return record_save(objective, user=user, fields=fields, m2m=m2m)


@transaction.atomic
def objective_update(*, objective: Objective, user: User, version: int, **fields) -> Objective:
    _require_draft(objective.plan)
    fields, m2m = _split_m2m(fields, OBJECTIVE_M2M)
    objective.version = version
    return record_save(objective, user=user, fields=fields, m2m=m2m)


@transaction.atomic
def objective_remove(*, objective: Objective, user: User, version: int) -> None:
    """Remove the objective and its actions from the draft."""
    _require_draft(objective.plan)
    _remove(objective, version=version)


@transaction.atomic
def objective_move(*, objective: Objective, user: User, direction: str) -> Objective:
    """Swap the objective's number with the one before (up) or after (down) in its
    priority, so that the numbers stay in order and the objective takes the other place."""
    _require_draft(objective.plan)
    other = _neighbour(objective.priority.objectives.all(), objective, "sort_key", direction)
    if other is None:
        return objective
    mine, theirs = objective.number, other.number
    Objective.objects.filter(pk=other.pk).update(number=f"~{other.pk}")
    other.refresh_from_db()
    objective.number, other.number = theirs, mine
    _save_all([objective, other], user)
    return objective


# --- actions --------------------------------------------------------------------------------


@transaction.atomic
def action_create(*, objective: Objective, user: User, **fields) -> Action:
    """A step under the objective, placed after its others."""
    _require_draft(objective.plan)
    last = objective.actions.aggregate(last=models.Max("position"))["last"] or 0
    action = Action(objective=objective, position=last + 1)
    return record_save(action, user=user, fields=fields)


@transaction.atomic
def action_update(*, action: Action, user: User, version: int, **fields) -> Action:
    _require_draft(action.objective.plan)
    action.version = version
    return record_save(action, user=user, fields=fields)


@transaction.atomic
def action_remove(*, action: Action, user: User, version: int) -> None:
    _require_draft(action.objective.plan)
    _remove(action, version=version)


@transaction.atomic
def action_move(*, action: Action, user: User, direction: str) -> Action:
    """Swap the action's place with the one before (up) or after (down)."""
    _require_draft(action.objective.plan)
    other = _neighbour(action.objective.actions.all(), action, "position", direction)
    if other is None:
        return action
    mine, theirs = action.position, other.position
    Action.objects.filter(pk=other.pk).update(position=0)
    other.refresh_from_db()
    action.position, other.position = theirs, mine
    _save_all([action, other], user)
    return action


# --- rolling forward ------------------------------------------------------------------------

CARRIED_FIELDS = (
    "action",
    "outcome",
    "outcome_measure",
    "difference",
    "references",
    "due_on",
    "due_text",
    "owner_text",
    "reporting_group",
)
PLAN_FIELDS_KEPT = ("introduction", "glossary", *(f"key_{rag}" for rag in RAG.values))


@transaction.atomic
def plan_roll_forward(*, plan: Plan, user: User, carried, **fields) -> Plan:
    """Start the next plan from this one: a new draft with this plan's progress key, its
    priorities, and the objectives chosen to carry forward (`carried`, none complete) with
    their owners, references and actions not complete. Each carried objective records where it
    came from; its status and progress start again in the new plan (the old plan keeps its
    history)."""
    fields.pop("status", None)
    kept = {name: getattr(plan, name) for name in PLAN_FIELDS_KEPT}
    new_plan = record_save(
        Plan(partnership_id=plan.partnership_id, status=Plan.Status.DRAFT, started_from=plan),
        user=user,
        fields={**kept, **fields},
    )
    priorities = {}
    for priority in plan.priorities.all():
        priorities[priority.pk] = record_save(
            Priority(plan=new_plan),
            user=user,
            fields={
                "number": priority.number,
                "title": priority.title,
                "aim": priority.aim,
                "strategic_aim": priority.strategic_aim,
            },
        )
    carried = list(carried)
    # Owners and actions read once for all the carried objectives, not once each.
    prefetch_related_objects(carried, "owner_groups", "owner_people", "actions")
    for objective in carried:
        if objective.plan_id != plan.pk or objective.is_complete:
            raise ValidationError(OBJECTIVE_NOT_CARRIED.format(number=objective.number))
        copy = record_save(
            Objective(plan=new_plan, priority=priorities[objective.priority_id]),
            user=user,
            fields={
                "number": objective.number,
                "carried_from": objective,
                **{name: getattr(objective, name) for name in CARRIED_FIELDS},
            },
            m2m={
                "owner_groups": list(objective.owner_groups.all()),
                "owner_people": list(objective.owner_people.all()),
            },
        )
        for action in (a for a in objective.actions.all() if a.rag != RAG.COMPLETE):
            record_save(
                Action(objective=copy, position=action.position),
                user=user,
                fields={
                    name: getattr(action, name)
                    for name in (
                        "label",
                        "description",
                        "lead_group",
                        "lead_person",
                        "lead_text",
                        "due_on",
                        "due_text",
                    )
                },
            )
    return new_plan
