"""The board pack: for a meeting of the executive group, what changed since the previous
one (or a chosen date) and what the meeting should look at, read with a fixed number of
queries however many plans, items, changes or agencies there are.

The pack is read as it stood at the end of the meeting day, or now if the meeting is still
to come (`until`): the RAG status, progress and due month of each item at `since` and at
`until` come from history (kscp.core.history), as do the plans live then, so a pack for a
past meeting shows what that meeting would have seen (the items' owner groups are those
of now). Case-review deadlines are read from the case records as they
are now (their deadlines, and the dates each step was done), a step done after `until`
counting as still to do. They and review actions' RAG moves and progress are only for
those who may see case records (reviews.access.can_see_cases); everyone who reads the pack
sees review actions overdue counted by agency."""

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.history import end_of_day, states_at
from kscp.core.models import Group, Partnership, User
from kscp.core.timeline import with_previous
from kscp.core.tracking import RAG, RAG_NEEDING_COMMENT, month_end
from kscp.rounds.models import BoardPack, UpdateRound
from kscp.rounds.selectors import OPENED_LAST, Figure, round_state, stored_figures
from plans import access as plan_access
from plans.models import Action, Objective, Plan, owners_prefetch
from reviews import access as reviews_access
from reviews.clocks import notification_in_progress_on_q, publication_in_progress_on_q
from reviews.models import Notification, Review, ReviewAction

# Without a pack prepared for an earlier meeting, changes run from this long before the
# meeting; the next meeting is this long after it, unless given.
DEFAULT_SINCE = relativedelta(months=3)
DEFAULT_NEXT_MEETING = relativedelta(months=2)
PREVIOUS_PACKS_SHOWN = 12
NO_GROUP = "No group: owned by people"


def sits_on_executive_group(user: User) -> bool:
    """Chairs, vice-chairs or is a member of an executive group of their partnership."""
    cached = getattr(user, "_sits_on_executive_group", None)
    if cached is None:
        cached = Group.objects.filter(
            Q(chair=user) | Q(vice_chair=user) | Q(memberships__person=user),
            partnership_id=user.partnership_id,
            kind=Group.Kind.EXECUTIVE,
        ).exists()
        user._sits_on_executive_group = cached
    return cached


def can_read_board_pack(user: User) -> bool:
    """Those who download the partnership's reports (the business unit, executive members
    and the scrutineer), its lead safeguarding partners and their delegates (recorded for
    the yearly report's sign-off, whatever their role) and whoever sits on its executive
    group."""
    if not policy.in_partnership(user, user.partnership_id):
        return False
    return (
        plan_access.can_download_reports(user, user.partnership_id)
        or policy.is_lead_partner(user)
        or sits_on_executive_group(user)
    )


def can_prepare_board_pack(user: User) -> bool:
    """Keep a pack as the one prepared for its meeting: the business unit."""
    return policy.can_manage(user, user.partnership_id)


def sees_case_reviews(user: User) -> bool:
    """The pack's case-review deadlines and review actions' text: for those who may see
    case records; for the others the pack has no trace of them."""
    return reviews_access.can_see_cases(user, user.partnership_id)


def previous_packs(partnership_id: int) -> list[BoardPack]:
    return list(
        BoardPack.objects.filter(partnership_id=partnership_id).select_related("prepared_by")[
            :PREVIOUS_PACKS_SHOWN
        ]
    )


def previous_meeting(partnership_id: int, meeting_on: datetime.date) -> datetime.date | None:
    """The last meeting before `meeting_on` that a board pack was prepared for."""
    pack = (
        BoardPack.objects.filter(partnership_id=partnership_id, meeting_on__lt=meeting_on)
        .order_by("-meeting_on")
        .first()
    )
    return pack.meeting_on if pack else None


def default_since(partnership_id: int, meeting_on: datetime.date) -> datetime.date:
    return previous_meeting(partnership_id, meeting_on) or meeting_on - DEFAULT_SINCE


def default_next_meeting(meeting_on: datetime.date) -> datetime.date:
    return meeting_on + DEFAULT_NEXT_MEETING


# --- the pack's rows ------------------------------------------------------------------------


