"""Writes of business plans. A draft is written freely by the business unit: its details,
priorities, objectives and actions added, changed, removed and reordered. Publishing makes it
live (owners update their items), closing keeps it as it ended. Each write is a keyword-only
function in a transaction that validates the record in full; a write from a page opened
before a colleague's save is refused (StaleUpdateError)."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from kscp.core.models import Group, User
from kscp.core.records import record_save
from kscp.core.tracking import RAG
from kscp.core.versioning import StaleUpdateError, Versioned
from plans import versions
from plans.models import (
    DEFAULT_PROGRESS_KEY,
    OWNER_TEXT_MAX_LENGTH,
    Action,
    Objective,
    Owner,
    Plan,
    PlanVersion,
    Priority,
    owners_prefetch,
)

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


PLAN_NOT_LIVE_TO_VERSION = "Only a live plan has new versions: this plan is {status}."


@transaction.atomic
def plan_version_publish(*, plan: Plan, user: User, version: int, summary: str) -> PlanVersion:
    """A new version of the live plan (V1 → V2): its number, who published it and when, the
    summary of what changed, and the objectives and actions added, removed and changed since
    the version before, read from history and kept as they were; the plan's label follows."""
    if not plan.is_live:
        raise ValidationError(
            PLAN_NOT_LIVE_TO_VERSION.format(status=plan.get_status_display().lower())
        )
    changes = versions.changes_since(plan, versions.since_last_version(plan))
    number = versions.next_version_number(plan)
    plan.version = version
    record_save(plan, user=user, fields={"version_label": f"V{number}"})
    return record_save(
        PlanVersion(plan=plan, number=number, published_at=timezone.now(), published_by=user),
        user=user,
        fields={"summary": summary.strip(), "changes": changes},
    )


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


# --- owners ---------------------------------------------------------------------------------

OWNER_OF_ANOTHER_PARTNERSHIP = "{name} is not a group or person of the plan's partnership"
OWNER_EMPTY = "An owner is a group, a person or the words of an owner who is neither"
OWNER_TEXT_TOO_LONG = "An owner's words have at most {limit} characters: {text}"
OWNER_ROLE_UNKNOWN = "An owner leads or is in support ('lead' or 'supporting'), not {role!r}"
OWNER_REPEATED = "{name} is named twice among the owners"
OWNER_LEAD_FIRST = (
    "The leads come first, then the owners in support ('Sharon Hewitt with support from "
    "Elaine McShane')"
)


def _owner_fields(target, role) -> dict:
    if role not in Owner.Role.values:
        raise ValidationError(OWNER_ROLE_UNKNOWN.format(role=role))
    role = Owner.Role(role)
    if isinstance(target, Group):
        return {"group": target, "person": None, "text": "", "role": role}
    if isinstance(target, User):
        return {"group": None, "person": target, "text": "", "role": role}
    text = (target or "").strip() if isinstance(target, str) else ""
    if not text:
        raise ValidationError(OWNER_EMPTY)
    if len(text) > OWNER_TEXT_MAX_LENGTH:
        raise ValidationError(OWNER_TEXT_TOO_LONG.format(limit=OWNER_TEXT_MAX_LENGTH, text=text))
    return {"group": None, "person": None, "text": text, "role": role}


def _owner_identity(fields: dict) -> tuple:
    """Who the owner is and their part: what decides whether the owners changed."""
    group, person = fields["group"], fields["person"]
    return (group and group.pk, person and person.pk, fields["text"], fields["role"])


def _leads_first(roles: list[str]) -> bool:
    supporting = [role == Owner.Role.SUPPORTING for role in roles]
    return supporting == sorted(supporting) and not (supporting and supporting[0])


def _checked_owners(item: Objective | Action, owners) -> list[dict]:
    partnership_id = item.plan.partnership_id
    wanted = [_owner_fields(target, role) for target, role in owners]
    seen = set()
    for fields in wanted:
        named = fields["group"] or fields["person"]
        if named is not None and named.partnership_id != partnership_id:
            raise ValidationError(OWNER_OF_ANOTHER_PARTNERSHIP.format(name=named))
        who = _owner_identity({**fields, "text": fields["text"].casefold()})[:3]
        if who in seen:
            raise ValidationError(OWNER_REPEATED.format(name=named or fields["text"]))
        seen.add(who)
    if not _leads_first([fields["role"] for fields in wanted]):
        raise ValidationError(OWNER_LEAD_FIRST)
    return wanted


