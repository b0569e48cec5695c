"""Who is in an update round and who has updated, read with a fixed number of queries however
many items and owners the round has.

An item is in the round when it belongs to one of the round's plans (objectives and their
actions) or, if the round includes them, is a review action of the partnership; and it
existed by the deadline; and it is not complete, unless its owner completed it in the round
(an item completed during the round is in it, and counts as updated; one complete before the
round opened, or marked complete by someone else, asks nothing of its owner). It is
**updated in the round**
when its owner saved an update, or confirmed no change, between the opening day and the end
of the deadline day (kscp.core.tracking.owner_updates_between)."""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Agency, Group, Membership, User
from kscp.core.statistics import whole_percent
from kscp.core.tracking import RAG, TrackedItem, owner_updated_between, owner_updates_between
from kscp.rounds.models import UpdateRound
from plans import models as plan_models
from plans.models import Action, Objective
from plans.selectors import objective_owners
from reviews.models import ReviewAction


@dataclass(eq=False)
class Owner:
    """Whoever is asked for an item's update: a person, a group (its chair, vice-chair and
    leads are asked), or an agency (its people are asked)."""

    key: str  # "person-5", "group-3", "agency-2"
    kind: str
    name: str
    contacts: list[User] = field(default_factory=list)
    items: list["RoundItem"] = field(default_factory=list)
    chair_id: int | None = None  # a group's chair, to whom an overdue update is escalated

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.updated)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def outstanding(self) -> list["RoundItem"]:
        return [item for item in self.items if not item.updated]


@dataclass(eq=False)
class RoundItem:
    item: TrackedItem
    kind: str  # "Objective", "Action", "Review action"
    number: str
    text: str
    plan_title: str
    priority: str
    updated: bool
    update_url_name: str  # of the item's update page, which takes its pk
    owners: list[Owner] = field(default_factory=list)
    chairs: set[int] = field(default_factory=set)  # escalated to after the deadline
    plan_id: int | None = None  # None for a review action

    @property
    def update_path(self) -> str:
        return reverse(self.update_url_name, args=[self.item.pk])

    @property
    def rag(self) -> str:
        return self.item.rag

    @property
    def rag_display(self) -> str:
        return self.item.get_rag_display()

    @property
    def due_display(self) -> str:
        return self.item.due_display

    @property
    def groups(self) -> list[str]:
        return [owner.name for owner in self.owners if owner.kind == "Group"]


@dataclass(frozen=True)
class Figure:
    label: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return whole_percent(self.done, self.total)


@dataclass
class RoundState:
    round: UpdateRound
    items: list[RoundItem]
    owners: list[Owner]
    business_unit: list[User]
    by_plan: list[Figure]
    by_priority: list[Figure]
    by_group: list[Figure]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.updated)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return Figure("", self.done, self.total).percent

    def contacts_of(self, person: User) -> list[RoundItem]:
        """The items the person is asked to update, outstanding first."""
        mine = [
            item
            for item in self.items
            if any(person.pk in {c.pk for c in owner.contacts} for owner in item.owners)
        ]
        return sorted(mine, key=lambda item: item.updated)

    def frozen_figures(self) -> dict:
        """The figures a closed round stores: rows of [label, done, total] by plan, priority
        and group, and [plan id, done, total] by plan, for the dashboard to find its plan's
        whatever the plan is called later."""

        def rows(figures):
            return [[f.label, f.done, f.total] for f in figures]

        return {
            "by_plan": rows(self.by_plan),
            "by_priority": rows(self.by_priority),
            "by_group": rows(self.by_group),
            "by_plan_id": rows(_figures(self.items, lambda item: [item.plan_id])),
        }