@dataclass
class Item:
    """An objective, action or review action as the pack shows it, as it stood at `until`."""

    kind: str  # "Objective", "Action", "Review action"
    number: str
    text: str
    where: str  # the plan's title, or the review's
    plan: Plan | None
    rag: str
    progress: str
    due_on: datetime.date | None
    due_text: str
    groups: list[str] = field(default_factory=list)
    agency: str = ""
    path: str = ""

    @property
    def rag_label(self) -> str:
        return RAG(self.rag).label

    @property
    def rag_meaning(self) -> str:
        return rag_meaning(self.plan, self.rag)

    @property
    def due_display(self) -> str:
        parts = [self.due_on.strftime("%B %Y")] if self.due_on else []
        if self.due_text:
            parts.append(self.due_text)
        return "; ".join(parts) or "No date set"


def rag_meaning(plan: Plan | None, rag: str) -> str:
    """What the plan's progress key says the RAG value means, when it says more than its
    name ("Blue: On track.")."""
    if plan is None:
        return ""
    meaning = plan.key_words(rag)
    return "" if meaning == RAG(rag).label else meaning


@dataclass
class Move:
    item: Item
    before: str
    after: str
    when: datetime.datetime
    who: User | None

    @property
    def before_label(self) -> str:
        return RAG(self.before).label

    @property
    def after_label(self) -> str:
        return RAG(self.after).label

    @property
    def before_meaning(self) -> str:
        return rag_meaning(self.item.plan, self.before)

    @property
    def after_meaning(self) -> str:
        return rag_meaning(self.item.plan, self.after)


@dataclass
class Deadline:
    """A case-review clock still running at `until` whose deadline has passed or falls
    before the next meeting."""

    reference: str
    label: str
    deadline: datetime.date
    passed: bool
    path: str


@dataclass
class AgencyFigures:
    agency: str
    overdue: int = 0
    red: int = 0
    earliest_due: datetime.date | None = None


@dataclass
class RoundFigures:
    round: UpdateRound
    status: str
    done: int
    total: int
    by_plan: list[Figure]

    @property
    def percent(self) -> int:
        return Figure("", self.done, self.total).percent


@dataclass
class Pack:
    partnership: Partnership
    meeting_on: datetime.date
    since: datetime.date
    next_meeting_on: datetime.date
    until: datetime.datetime
    with_case_reviews: bool
    plans: list[Plan]
    moves: list[Move]
    newly: list[Item]
    overdue_by_group: list[tuple[str, list[Item]]]
    round: RoundFigures | None
    review_moves: list[Move] = field(default_factory=list)
    newly_review_actions: list[Item] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    overdue_by_agency: list[AgencyFigures] = field(default_factory=list)

    @property
    def as_at(self) -> datetime.date:
        return timezone.localdate(self.until)

    @property
    def deadlines_passed(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.passed]

    @property
    def deadlines_due(self) -> list[Deadline]:
        return [d for d in self.deadlines if not d.passed]


def _moves(history, items: dict[int, Item], before: dict, start, until) -> list[Move]:
    """Each change of RAG of the items between `start` and `until`, oldest first, from
    their states at `start` (`before`) and the history rows after it: one query."""
    rows = history.filter(history_date__gt=start, history_date__lte=until).select_related(
        "history_user"
    )
    moves = []
    for previous, record in with_previous([*before.values(), *rows]):
        if previous is None or record.id not in items or record.history_type == "-":
            continue
        if previous.rag != record.rag:
            moves.append(
                Move(
                    items[record.id],
                    previous.rag,
                    record.rag,
                    record.history_date,
                    record.history_user,
                )
            )
    return sorted(moves, key=lambda m: m.when)


def _newly(items: dict[int, Item], before: dict) -> list[Item]:
    """The items newly Red or newly Amber at `until`, against their state at `start` (an
    item not yet recorded then was neither): Red and not Red at `start`, so Amber to Red is
    newly Red; Amber and neither Amber nor Red at `start`. Red to Amber is an improvement,
    not newly Amber: the move is in the pack's moves, the item is not listed here."""
    not_newly_after = {RAG.RED: {RAG.RED}, RAG.AMBER: set(RAG_NEEDING_COMMENT)}
    return [
        item
        for pk, item in items.items()
        if item.rag in not_newly_after
        and (pk not in before or before[pk].rag not in not_newly_after[item.rag])
    ]


def _overdue(item: Item, day: datetime.date) -> bool:
    return bool(item.due_on) and item.rag != RAG.COMPLETE and month_end(item.due_on) < day


def _plans_live_at(partnership: Partnership, until: datetime.datetime) -> list[Plan]:
    """The partnership's plans that were live at `until`, as their history says: a plan
    closed since was on the meeting's table, one published since was not. Two queries."""
    then = states_at(Plan.history.filter(partnership_id=partnership.pk), until)
    live = [pk for pk, state in then.items() if state.status == Plan.Status.LIVE]
    return list(Plan.objects.filter(pk__in=live).order_by("starts_on", "title"))


