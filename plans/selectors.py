"""Reads of plans that pages and reports share, each with a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from kscp.core.history import end_of_day
from kscp.core.models import Group, Membership, User
from kscp.core.timeline import TimelineEntry, TrackedHistory, merged
from plans import access
from plans.filters import ObjectiveFilter
from plans.models import Action, Objective, Owner, Plan, owners_prefetch
from plans.owner_history import OwnerHistory


def plans_for_user(user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(partnership_id=user.partnership_id).annotate(
        objective_count=Count("objectives")
    )


class OwnerValues(NamedTuple):
    """An owner of an objective read as values, for the lists that count or name the owners
    of many objectives (the dashboard's plan panels, an update round's tallies): model rows
    of every owner cost more than the rest of such a list."""

    role: str
    text: str
    group_id: int | None
    group_name: str | None
    group_partnership_id: int | None
    person_partnership_id: int | None
    first_name: str | None
    last_name: str | None
    username: str | None

    @property
    def name(self) -> str:
        """How Owner names it: its group, its person (User.named) or its words."""
        if self.group_id:
            return self.group_name
        if self.username:
            return User.named(self.first_name, self.last_name, self.username)
        return self.text


OWNER_VALUES = (
    "role",
    "text",
    "group_id",
    "group__name",
    "group__partnership_id",
    "person__partnership_id",
    "person__first_name",
    "person__last_name",
    "person__username",
)


def objective_owners(objectives_by_plan: dict) -> dict[int, list[OwnerValues]]:
    """The owners of each objective of `objectives_by_plan` ({plan id: its objectives' ids};
    every objective, with none if it has none), in the plan's order, as values: one query,
    none for no objective. What a plan's hold changes only with an owner's change, a name
    of a group or person (each writes a history row) or the plan's objectives, so a
    caller may keep them for each plan under those models' latest history and its
    objectives' ids."""
    found = {pk: [] for ids in objectives_by_plan.values() for pk in ids}
    if not found:
        return found
    for objective_id, *values in (
        Owner.objects.filter(objective_id__in=list(found))
        .order_by("objective_id", "position")
        .values_list("objective_id", *OWNER_VALUES)
    ):
        found[objective_id].append(OwnerValues(*values))
    return found


def objective_list(*, plan: Plan, data) -> ObjectiveFilter:
    """The plan's objectives as the filters select them, with owners prefetched."""
    queryset = (
        Objective.objects.filter(plan=plan)
        .select_related("plan", "priority", "reporting_group")
        .prefetch_related(owners_prefetch())
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


def objective_export_rows(objectives):
    """One row per objective, in the order given, for CSV and XLSX downloads."""
    for objective in objectives:
        yield [
            objective.plan.title,
            objective.priority.number,
            objective.number,
            objective.action,
            objective.due_display,
            objective.owners_text,
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
        objectives = objectives.filter(owners__group=group)
    counts: dict[int, Counter] = {}
    rows = objectives.values("priority_id", "rag").annotate(n=Count("id", distinct=True)).order_by()
    for row in rows:
        counts.setdefault(row["priority_id"], Counter())[row["rag"]] = row["n"]
    return counts


def objective_timeline(objective: Objective) -> list[TimelineEntry]:
    """The objective's and its actions' changes of RAG, progress and evidence, and of their
    owners, newest first. Three queries, however long the history."""
    action_records = list(
        Action.history.filter(objective_id=objective.pk).select_related("history_user")
    )
    labels = {record.id: record.label for record in action_records}
    owner_records = Owner.history.filter(
        Q(objective_id=objective.pk) | Q(action_id__in=list(labels))
    ).select_related("history_user", "group", "person")

    def owner_subject(record):
        if record.objective_id:
            return f"Objective {objective.number}"
        return f"Action {labels.get(record.action_id, '')}".strip()

    return merged(
        TrackedHistory(
            records=objective.history.select_related("history_user"),
            subject_of=lambda record: f"Objective {objective.number}",
        ),
        TrackedHistory(
            records=action_records,
            subject_of=lambda record: f"Action {record.label}",
        ),
        OwnerHistory(records=owner_records, subject_of=owner_subject),
    )


def owned_items(user: User) -> list:
    """The objectives and actions of live plans that the person or their groups own, each
    knowing whether the person may update it (`can_update`). Two queries and two prefetches,
    however many there are."""
    if user.partnership_id is None:
        return []
    live = Q(plan__partnership_id=user.partnership_id, plan__status=Plan.Status.LIVE)
    objectives = (
        Objective.objects.filter(live & access.owned_items_q(user))
        .select_related("plan")
        .prefetch_related(owners_prefetch())
        .distinct()
    )
    actions = (
        Action.objects.filter(
            access.owned_items_q(user),
            objective__plan__partnership_id=user.partnership_id,
            objective__plan__status=Plan.Status.LIVE,
        )
        .select_related("objective", "objective__plan")
        .prefetch_related(owners_prefetch(), owners_prefetch("objective__owners"))
        .distinct()
    )
    items = [*objectives, *actions]
    for item in items:
        item.can_update = (
            access.can_update_objective(user, item)
            if isinstance(item, Objective)
            else access.can_update_action(user, item)
        )
    return items


@dataclass
class Updater:
    """Who will update which items of a plan once it is live: a group (and the people who
    update for it) or a person, with the numbers of the objectives and actions they own."""

    name: str
    people: list[str]
    items: list[str] = field(default_factory=list)


@dataclass
class PublishSummary:
    updaters: list[Updater]
    unowned: list[str]  # items only the business unit will update (owners only in words)


def _person_name(person: User) -> str:
    return person.get_full_name() or person.username


def publish_summary(plan: Plan) -> PublishSummary:
    """Who will be able to update what once the draft is published, in a fixed number of
    queries: groups with their chair, vice-chair and leads, people, and the items whose
    owners are only words."""
    objectives = list(
        Objective.objects.filter(plan=plan).prefetch_related(owners_prefetch()).order_by("sort_key")
    )
    actions = list(
        Action.objects.filter(objective__plan=plan)
        .select_related("objective")
        .prefetch_related(owners_prefetch())
        .order_by("objective__sort_key", "position")
    )
    groups: dict[int, Updater] = {}
    people: dict[int, Updater] = {}
    unowned = []

    def group_updater(group):
        return groups.setdefault(group.pk, Updater(group.name, []))

    def person_updater(person):
        return people.setdefault(person.pk, Updater(_person_name(person), []))

    def add(item, label) -> bool:
        """Whether a group or person owns the item."""
        named = False
        for owner in item.owners.all():
            if owner.group_id:
                group_updater(owner.group).items.append(label)
            elif owner.person_id:
                person_updater(owner.person).items.append(label)
            named = named or bool(owner.group_id or owner.person_id)
        return named

    for objective in objectives:
        label = f"objective {objective.number}"
        if not add(objective, label):
            unowned.append(label)
    for action in actions:
        add(action, f"action {action.label} of {action.objective.number}")
    editors = Group.objects.filter(pk__in=groups).select_related("chair", "vice_chair")
    leads = Membership.objects.filter(group__in=groups, role=Membership.Role.LEAD).select_related(
        "person"
    )
    for group in editors:
        names = [_person_name(p) for p in (group.chair, group.vice_chair) if p]
        groups[group.pk].people.extend(names)
    for membership in leads:
        name = _person_name(membership.person)
        if name not in groups[membership.group_id].people:
            groups[membership.group_id].people.append(name)
    updaters = sorted(groups.values(), key=lambda u: u.name) + sorted(
        people.values(), key=lambda u: u.name
    )
    return PublishSummary(updaters, unowned)


def next_objective_number(priority) -> str:
    """The number a new objective of the priority proposes: after its last ("1.3" → "1.4"),
    or the priority's first ("2.1")."""
    numbers = list(priority.objectives.values_list("number", flat=True))
    following = [
        int(rest)
        for head, _, rest in (n.partition(".") for n in numbers)
        if head == str(priority.number) and rest.isdigit()
    ]
    return f"{priority.number}.{max(following, default=0) + 1}"


def plan_started_by(partnership_id: int, day: datetime.date) -> Plan | None:
    """The partnership's plan that started latest on or before `day`: the plan a period
    ending that day reports on."""
    return (
        Plan.objects.filter(partnership_id=partnership_id, starts_on__lte=day)
        .order_by("-starts_on")
        .first()
    )


def plan_after(partnership_id: int, day: datetime.date) -> Plan | None:
    """The plan in force the day after `day` (the latest to start, if several), else the first
    to start after it."""
    next_day = day + datetime.timedelta(days=1)
    plans = Plan.objects.filter(partnership_id=partnership_id)
    return (
        plans.filter(starts_on__lte=next_day, ends_on__gte=next_day).order_by("-starts_on").first()
        or plans.filter(starts_on__gt=next_day).order_by("starts_on").first()
    )


def objectives_last_changed(plan: Plan, until: datetime.date) -> dict[int, datetime.datetime]:
    """When each objective of the plan last changed, by the end of `until`, from its history:
    one query."""
    return dict(
        Objective.history.filter(plan_id=plan.pk, history_date__lte=end_of_day(until))
        .values("id")
        .annotate(last=Max("history_date"))
        .values_list("id", "last")
    )


def priorities_with_objective_counts(plan: Plan) -> list:
    """The plan's priorities in order, each with `objective_count`: one query."""
    return list(plan.priorities.annotate(objective_count=Count("objectives")).order_by("number"))