def round_state(update_round: UpdateRound) -> RoundState:
    """Every item of the round with its owners and whether it was updated in the round."""
    start, end = update_round.window()
    partnership_id = update_round.partnership_id
    plans = {plan.pk: plan for plan in update_round.plans.all()}
    plan_ids = list(plans)
    contacts = _contacts(partnership_id)
    # The items' plans, priorities and reporting groups are read once and shared: joined
    # into every objective and action they would cost more than the rest of the round.
    priorities = {p.pk: p for p in plan_models.Priority.objects.filter(plan_id__in=plan_ids)}
    in_plans = Objective.objects.filter(plan_id__in=plan_ids)
    objectives = list(in_plans.filter(created_at__lte=end).order_by("plan__starts_on", "sort_key"))
    by_pk = {}
    for objective in objectives:
        objective.plan = plans[objective.plan_id]
        objective.priority = priorities[objective.priority_id]
        objective.reporting_group = contacts.groups.get(objective.reporting_group_id)
        by_pk[objective.pk] = objective
    in_plans_actions = Action.objects.filter(objective__plan_id__in=plan_ids)
    actions = list(
        in_plans_actions.filter(created_at__lte=end).order_by(
            "objective__plan__starts_on", "objective__sort_key", "position"
        )
    )
    for action in actions:
        if action.objective_id in by_pk:
            action.objective = by_pk[action.objective_id]
    item_owners = _owner_ids(plan_ids)
    review_actions = []
    in_partnership = ReviewAction.objects.filter(
        learning_point__review__partnership_id=partnership_id
    )
    if update_round.include_review_actions:
        review_actions = list(in_partnership.filter(created_at__lte=end).order_by("pk"))
    updated = {
        Objective: owner_updates_between(Objective, start, end, ids=in_plans.values("id")),
        Action: owner_updates_between(Action, start, end, ids=in_plans_actions.values("id")),
        ReviewAction: owner_updates_between(
            ReviewAction, start, end, ids=in_partnership.values("id")
        )
        if review_actions
        else set(),
    }

    def counts(item: TrackedItem) -> bool:
        """Updated in the round, or not complete."""
        return item.pk in updated[type(item)] or item.rag != RAG.COMPLETE

    owners: dict[str, Owner] = {}

    def owner(key: str, kind: str, name: str, people: list[User], chair_id=None) -> Owner:
        if key not in owners:
            active = [p for p in people if p.is_active]
            owners[key] = Owner(key, kind, name, active, chair_id=chair_id)
        return owners[key]

    def person_owner(person: User) -> Owner:
        return owner(f"person-{person.pk}", "Person", str(person), [person])

    def group_owner(group_id: int) -> Owner:
        group = contacts.groups[group_id]
        people = contacts.group_people[group_id]
        return owner(f"group-{group_id}", "Group", group.name, people, group.chair_id)

    def named_owners(item) -> list[Owner]:
        """The groups and people owning the item, leads and those in support, in the
        plan's order."""
        found = []
        for person_id, group_id in item_owners[type(item), item.pk]:
            if person_id in contacts.people:
                found.append(person_owner(contacts.people[person_id]))
            elif group_id in contacts.groups:
                found.append(group_owner(group_id))
        return found

    items: list[RoundItem] = []
    objective_owners: dict[int, list[Owner]] = {}
    for objective in objectives:
        found = named_owners(objective)
        objective_owners[objective.pk] = found
        if not counts(objective):
            continue
        chairs = {o.chair_id for o in found if o.chair_id}
        if not chairs and objective.reporting_group and objective.reporting_group.chair_id:
            chairs = {objective.reporting_group.chair_id}
        items.append(
            RoundItem(
                objective,
                "Objective",
                objective.number,
                objective.action,
                objective.plan.title,
                f"Priority {objective.priority.number}: {objective.priority.title}",
                objective.pk in updated[Objective],
                "plans:objective_update",
                found,
                chairs,
                plan_id=objective.plan_id,
            )
        )
    for action in actions:
        if not counts(action):
            continue
        found = named_owners(action)
        if not found:
            found = objective_owners.get(action.objective_id, [])
        chairs = {o.chair_id for o in found if o.chair_id}
        objective = action.objective
        items.append(
            RoundItem(
                action,
                "Action",
                f"{objective.number} {action.label}",
                action.description,
                objective.plan.title,
                f"Priority {objective.priority.number}: {objective.priority.title}",
                action.pk in updated[Action],
                "plans:action_update",
                found,
                chairs,
                plan_id=objective.plan_id,
            )
        )
    for review_action in review_actions:
        if not counts(review_action):
            continue
        found = []
        if review_action.owner_agency_id in contacts.agencies:
            name, people = contacts.agencies[review_action.owner_agency_id]
            found.append(owner(f"agency-{review_action.owner_agency_id}", "Agency", name, people))
        if review_action.owner_group_id:
            found.append(group_owner(review_action.owner_group_id))
        chairs = {o.chair_id for o in found if o.chair_id}
        chairs |= {person.pk for person in contacts.business_unit}
        items.append(
            RoundItem(
                review_action,
                "Review action",
                str(review_action.pk),
                review_action.description,
                "Review actions",
                "Review actions",
                review_action.pk in updated[ReviewAction],
                "reviews:action_update",
                found,
                chairs,
            )
        )
    for item in items:
        for found_owner in item.owners:
            found_owner.items.append(item)
    in_round = [o for o in owners.values() if o.items]
    in_round.sort(key=lambda o: (o.done == o.total, o.kind, o.name))
    return RoundState(
        round=update_round,
        items=items,
        owners=in_round,
        business_unit=contacts.business_unit,
        by_plan=_figures(items, lambda item: [item.plan_title]),
        by_priority=_figures(items, lambda item: [item.priority]),
        by_group=_figures(items, lambda item: item.groups or ["No group"]),
    )