def _plan_items(plans: list[Plan], until) -> tuple[dict, dict]:
    """The objectives and actions of the plans as they stood at `until`, keyed by id, with
    their owner groups (an action without owners of its own has its objective's)."""
    plan_by_id = {plan.pk: plan for plan in plans}
    objectives = list(
        Objective.objects.filter(plan__in=plans)
        .prefetch_related(owners_prefetch())
        .order_by("plan__starts_on", "sort_key")
    )
    actions = list(
        Action.objects.filter(objective__plan__in=plans)
        .select_related("objective")
        .prefetch_related(owners_prefetch())
        .order_by("objective__plan__starts_on", "objective__sort_key", "position")
    )
    objective_states = states_at(Objective.history.filter(plan_id__in=list(plan_by_id)), until)
    action_states = states_at(Action.history.filter(objective__plan__in=plans), until)

    def groups(item) -> list[str]:
        return [o.group.name for o in item.owners.all() if o.group_id]

    objective_items, objective_groups = {}, {}
    for objective in objectives:
        objective_groups[objective.pk] = groups(objective)
        state = objective_states.get(objective.pk)
        if state is None:
            continue
        plan = plan_by_id[objective.plan_id]
        objective_items[objective.pk] = Item(
            "Objective",
            objective.number,
            state.action,
            plan.title,
            plan,
            state.rag,
            state.progress,
            state.due_on,
            state.due_text,
            objective_groups[objective.pk],
            path=reverse("plans:objective", args=[objective.pk]),
        )
    action_items = {}
    for action in actions:
        state = action_states.get(action.pk)
        if state is None:
            continue
        objective = action.objective
        plan = plan_by_id[objective.plan_id]
        action_items[action.pk] = Item(
            "Action",
            f"{objective.number} {state.label}",
            state.description,
            plan.title,
            plan,
            state.rag,
            state.progress,
            state.due_on,
            state.due_text,
            groups(action) or objective_groups.get(objective.pk, []),
            path=reverse("plans:objective", args=[objective.pk]),
        )
    return objective_items, action_items


def _review_action_items(partnership_id: int, until) -> dict[int, Item]:
    actions = ReviewAction.objects.filter(
        learning_point__review__partnership_id=partnership_id
    ).select_related("learning_point__review", "owner_agency", "owner_group")
    states = states_at(
        ReviewAction.history.filter(learning_point__review__partnership_id=partnership_id), until
    )
    found = {}
    for action in actions:
        state = states.get(action.pk)
        if state is None:
            continue
        review = action.learning_point.review
        found[action.pk] = Item(
            "Review action",
            f"{review.title}, learning point {action.learning_point.number}",
            state.description,
            review.title,
            None,
            state.rag,
            state.progress,
            state.due_on,
            state.due_text,
            [action.owner_group.name] if action.owner_group else [],
            agency=action.owner_agency.name if action.owner_agency else "",
            path=reverse("reviews:action", args=[action.pk]),
        )
    return found


def _by_group(items: list[Item]) -> list[tuple[str, list[Item]]]:
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for name in item.groups or [NO_GROUP]:
            grouped[name].append(item)
    return sorted(grouped.items(), key=lambda pair: (pair[0] == NO_GROUP, pair[0]))


def _by_agency(items: list[Item]) -> list[AgencyFigures]:
    figures: dict[str, AgencyFigures] = {}
    for item in items:
        name = item.agency or (f"{item.groups[0]} (a group)" if item.groups else "No owner")
        found = figures.setdefault(name, AgencyFigures(name))
        found.overdue += 1
        found.red += item.rag == RAG.RED
        if found.earliest_due is None or item.due_on < found.earliest_due:
            found.earliest_due = item.due_on
    return sorted(figures.values(), key=lambda f: (-f.overdue, f.agency))


def _round(partnership_id: int, day: datetime.date) -> RoundFigures | None:
    """The round open on `day` (of several, the one opened last, as on the dashboard), else
    the last one closed by then, with its figures per plan: for an open round, its updates
    made by the end of `day`; as stored for a closed one."""
    cutoff = end_of_day(day)
    rounds = UpdateRound.objects.filter(partnership_id=partnership_id, opens_on__lte=day)
    open_round = (
        rounds.filter(Q(closed_at__isnull=True) | Q(closed_at__gt=cutoff))
        .prefetch_related("plans")
        .order_by(*OPENED_LAST)
        .first()
    )
    if open_round is not None:
        # Its updates up to the end of `day`: a past meeting saw only those made by then.
        as_at = copy.copy(open_round)
        as_at.deadline = min(open_round.deadline, day)
        state = round_state(as_at)
        return RoundFigures(open_round, "Open", state.done, state.total, state.by_plan)
    closed = rounds.filter(closed_at__lte=cutoff).order_by("-closed_at").first()
    if closed is None:
        return None
    return RoundFigures(
        closed, "Closed", closed.closed_done or 0, closed.closed_total or 0,
        stored_figures(closed)["by_plan"],
    )  # fmt: skip


