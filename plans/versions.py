"""What changed in a live plan since its last version, read from history: the objectives and
actions added, removed, and those whose fields or owners changed, in the plan's order (an
objective's actions after it; the actions of an objective added or removed go with it).
A new version (plans.services.plan_version_publish) keeps this list as it stood when it was
published."""

import datetime

from kscp.core.history import states_at
from kscp.core.models import Group
from kscp.core.timeline import shown
from plans.models import Action, Objective, Plan, number_sort_key, owners_prefetch, version_number
from plans.owner_history import NO_OWNERS, owners_at

# The fields a version tells the changes of, with the words it uses; long texts only say
# that they changed.
VERSION_FIELDS = {
    "action": "Objective",
    "due_on": "Date for completion",
    "due_text": "Recurring timescale",
    "outcome_measure": "Outcome measure",
    "difference": "What difference it makes",
    "references": "References",
    "reporting_group": "Reports to",
    "rag": "RAG status",
    "progress": "Progress",
    "evidence": "Evidence",
}
ACTION_FIELDS = {
    "label": "Label",
    "description": "Work required",
    "due_on": "Date for completion",
    "due_text": "Recurring timescale",
    "rag": "RAG status",
    "progress": "Progress",
    "evidence": "Evidence",
}
WORDS_ONLY = ("action", "description", "outcome_measure", "difference", "progress", "evidence")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


def since_last_version(plan: Plan) -> datetime.datetime:
    """When the version before the next one was made: the last version's publication, or
    else the day the plan went live (or was created, when its history does not say)."""
    last = plan.versions.order_by("-number").first()
    if last is not None:
        return last.published_at
    live = Plan.history.filter(id=plan.pk, status=Plan.Status.LIVE).order_by("history_date")
    first = live.first()
    return first.history_date if first is not None else plan.created_at


def next_version_number(plan: Plan) -> int:
    """After the last version recorded here, or after the plan's own label (V8 → 9); a live
    plan without either is its first version, so the next is V2."""
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return max(last, version_number(plan.version_label), 1) + 1


def _value(model, name: str, value, groups: dict) -> str:
    if name == "reporting_group":
        return groups.get(value, "a removed group") if value else "not set"
    return shown(model, name, value)


def _details(model, fields: dict, old, current, groups: dict) -> list[str]:
    details = []
    for name, label in fields.items():
        attname = model._meta.get_field(name).attname
        then, now = getattr(old, attname), getattr(current, attname)
        if then == now:
            continue
        if name in WORDS_ONLY:
            details.append(f"{label} changed")
        else:
            details.append(
                f"{label}: {_value(model, name, then, groups)} → {_value(model, name, now, groups)}"
            )
    return details


def _owners_detail(owners_then: dict, key: tuple, item) -> list[str]:
    owners_before = owners_then.get(key, "") or NO_OWNERS
    owners_now = item.owners_text or NO_OWNERS
    return [] if owners_before == owners_now else [f"Owners: {owners_before} → {owners_now}"]


def changes_since(plan: Plan, since: datetime.datetime) -> list[dict]:
    """Each objective and action added, removed or changed since `since`, in the plan's
    order, with the changes in words (an action's entry has "item": "action" and the number
    "1.1 a)"). Seven queries, however many objectives, actions and changes."""
    before = states_at(Objective.history.filter(plan_id=plan.pk), since)
    now = {o.pk: o for o in Objective.objects.filter(plan=plan).prefetch_related(owners_prefetch())}
    kept = set(before) & set(now)
    actions_before = states_at(Action.history.filter(objective_id__in=kept), since)
    actions_before = {pk: a for pk, a in actions_before.items() if a.objective_id in kept}
    actions_now = {
        a.pk: a
        for a in Action.objects.filter(objective_id__in=kept).prefetch_related(owners_prefetch())
    }
    owners_then = owners_at(
        objective_ids=list(before), action_ids=list(actions_before), cutoff=since
    )
    group_ids = {o.reporting_group_id for o in [*before.values(), *now.values()]} - {None}
    groups = {g.pk: g.name for g in Group.objects.filter(pk__in=group_ids)}
    found = []
    for pk, objective in now.items():
        old = before.get(pk)
        place = (number_sort_key(objective.number), objective.number, 0)
        if old is None:
            found.append((place, {"number": objective.number, "what": ADDED, "details": []}))
            continue
        details = _details(Objective, VERSION_FIELDS, old, objective, groups)
        details += _owners_detail(owners_then, ("objective", pk), objective)
        if details:
            found.append((place, {"number": objective.number, "what": CHANGED, "details": details}))
    for pk, old in before.items():
        if pk not in now:
            place = (number_sort_key(old.number), old.number, 0)
            found.append((place, {"number": old.number, "what": REMOVED, "details": []}))
    for pk, action in actions_now.items():
        parent = now[action.objective_id]
        number = f"{parent.number} {action.label}"
        place = (number_sort_key(parent.number), parent.number, 1 + action.position)
        old = actions_before.get(pk)
        if old is None:
            what, details = ADDED, []
        else:
            details = _details(Action, ACTION_FIELDS, old, action, groups)
            details += _owners_detail(owners_then, ("action", pk), action)
            what = CHANGED
            if not details:
                continue
        found.append(
            (place, {"number": number, "what": what, "details": details, "item": "action"})
        )
    for pk, old in actions_before.items():
        if pk not in actions_now:
            parent = now[old.objective_id]
            number = f"{parent.number} {old.label}"
            place = (number_sort_key(parent.number), parent.number, 1 + old.position)
            found.append(
                (place, {"number": number, "what": REMOVED, "details": [], "item": "action"})
            )
    return [change for _, change in sorted(found, key=lambda pair: pair[0])]