def _owner_rows(plan_ids, *columns, actions_of=None):
    """`columns` of each owner of the plans' objectives and of the actions of `actions_of`
    (plans; None: the same plans), after the objective's and the action's ids, in the
    plan's order: one query, reading values only (a prefetch of every item's owners costs
    more than the rest of the round). The objectives' owners and the actions' are read as
    a union, each by its own index (an OR of the two makes PostgreSQL read every owner of
    every partnership)."""
    columns = ("objective_id", "action_id", *columns, "position", "pk")
    rows = (
        plan_models.Owner.objects.filter(
            objective_id__in=Objective.objects.filter(plan_id__in=plan_ids).values("pk")
        )
        .order_by()
        .values_list(*columns)
    )
    actions_of = plan_ids if actions_of is None else actions_of
    if actions_of:
        actions = plan_models.Owner.objects.filter(
            action_id__in=Action.objects.filter(objective__plan_id__in=actions_of).values("pk")
        )
        rows = rows.union(actions.order_by().values_list(*columns), all=True)
    for objective_id, action_id, *values in rows.order_by("position", "pk"):
        key = (Objective, objective_id) if objective_id else (Action, action_id)
        yield key, values[:-2]


def _owner_ids(plan_ids) -> dict[tuple[type, int], list[tuple[int | None, int | None]]]:
    """The (person, group) of each owner of the plans' objectives and actions, in the plan's
    order, keyed by (Objective or Action, pk) (_owner_rows)."""
    found = defaultdict(list)
    for key, (person_id, group_id) in _owner_rows(plan_ids, "person_id", "group_id"):
        found[key].append((person_id, group_id))
    return found


def _owner_groups(plan_ids, partnership_id, *, actions_of=None) -> tuple[dict, dict[int, str]]:
    """The groups owning each of the plans' objectives and of the actions of `actions_of`
    (None: the same plans) in order (None for a person), keyed by (Objective or Action,
    pk), of the owners of the partnership only; and the names of those groups
    (_owner_rows)."""
    found, names = defaultdict(list), {}
    for key, values in _owner_rows(
        plan_ids,
        "person__partnership_id",
        "group_id",
        "group__partnership_id",
        "group__name",
        actions_of=actions_of,
    ):
        _owned(found[key], names, partnership_id, *values)
    return found, names


def _owned(owned: list, names: dict, partnership_id, person_in, group_id, group_in, name) -> None:
    """Add an owner of an item to `owned`, the item's owners of the partnership: None for a
    person, the group's id for a group (its name into `names`); nothing for any other."""
    if person_in == partnership_id:
        owned.append(None)
    elif group_in == partnership_id:
        owned.append(group_id)
        names[group_id] = name


def _figures(items: list[RoundItem], labels_of) -> list[Figure]:
    done, total = defaultdict(int), defaultdict(int)
    for item in items:
        for label in labels_of(item):
            total[label] += 1
            done[label] += item.updated
    return [Figure(label, done[label], total[label]) for label in total]


@dataclass
class _Contacts:
    groups: dict[int, Group]
    group_people: dict[int, list[User]]
    people: dict[int, User]
    agencies: dict[int, tuple[str, list[User]]]
    business_unit: list[User]


