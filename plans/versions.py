"""What changed in a live plan since its last version, read from history: the objectives
added, removed, and those whose fields or owners changed, in the plan's order. A new version
(plans.services.plan_version_publish) keeps this list as it stood when it was published."""

import datetime

from kscp.core.history import states_at
from kscp.core.models import Group
from kscp.core.timeline import shown
from plans.models import Objective, Plan, number_sort_key, owners_prefetch, version_number
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
WORDS_ONLY = ("action", "outcome_measure", "difference", "progress", "evidence")
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


def _value(name: str, value, groups: dict) -> str:
    if name == "reporting_group":
        return groups.get(value, "a removed group") if value else "not set"
    return shown(Objective, name, value)


def changes_since(plan: Plan, since: datetime.datetime) -> list[dict]:
    """Each objective added, removed or changed since `since`, in the plan's order, with
    the changes in words. Five queries, however many objectives and changes."""
    before = states_at(Objective.history.filter(plan_id=plan.pk), since)
    now = {o.pk: o for o in Objective.objects.filter(plan=plan).prefetch_related(owners_prefetch())}
    owners_then = owners_at(objective_ids=list(before), action_ids=[], cutoff=since)
    group_ids = {o.reporting_group_id for o in [*before.values(), *now.values()]} - {None}
    groups = {g.pk: g.name for g in Group.objects.filter(pk__in=group_ids)}
    found = []
    for pk, objective in now.items():
        old = before.get(pk)
        if old is None:
            found.append({"number": objective.number, "what": ADDED, "details": []})
            continue
        details = []
        for name, label in VERSION_FIELDS.items():
            attname = Objective._meta.get_field(name).attname
            then, current = getattr(old, attname), getattr(objective, attname)
            if then == current:
                continue
            if name in WORDS_ONLY:
                details.append(f"{label} changed")
            else:
                details.append(
                    f"{label}: {_value(name, then, groups)} → {_value(name, current, groups)}"
                )
        owners_before = owners_then.get(("objective", pk), "") or NO_OWNERS
        owners_now = objective.owners_text or NO_OWNERS
        if owners_before != owners_now:
            details.append(f"Owners: {owners_before} → {owners_now}")
        if details:
            found.append({"number": objective.number, "what": CHANGED, "details": details})
    for pk, old in before.items():
        if pk not in now:
            found.append({"number": old.number, "what": REMOVED, "details": []})
    return sorted(found, key=lambda change: number_sort_key(change["number"]))