@transaction.atomic
def owners_set(*, item: Objective | Action, owners, user: User | None, when=None) -> list[Owner]:
    """Make `owners` the item's owners, in that order: each a (group, person or the words of
    an owner who is neither, role) pair, role "lead" or "supporting", the leads first. The
    one write of owners, used by the writing pages, roll forward, the demo loader and plan
    imports. Nothing is written when they did not change; otherwise the rows are replaced,
    every change a history row dated alike (`when`, default now), so that the item's
    timeline tells one change and reports read the owners as they stood."""
    wanted = _checked_owners(item, owners)
    current = list(item.owners.select_related("group", "person").order_by("position"))
    before = [
        _owner_identity({"group": o.group, "person": o.person, "text": o.text, "role": o.role})
        for o in current
    ]
    if before == [_owner_identity(fields) for fields in wanted]:
        return current
    when = when or timezone.now()
    for owner in current:
        owner._history_user, owner._history_date = user, when
        owner.delete()
    link = {"objective": item} if isinstance(item, Objective) else {"action": item}
    kept = []
    for position, fields in enumerate(wanted, start=1):
        owner = Owner(**link, position=position, **fields)
        owner._history_user, owner._history_date = user, when
        owner.full_clean()
        owner.save()
        kept.append(owner)
    getattr(item, "_prefetched_objects_cache", {}).pop("owners", None)
    return kept


# --- objectives -----------------------------------------------------------------------------


@transaction.atomic
def objective_create(*, priority: Priority, user: User, owners=(), **fields) -> Objective:
    _require_draft(priority.plan)
    objective = Objective(plan=priority.plan, priority=priority)
    record_save(objective, user=user, fields=fields)
    owners_set(item=objective, owners=owners, user=user)
    return objective


@transaction.atomic
def objective_update(
    *, objective: Objective, user: User, version: int, owners=None, **fields
) -> Objective:
    """Change the objective; `owners`, when given, replace its owners (owners_set)."""
    _require_draft(objective.plan)
    objective.version = version
    record_save(objective, user=user, fields=fields)
    if owners is not None:
        owners_set(item=objective, owners=owners, user=user)
    return objective


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
def action_create(*, objective: Objective, user: User, owners=(), **fields) -> Action:
    """A step under the objective, placed after its others."""
    _require_draft(objective.plan)
    last = objective.actions.aggregate(last=models.Max("position"))["last"] or 0
    action = Action(objective=objective, position=last + 1)
    record_save(action, user=user, fields=fields)
    owners_set(item=action, owners=owners, user=user)
    return action


@transaction.atomic
def action_update(*, action: Action, user: User, version: int, owners=None, **fields) -> Action:
    """Change the action; `owners`, when given, replace its owners (owners_set)."""
    _require_draft(action.objective.plan)
    action.version = version
    record_save(action, user=user, fields=fields)
    if owners is not None:
        owners_set(item=action, owners=owners, user=user)
    return action


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
    "reporting_group",
)
PLAN_FIELDS_KEPT = ("introduction", "glossary", *(f"key_{rag}" for rag in RAG.values))


def _key_meaning(rag: str, words: str) -> str:
    """A meaning of the progress key carried into the next plan: one that only repeats the
    status's name (the Kirklees key's "Red = Red, Amber = Amber, Complete = Completed") gives
    way to the meaning the new plan's form proposes; a blank one stays blank (the status is
    left out of the plan)."""
    name = RAG(rag).label.lower()
    said = " ".join(words.lower().split()).rstrip(".")
    return DEFAULT_PROGRESS_KEY[rag] if said in (name, f"{name}d") else words


@transaction.atomic
def plan_roll_forward(*, plan: Plan, user: User, carried, **fields) -> Plan:
    """Start the next plan from this one: a new draft with this plan's progress key (its
    meanings that only repeat a status's name replaced by the proposed ones), its
    priorities, and the objectives chosen to carry forward (`carried`, none complete) with
    their owners, references and actions not complete. Each carried objective records where it
    came from; its status and progress start again in the new plan (the old plan keeps its
    history)."""
    fields.pop("status", None)
    kept = {name: getattr(plan, name) for name in PLAN_FIELDS_KEPT}
    for rag in RAG.values:
        kept[f"key_{rag}"] = _key_meaning(rag, kept[f"key_{rag}"])
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
    prefetch_related_objects(
        carried, owners_prefetch(), "actions", owners_prefetch("actions__owners")
    )
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
        )
        owners_set(item=copy, owners=_owner_pairs(objective), user=user)
        for action in (a for a in objective.actions.all() if a.rag != RAG.COMPLETE):
            action_copy = record_save(
                Action(objective=copy, position=action.position),
                user=user,
                fields={
                    name: getattr(action, name)
                    for name in (
                        "label",
                        "description",
                        "due_on",
                        "due_text",
                    )
                },
            )
            owners_set(item=action_copy, owners=_owner_pairs(action), user=user)
    return new_plan


def _owner_pairs(item: Objective | Action) -> list[tuple]:
    return [(owner.group or owner.person or owner.text, owner.role) for owner in item.owners.all()]