def _contacts(partnership_id: int) -> _Contacts:
    """Everyone of the partnership who may be asked, in four queries (people, groups, their
    leads, agencies): each group's chair, vice-chair and leads; each agency's leads and
    members; the business unit."""
    people = {person.pk: person for person in User.objects.filter(partnership_id=partnership_id)}
    groups = {
        group.pk: group
        for group in Group.objects.filter(partnership_id=partnership_id).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Membership.Role.LEAD),
                to_attr="lead_memberships",
            )
        )
    }
    group_people = {}
    for pk, group in groups.items():
        ids = [group.chair_id, group.vice_chair_id, *(m.person_id for m in group.lead_memberships)]
        seen = []
        for person_id in ids:
            if person_id in people and people[person_id] not in seen:
                seen.append(people[person_id])
        group_people[pk] = seen
    agencies: dict[int, tuple[str, list[User]]] = {
        agency.pk: (agency.name, [])
        for agency in Agency.objects.filter(partnership_id=partnership_id)
    }
    for person in people.values():
        if person.agency_id in agencies and person.role == User.Role.MEMBER:
            agencies[person.agency_id][1].append(person)
    business_unit = [
        p for p in people.values() if p.role == User.Role.BUSINESS_UNIT and p.is_active
    ]
    return _Contacts(groups, group_people, people, agencies, business_unit)


# Of the rounds open at once, the one the dashboard and the board pack show: opened last.
OPENED_LAST = ("-opens_on", "name")


