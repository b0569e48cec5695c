"""The live plans on the executive dashboard: where each stands by priority, what is overdue
or stale, how RAG status moved quarter by quarter, and which groups hold the most overdue
work. Every plan's panel is read together, in four queries however many plans, quarters,
priorities, groups, objectives or history rows there are (and two more when the history of
a quarter gone by has changed)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import NamedTuple
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from kscp.core.charts import Chart, Row, Series, stacked_chart
from kscp.core.freshness import latest_history_ids_by
from kscp.core.history import end_of_day, kept_counts_at
from kscp.core.models import Group
from kscp.core.tracking import Tracked, stale_cutoff
from plans.models import Action, Objective, OwnerName, Plan, Priority
from plans.selectors import objective_owners

MAX_QUARTERS = 12
LISTED = 10  # overdue and stale objectives listed; the rest are a link away
BUSIEST_GROUPS = 5


@dataclass(frozen=True)
class ListedObjective(Tracked):
    """What the panel reads of each objective to count it and list it (not its long texts),
    as values: model rows of every objective cost more than the rest of the panel."""

    pk: int
    plan_id: int
    priority_id: int
    number: str
    sort_key: int
    rag: str
    due_on: datetime.date | None
    due_text: str
    updated_at: datetime.datetime


def quarter_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The last day of each calendar quarter from `start` to `end`, at most MAX_QUARTERS
    (the latest ones)."""
    ends = []
    year, quarter = start.year, (start.month - 1) // 3
    while True:
        month = quarter * 3 + 3
        last = datetime.date(year + (month // 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        ends.append(min(last, end))
        if last >= end:
            break
        quarter += 1
        if quarter == 4:
            year, quarter = year + 1, 0
    return ends[-MAX_QUARTERS:]


@dataclass(frozen=True)
class BusyGroup:
    pk: int
    name: str
    overdue: int


@dataclass
class PlanDashboard:
    plan: Plan
    series: list[Series]  # the plan's key: a series for each RAG value it uses
    priority_chart: Chart | None = None
    quarter_chart: Chart | None = None
    overdue: list = field(default_factory=list)
    overdue_count: int = 0
    stale: list = field(default_factory=list)
    stale_count: int = 0
    groups: list[BusyGroup] = field(default_factory=list)
    rag_counts: dict[str, int] = field(default_factory=dict)  # of the objectives now
    owners: dict[int, list[OwnerName]] = field(default_factory=dict)  # of those listed

    @property
    def total(self) -> int:
        return sum(row.total for row in self.priority_chart.rows)


def objectives_link(page: str, *, group: Group | None = None, **filters) -> str:
    """The plan's page (`page`, its path) at its list of objectives with these filters
    (None values left out)."""
    query = {name: value for name, value in filters.items() if value is not None}
    if group is not None:
        query["owner_group"] = group.pk
    return f"{page}?{urlencode(query)}#objectives"


def plan_series(plan: Plan) -> list[Series]:
    """A series for each RAG value of the plan's key, in its words ("Red: Not on track")."""
    return [Series(words, value) for value, words in plan.rag_choices()]


def plan_dashboards(
    plans: list[Plan],
    *,
    group: Group | None,
    today: datetime.date,
    link_reports: bool,
    owners_of=objective_owners,
) -> list[PlanDashboard]:
    """The panel of each plan, in their order; `group`: only the objectives it owns (the
    busiest groups are counted over every objective); `link_reports`: link each quarter to
    the plan as it stood that day; `owners_of`: objective_owners, or the same kept. Every
    objective of the plans is read once, with its owners as values (the groups for
    counting, the names for those listed: model rows cost more than the rest of the
    panel), and counted and listed here (a query for each count and list cost more than
    the counting)."""
    if not plans:
        return []
    ids = [plan.pk for plan in plans]
    objectives = [
        ListedObjective(*row)
        for row in Objective.objects.filter(plan_id__in=ids)
        .order_by()
        .values_list(*(listed.name for listed in fields(ListedObjective)))
    ]
    groups, names = _owners(objectives, owners_of)
    owned = objectives
    if group is not None:
        owned = [o for o in objectives if group.pk in groups[o.pk]]
    boards = {plan.pk: PlanDashboard(plan=plan, series=plan_series(plan)) for plan in plans}
    counts = _counts_and_lists(boards, owned, today)
    for board in boards.values():
        board.owners = {o.pk: names[o.pk] for o in (*board.overdue, *board.stale)}
    _busiest_groups(boards, objectives, groups, today)
    _priorities(boards, counts, group)
    history = Objective.history.all()
    if group is not None:  # named, so that a change of owners changes the kept counts' key
        history = history.filter(id__in=[o.pk for o in owned])
    _quarters(boards, history, today, link_reports)
    return list(boards.values())


class PlanStamp(NamedTuple):
    """Of one plan's objectives, priorities and (plan_stamps with actions) its objectives'
    actions: each (latest history id, number held now, sum of their ids); () for actions
    not asked for."""

    objectives: tuple
    priorities: tuple
    actions: tuple = ()


def plan_stamps(plan_ids, *, actions: bool = False) -> dict[int, PlanStamp]:
    """For each plan, the latest history row of its objectives and of its priorities (with
    `actions`, of its objectives' actions too), and how many it holds now with the sum of
    their ids (kscp.core.freshness: latest_history_ids_by), in one query: they change when
    one of them is added, changed, deleted or moved to another plan (in the admin, say),
    so a plan's panel, or its tally of an update round, can be kept until they do."""
    ids = list(plan_ids)
    kinds = [(Objective, "plan"), (Priority, "plan")]
    if actions:
        kinds.append((Action, "objective__plan"))
    found = latest_history_ids_by(kinds, ids, with_records=True)
    return {pk: PlanStamp(*found[pk]) for pk in ids}


def _owners(objectives, owners_of) -> tuple[dict, dict]:
    """The groups owning each of `objectives` ({pk: name} by objective), and the owners of
    each as named (OwnerName, in the plan's order), from `owners_of` (objective_owners, or
    the same kept)."""
    groups, names = defaultdict(dict), defaultdict(list)
    by_plan = defaultdict(list)
    for objective in objectives:
        by_plan[objective.plan_id].append(objective.pk)
    for objective_id, owners in owners_of(by_plan).items():
        for owner in owners:
            if owner.group_id:
                groups[objective_id][owner.group_id] = owner.group_name
            names[objective_id].append(OwnerName(owner.name, owner.group_id, owner.role))
    return groups, names


def _counts_and_lists(boards, objectives, today) -> dict:
    """Each plan's RAG counts, its overdue and stale counts, and the first LISTED overdue
    objectives (soonest due first) and stale ones (updated longest ago first); the counts
    of each priority by RAG value, returned."""
    counts = defaultdict(lambda: defaultdict(int))
    cutoff = stale_cutoff(today)
    overdue, stale = defaultdict(list), defaultdict(list)
    for objective in objectives:
        board = boards[objective.plan_id]
        counts[objective.priority_id][objective.rag] += 1
        board.rag_counts[objective.rag] = board.rag_counts.get(objective.rag, 0) + 1
        if objective.is_overdue(today):
            overdue[objective.plan_id].append(objective)
        if objective.is_stale(today, cutoff):
            stale[objective.plan_id].append(objective)
    for plan_id, board in boards.items():
        board.overdue_count, board.stale_count = len(overdue[plan_id]), len(stale[plan_id])
        board.overdue = sorted(overdue[plan_id], key=lambda o: (o.due_on, o.sort_key))[:LISTED]
        board.stale = sorted(stale[plan_id], key=lambda o: (o.updated_at, o.sort_key))[:LISTED]
    return counts


def _busiest_groups(boards, objectives, groups, today) -> None:
    """The groups owning the most overdue objectives of each plan (of every objective,
    whichever group is chosen), most first, then by name; `groups`, the groups owning
    each objective ({pk: name} by objective)."""
    found = defaultdict(lambda: defaultdict(int))
    names = {}
    for objective in objectives:
        if objective.is_overdue(today):
            for pk, name in groups[objective.pk].items():
                found[objective.plan_id][pk] += 1
                names[pk] = name
    for plan_id, by_group in found.items():
        ranked = sorted(
            by_group.items(), key=lambda item: (-item[1], names[item[0]].casefold(), item[0])
        )
        boards[plan_id].groups = [
            BusyGroup(pk, names[pk], overdue) for pk, overdue in ranked[:BUSIEST_GROUPS]
        ]


def _priorities(boards, counts, group) -> None:
    """Each plan's chart of RAG status by priority, from `counts`: one query, of values."""
    priorities = defaultdict(list)
    for pk, plan_id, number, title in (
        Priority.objects.filter(plan_id__in=list(boards))
        .order_by("number")
        .values_list("pk", "plan_id", "number", "title")
    ):
        priorities[plan_id].append((pk, number, title))
    for plan_id, board in boards.items():
        page = reverse("plans:plan", args=[plan_id])
        chart_rows = []
        for pk, number, title in priorities[plan_id]:
            found = counts[pk]
            chart_rows.append(
                Row(
                    f"{number}. {title}",
                    tuple(found.get(s.modifier, 0) for s in board.series),
                    link=objectives_link(page, group=group, priority=pk),
                    links=tuple(
                        objectives_link(page, group=group, priority=pk, rag=s.modifier)
                        for s in board.series
                    ),
                )
            )
        board.priority_chart = stacked_chart(
            "RAG status of the objectives by priority", board.series, chart_rows
        )


def _quarters(boards, history, today, link_reports) -> None:
    """RAG counts of each plan's objectives as they stood at the end of each of its
    quarters: the quarter to today is the objectives as they are now; those gone by are
    read from `history` (of the objectives counted) and kept for each plan
    (kscp.core.history.kept_counts_at: one query while no history of those days changes,
    two more when one does), for every plan and quarter."""
    now = today == timezone.localdate()
    ends = {
        plan_id: quarter_ends(board.plan.starts_on, min(board.plan.ends_on, today))
        for plan_id, board in boards.items()
    }
    days = sorted(
        {day for plan_ends in ends.values() for day in plan_ends if not (now and day == today)}
    )
    cutoffs = [end_of_day(day) for day in days]
    counts = kept_counts_at(history, cutoffs, "rag", by="plan_id", among=list(boards))
    column = {day: n for n, day in enumerate(days)}
    for plan_id, board in boards.items():
        print_url = reverse("plans:plan_print", args=[plan_id])
        rows = []
        for end in ends[plan_id]:
            link = ""
            if link_reports:  # the plan as it stood that day, for those who may open it
                link = (
                    f"{print_url}?as_at_day={end.day}&as_at_month={end.month}&as_at_year={end.year}"
                )
            if end in column:
                at = column[end]
                figures = tuple(
                    counts.get((plan_id, s.modifier), [0] * len(days))[at] for s in board.series
                )
            else:
                figures = tuple(board.rag_counts.get(s.modifier, 0) for s in board.series)
            rows.append(
                Row(f"Quarter to {end:%-d %b %Y}", figures, link=link, links=(link,) * len(figures))
            )
        board.quarter_chart = stacked_chart(
            "RAG status of the objectives at the end of each quarter", board.series, rows
        )