def _deadlines(partnership_id: int, day: datetime.date, next_meeting_on) -> list[Deadline]:
    """The statutory clocks still running on `day` whose deadline has passed or falls on or
    before the next meeting: Panel notifications, rapid reviews and publications. Read from
    the case records as they are now (their deadlines, the dates each step was done and, as
    on the dashboard, a CSPR closed unpublished running no clock): a step done after `day`
    was still to do on it."""
    found = []
    notifications = Notification.objects.filter(
        notification_in_progress_on_q(day), partnership_id=partnership_id, la_aware_on__lte=day
    ).select_related("rapid_review")
    for notification in notifications:
        path = reverse("reviews:notification", args=[notification.pk])
        for clock in (notification.panel_clock(day), notification.rapid_review_clock(day)):
            done = clock.done_on is not None and clock.done_on <= day
            if clock.required and clock.deadline and not done and clock.deadline <= next_meeting_on:
                found.append(
                    Deadline(
                        notification.reference,
                        clock.label,
                        clock.deadline,
                        clock.deadline < day,
                        path,
                    )
                )
    reviews = list(
        Review.objects.filter(
            publication_in_progress_on_q(day),
            partnership_id=partnership_id,
            publication_deadline__lte=next_meeting_on,
            decided_on__lte=day,
        )
    )
    then = states_at(Review.history.filter(id__in=[r.pk for r in reviews]), end_of_day(day))
    for review in reviews:
        if review.pk in then and then[review.pk].stage == Review.Stage.CLOSED:
            continue  # closed unpublished by then: no clock ran
        found.append(
            Deadline(
                review.title,
                "Publication",
                review.publication_deadline,
                review.publication_deadline < day,
                reverse("reviews:review", args=[review.pk]),
            )
        )
    return sorted(found, key=lambda d: (d.deadline, d.reference, d.label))


def board_pack(
    partnership: Partnership,
    *,
    meeting_on: datetime.date,
    since: datetime.date,
    next_meeting_on: datetime.date,
    with_case_reviews: bool,
    now: datetime.datetime | None = None,
) -> Pack:
    """The pack for the meeting on `meeting_on`, its changes from the start of `since`."""
    now = now or timezone.now()
    until = min(now, end_of_day(meeting_on))
    day = timezone.localdate(until)
    start = end_of_day(since - datetime.timedelta(days=1))
    plans = _plans_live_at(partnership, until)
    objectives, actions = _plan_items(plans, until)
    objective_history = Objective.history.filter(plan_id__in=[p.pk for p in plans])
    action_history = Action.history.filter(objective__plan__in=plans)
    objectives_before = states_at(objective_history, start)
    actions_before = states_at(action_history, start)
    moves = sorted(
        _moves(objective_history, objectives, objectives_before, start, until)
        + _moves(action_history, actions, actions_before, start, until),
        key=lambda m: m.when,
    )
    newly = _newly(objectives, objectives_before) + _newly(actions, actions_before)
    plan_items = [*objectives.values(), *actions.values()]
    review_actions = _review_action_items(partnership.pk, until)
    pack = Pack(
        partnership=partnership,
        meeting_on=meeting_on,
        since=since,
        next_meeting_on=next_meeting_on,
        until=until,
        with_case_reviews=with_case_reviews,
        plans=plans,
        moves=moves,
        newly=newly,
        overdue_by_group=_by_group([i for i in plan_items if _overdue(i, day)]),
        round=_round(partnership.pk, day),
        overdue_by_agency=_by_agency([i for i in review_actions.values() if _overdue(i, day)]),
    )
    if with_case_reviews:
        history = ReviewAction.history.filter(learning_point__review__partnership=partnership)
        before = states_at(history, start)
        pack.review_moves = _moves(history, review_actions, before, start, until)
        pack.newly_review_actions = _newly(review_actions, before)
        pack.deadlines = _deadlines(partnership.pk, day, next_meeting_on)
    return pack