def open_rounds(partnership_id: int, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return UpdateRound.objects.filter(
        partnership_id=partnership_id, closed_at__isnull=True, opens_on__lte=today
    ).prefetch_related("plans")


@dataclass
class RoundProgress:
    """An open round's completion as the executive dashboard shows it: of the items of the
    plans chosen (every plan of the round, and its review actions, if none is) and of the
    group chosen, how many are updated, by plan and by group."""

    round: UpdateRound
    done: int
    total: int
    by_plan: list[Figure]
    by_group: list[Figure]

    @property
    def percent(self) -> int:
        return whole_percent(self.done, self.total)

    @classmethod
    def of(cls, update_round: UpdateRound, tallies: list["Tally"]) -> "RoundProgress":
        """The round's figures, the tallies of its plans (and review actions) added up."""
        by_plan = _added(tallies, "by_plan")
        return cls(
            round=update_round,
            done=sum(figure.done for figure in by_plan),
            total=sum(figure.total for figure in by_plan),
            by_plan=by_plan,
            by_group=_added(tallies, "by_group"),
        )


@dataclass
class Tally:
    """Part of an open round's figures: of one plan's items, or of the round's review
    actions. Each label's (where its first item stands in the round's order, done,
    total): tallies of several plans add up to the round's figures in the round's order
    (RoundProgress.of)."""

    by_plan: dict[str, tuple] = field(default_factory=dict)
    by_group: dict[str, tuple] = field(default_factory=dict)
    # Of a plan's objectives: what the tally of their actions reads of them besides their
    # owners, the id and sort key of each, as a digest (round_tallies).
    order: str = ""

    def add(self, place: tuple, title: str, labels: list[str], updated: bool) -> None:
        for figures, label_list in ((self.by_plan, [title]), (self.by_group, labels)):
            for label in label_list:
                _count(figures, label, (place, updated, 1))


def _count(figures: dict, label: str, figure: tuple) -> None:
    """Add (place, done, total) to the label's figure: the earlier place, the sums."""
    place, done, total = figure
    was_place, was_done, was_total = figures.get(label, (place, 0, 0))
    figures[label] = (min(was_place, place), was_done + done, was_total + total)


def _added(tallies: list[Tally], kind: str) -> list[Figure]:
    found = {}
    for tally in tallies:
        for label, figure in getattr(tally, kind).items():
            _count(found, label, figure)
    ranked = sorted(found.items(), key=lambda item: item[1][0])
    return [Figure(label, done, total) for label, (_, done, total) in ranked]


REVIEW_ACTIONS = "review actions"  # round_tallies' part: the round's review actions
OBJECTIVES, ACTIONS = "objectives", "actions"  # round_tallies' parts of a plan: (pk, part)


def plan_parts(plan_ids) -> list[tuple[int, str]]:
    """round_tallies' parts of the plans: their objectives, and their objectives' actions."""
    return [(pk, part) for pk in plan_ids for part in (OBJECTIVES, ACTIONS)]


def _objective_rows(plan_ids, start, end):
    """Every objective of the plans in the round's order, with when it was made and whether
    its owner updated it from `start` to `end`: one query (none for no plan)."""
    if not plan_ids:
        return []
    return (
        Objective.objects.filter(plan_id__in=plan_ids)
        .annotate(updated=owner_updated_between(Objective, start, end))
        .order_by("plan__starts_on", "sort_key", "pk")
        .values_list("pk", "plan_id", "sort_key", "created_at", "rag", "updated")
    )


def _action_rows(plan_ids, start, end):
    """The actions of the plans' objectives made by `end`, in the round's order, with
    whether its owner updated each from `start` to `end`: one query (none for no plan)."""
    if not plan_ids:
        return []
    return (
        Action.objects.filter(objective__plan_id__in=plan_ids, created_at__lte=end)
        .annotate(updated=owner_updated_between(Action, start, end))
        .order_by("objective__plan__starts_on", "objective__sort_key", "position")
        .values_list(
            "pk",
            "objective_id",
            "objective__plan_id",
            "objective__sort_key",
            "position",
            "rag",
            "updated",
        )
    )


def round_tallies(
    update_round: UpdateRound, parts, *, group_id=None, owners_of=objective_owners
) -> dict:
    """The Tally of each of `parts` of the round that `group_id` owns (None: any): a
    plan's objectives, (plan id, OBJECTIVES), with their order; its objectives' actions,
    (plan id, ACTIONS), which read of its objectives only that order and their owners (so
    a tally of them stands while neither changes); the round's review actions,
    REVIEW_ACTIONS; as round_state counts them, read as ids and values only, each item
    with whether its owner updated it in the round: a query for the owners and one for
    each kind of part, however many items, owners, plans or groups. The owners of
    objectives alone (no actions asked for, as after a lead's update of an objective) are
    those `owners_of` gives (objective_owners, or the same kept)."""
    start, end = update_round.window()
    partnership_id = update_round.partnership_id
    plans = {plan.pk: plan for plan in update_round.plans.all()}
    parts = [part for part in parts if part == REVIEW_ACTIONS or part[0] in plans]
    objectives_of = [pk for pk, part in plans.items() if (pk, OBJECTIVES) in parts]
    actions_of = [pk for pk in plans if (pk, ACTIONS) in parts]
    tallies = {part: Tally() for part in parts}
    owners, groups = defaultdict(list), {}
    objective_rows = list(_objective_rows(objectives_of, start, end))
    if actions_of:
        owners, groups = _owner_groups(
            sorted({*objectives_of, *actions_of}), partnership_id, actions_of=actions_of
        )
    elif objective_rows:  # the objectives' owners alone, as `owners_of` gives them
        by_plan = defaultdict(list)
        for row in objective_rows:
            by_plan[row[1]].append(row[0])
        for pk, found in owners_of(by_plan).items():
            for owner in found:
                _owned(
                    owners[Objective, pk],
                    groups,
                    partnership_id,
                    owner.person_partnership_id,
                    owner.group_id,
                    owner.group_partnership_id,
                    owner.group_name,
                )

    def add(key, place, title, owners, updated):
        if group_id is None or group_id in owners:
            labels = [groups[pk] for pk in owners if pk is not None] or ["No group"]
            tallies[key].add(place, title, labels, updated)

    order = defaultdict(list)
    for pk, plan_id, sort_key, created_at, rag, updated in objective_rows:
        order[plan_id].append((pk, sort_key))
        if created_at <= end and (updated or rag != RAG.COMPLETE):
            plan = plans[plan_id]
            add(
                (plan_id, OBJECTIVES),
                (0, plan.starts_on, sort_key, 0),
                plan.title,
                owners[Objective, pk],
                updated,
            )
    for pk in objectives_of:
        digest = hashlib.sha256(repr(order[pk]).encode()).hexdigest()
        tallies[pk, OBJECTIVES].order = digest
    for pk, objective_id, plan_id, sort_key, position, rag, updated in _action_rows(
        actions_of, start, end
    ):
        if updated or rag != RAG.COMPLETE:
            plan = plans[plan_id]
            owned = owners[Action, pk] or owners[Objective, objective_id]
            add(
                (plan_id, ACTIONS),
                (1, plan.starts_on, sort_key, position),
                plan.title,
                owned,
                updated,
            )
    if REVIEW_ACTIONS in parts:
        for pk, rag, owner_group_id, group_in, name, updated in (
            ReviewAction.objects.filter(
                learning_point__review__partnership_id=partnership_id, created_at__lte=end
            )
            .annotate(updated=owner_updated_between(ReviewAction, start, end))
            .order_by("pk")
            .values_list(
                "pk",
                "rag",
                "owner_group_id",
                "owner_group__partnership_id",
                "owner_group__name",
                "updated",
            )
        ):
            if updated or rag != RAG.COMPLETE:
                owned = []
                if group_in == partnership_id:
                    groups[owner_group_id] = name
                    owned = [owner_group_id]
                add(REVIEW_ACTIONS, (2, pk), "Review actions", owned, updated)
    return tallies


def round_progress(update_round: UpdateRound, *, plan_ids=None, group_id=None) -> RoundProgress:
    """The round's figures for the items of `plan_ids` (None: all, with the round's review
    actions) that `group_id` owns (None: any), as round_state counts them: round_tallies
    added up."""
    chosen = [plan.pk for plan in update_round.plans.all()]
    if plan_ids is not None:
        chosen = [pk for pk in chosen if pk in plan_ids]
    parts = plan_parts(chosen)
    if update_round.include_review_actions and plan_ids is None:
        parts.append(REVIEW_ACTIONS)
    tallies = round_tallies(update_round, parts, group_id=group_id)
    return RoundProgress.of(update_round, list(tallies.values()))


@dataclass
class YourRound:
    """An open round as a person's home page shows it: their items, outstanding first."""

    round: UpdateRound
    items: list[RoundItem]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.updated)

    @property
    def total(self) -> int:
        return len(self.items)


