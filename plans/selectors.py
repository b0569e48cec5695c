"""Reads of plans that pages and reports share, each with a fixed number of queries."""

from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kscp.core.models import User
from kscp.core.timeline import TimelineEntry, TrackedHistory, merged
from plans import access
from plans.filters import ObjectiveFilter
from plans.models import Action, Objective, Plan


def plans_for_user(user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(partnership_id=user.partnership_id).annotate(
        objective_count=Count("objectives")
    )


def objective_list(*, plan: Plan, data) -> ObjectiveFilter:
    """The plan's objectives as the filters select them, with owners prefetched."""
    queryset = (
        Objective.objects.filter(plan=plan)
        .select_related("plan", "priority", "reporting_group")
        .prefetch_related("owner_groups", "owner_people")
        .order_by("sort_key")
    )
    return ObjectiveFilter(data or None, queryset=queryset, plan=plan)


OBJECTIVE_EXPORT_HEADER = [
    "Plan",
    "Priority",
    "Objective number",
    "Objective",
    "Date for completion",
    "Who responsible",
    "Reports to",
    "Outcome measure",
    "What difference will it make for children and young people",
    "References",
    "RAG status",
    "Progress",
    "Evidence",
    "Last updated",
]


def owners_text(objective: Objective) -> str:
    names = [g.name for g in objective.owner_groups.all()]
    names += [str(p) for p in objective.owner_people.all()]
    if objective.owner_text:
        names.append(objective.owner_text)
    return "; ".join(names)


def objective_export_rows(objectives):
    """One row per objective, in the order given, for CSV and XLSX downloads."""
    for objective in objectives:
        yield [
            objective.plan.title,
            objective.priority.number,
            objective.number,
            objective.action,
            objective.due_display,
            owners_text(objective),
            str(objective.reporting_group or ""),
            objective.outcome_measure,
            objective.difference,
            objective.references,
            objective.get_rag_display(),
            objective.progress,
            objective.evidence,
            timezone.localtime(objective.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]


def rag_counts_by_priority(plan: Plan, *, group=None) -> dict[int, Counter]:
    """Objectives of the plan (of those `group` owns, if given) by priority and RAG."""
    objectives = Objective.objects.filter(plan=plan)
    if group is not None:
        objectives = objectives.filter(owner_groups=group)
    counts: dict[int, Counter] = {}
    rows = objectives.values("priority_id", "rag").annotate(n=Count("id", distinct=True)).order_by()
    for row in rows:
        counts.setdefault(row["priority_id"], Counter())[row["rag"]] = row["n"]
    return counts


def objective_timeline(objective: Objective) -> list[TimelineEntry]:
    """The objective's and its actions' changes of RAG, progress and evidence, newest first.
    Two queries, however long the history."""
    action_records = Action.history.filter(objective_id=objective.pk)
    return merged(
        TrackedHistory(
            records=objective.history.select_related("history_user"),
            subject_of=lambda record: f"Objective {objective.number}",
        ),
        TrackedHistory(
            records=action_records.select_related("history_user"),
            subject_of=lambda record: f"Action {record.label}",
        ),
    )


def owned_items(user: User) -> list:
    """The objectives and actions of live plans that the person or their groups own, each
    knowing whether the person may update it (`can_update`). Two queries and two prefetches,
    however many there are."""
    if user.partnership_id is None:
        return []
    live = Q(plan__partnership_id=user.partnership_id, plan__status=Plan.Status.LIVE)
    objectives = (
        Objective.objects.filter(live & access.owned_objectives_q(user))
        .select_related("plan")
        .prefetch_related("owner_groups", "owner_people")
        .distinct()
    )
    actions = (
        Action.objects.filter(
            access.led_actions_q(user),
            objective__plan__partnership_id=user.partnership_id,
            objective__plan__status=Plan.Status.LIVE,
        )
        .select_related("objective", "objective__plan")
        .prefetch_related("objective__owner_groups", "objective__owner_people")
    )
    items = [*objectives, *actions]
    for item in items:
        item.can_update = (
            access.can_update_objective(user, item)
            if isinstance(item, Objective)
            else access.can_update_action(user, item)
        )
    return items