def your_rounds(user: User, today: datetime.date | None = None) -> list[YourRound]:
    """The open rounds that ask the person for updates."""
    if user.partnership_id is None:
        return []
    found = []
    for update_round in open_rounds(user.partnership_id, today):
        items = round_state(update_round).contacts_of(user)
        if items:
            found.append(YourRound(update_round, items))
    return found


FIGURE_KINDS = ("by_plan", "by_priority", "by_group")


def stored_figures(update_round: UpdateRound) -> dict[str, list[Figure]]:
    """A closed round's figures by plan, priority and group, as stored when it closed."""
    stored = update_round.closed_figures or {}
    return {
        kind: [Figure(label, done, total) for label, done, total in stored.get(kind, [])]
        for kind in FIGURE_KINDS
    }


@dataclass(frozen=True)
class ClosedRound:
    """A closed round's stored figure, for the whole round or for one of its plans, as the
    dashboard and the yearly report quote it."""

    round: UpdateRound
    done: int
    total: int

    @property
    def percent(self) -> int:
        return Figure("", self.done, self.total).percent

    @property
    def closed_on(self) -> datetime.date:
        return timezone.localdate(self.round.closed_at)


def _closed(partnership_id: int):
    return UpdateRound.objects.filter(
        partnership_id=partnership_id, closed_at__isnull=False
    ).order_by("-closed_at", "name")


def closed_rounds_between(
    partnership_id: int, start: datetime.date, end: datetime.date
) -> list[ClosedRound]:
    """The rounds closed from `start` to `end` (days, inclusive), oldest first, with the
    figures stored when they closed: one query."""
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    last = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    rounds = _closed(partnership_id).filter(closed_at__gte=first, closed_at__lte=last)
    return [ClosedRound(r, r.closed_done, r.closed_total) for r in reversed(rounds)]


LAST_CLOSED_ROUNDS = 3


def latest_closed_rounds(partnership_id: int, limit: int = LAST_CLOSED_ROUNDS) -> list[ClosedRound]:
    """The partnership's last `limit` closed rounds, newest first, with the figures stored
    when they closed: one query."""
    return [ClosedRound(r, r.closed_done, r.closed_total) for r in _closed(partnership_id)[:limit]]


def last_closed_rounds(plans, limit: int = LAST_CLOSED_ROUNDS) -> dict[int, list[ClosedRound]]:
    """For each plan, the last `limit` closed rounds that covered it, newest first, with the
    plan's own figure stored when each closed: two queries, whatever the number of plans
    and rounds."""
    plans = list(plans)
    found: dict[int, list[ClosedRound]] = {plan.pk: [] for plan in plans}
    if not plans:
        return found
    titles = {plan.pk: plan.title for plan in plans}
    rounds = (
        _closed(plans[0].partnership_id)
        .filter(plans__in=plans)
        .distinct()
        .prefetch_related("plans")
    )
    for update_round in rounds:
        stored = update_round.closed_figures or {}
        by_id = {pk: (done, total) for pk, done, total in stored.get("by_plan_id", [])}
        by_title = {label: (done, total) for label, done, total in stored.get("by_plan", [])}
        for plan in update_round.plans.all():
            if plan.pk not in found or len(found[plan.pk]) >= limit:
                continue
            figure = by_id.get(plan.pk) or by_title.get(titles[plan.pk])
            if figure and figure[1]:
                found[plan.pk].append(ClosedRound(update_round, *figure))
    return found
