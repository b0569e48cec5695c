"""The live plans on the executive dashboard: where each stands by priority, what is overdue
or stale, how RAG status moved quarter by quarter, and which groups hold the most overdue
work. Every plan's panel is read together, in seven queries however many plans, quarters,
priorities, groups, objectives or history rows there are (and two more when the history of
a quarter gone by has changed)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from kscp.core.charts import Chart, Row, Series, stacked_chart
from kscp.core.freshness import latest_history_ids_of
from kscp.core.history import end_of_day, kept_counts_at
from kscp.core.models import Group
from kscp.core.tracking import overdue_q, stale_q
from plans.models import Objective, Owner, Plan, Priority, owners_prefetch

MAX_QUARTERS = 12
LISTED = 10  # overdue and stale objectives listed; the rest are a link away
BUSIEST_GROUPS = 5


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
    plans: list[Plan], *, group: Group | None, today: datetime.date, link_reports: bool
) -> list[PlanDashboard]:
    """The panel of each plan, in their order; `group`: only the objectives it owns (the
    busiest groups are counted over every objective); `link_reports`: link each quarter to
    the plan as it stood that day."""
    if not plans:
        return []
    ids = [plan.pk for plan in plans]
    objectives = Objective.objects.filter(plan_id__in=ids)
    if group is not None:
        owned = Owner.objects.filter(group=group, objective__isnull=False)
        objectives = objectives.filter(pk__in=owned.values("objective_id"))
    boards = {plan.pk: PlanDashboard(plan=plan, series=plan_series(plan)) for plan in plans}
    _priorities_and_counts(boards, objectives, group, today)
    _lists(boards, objectives, today)
    _busiest_groups(boards, ids, today)
    _quarters(boards, objectives, group, today, link_reports)
    return list(boards.values())


def plan_stamps(plan_ids) -> dict[int, tuple]:
    """For each plan, the latest history row of its objectives and of its priorities, and
    how many it holds now with the sum of their ids (kscp.core.freshness:
    latest_history_ids_of), in one query: they change when one of them is added, changed,
    deleted or moved to another plan (in the admin, say), so a plan's panel can be kept
    until they do."""
    ids = list(plan_ids)
    found = latest_history_ids_of(
        ((model, "plan", pk) for pk in ids for model in (Objective, Priority)), with_records=True
    )
    return {pk: (*found[2 * n], *found[2 * n + 1]) for n, pk in enumerate(ids)}


def _priorities_and_counts(boards, objectives, group, today) -> None:
    """RAG by priority, and the overdue and stale counts, of every plan: two queries."""
    counts = defaultdict(dict)
    rows = (
        objectives.values("plan_id", "priority_id", "rag")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=overdue_q(today)),
            stale=Count("id", filter=stale_q(today)),
        )
        .order_by()
    )
    for row in rows:
        counts[row["priority_id"]][row["rag"]] = row["n"]
        board = boards[row["plan_id"]]
        board.rag_counts[row["rag"]] = board.rag_counts.get(row["rag"], 0) + row["n"]
        board.overdue_count += row["overdue"]
        board.stale_count += row["stale"]
    priorities = defaultdict(list)
    for priority in Priority.objects.filter(plan_id__in=list(boards)).order_by("number"):
        priorities[priority.plan_id].append(priority)
    for plan_id, board in boards.items():
        page = reverse("plans:plan", args=[plan_id])
        chart_rows = []
        for priority in priorities[plan_id]:
            found = counts[priority.pk]
            chart_rows.append(
                Row(
                    f"{priority.number}. {priority.title}",
                    tuple(found.get(s.modifier, 0) for s in board.series),
                    link=objectives_link(page, group=group, priority=priority.pk),
                    links=tuple(
                        objectives_link(page, group=group, priority=priority.pk, rag=s.modifier)
                        for s in board.series
                    ),
                )
            )
        board.priority_chart = stacked_chart(
            "RAG status of the objectives by priority", board.series, chart_rows
        )


def _first_of_each_plan(objectives, order_by: list[str]) -> list[Objective]:
    """The first LISTED objectives of each plan in this order: one query."""
    ranked = objectives.annotate(
        place=Window(RowNumber(), partition_by=[F("plan_id")], order_by=order_by)
    ).filter(place__lte=LISTED)
    return sorted(ranked, key=lambda objective: objective.place)


def _lists(boards, objectives, today) -> None:
    """The overdue objectives of every plan, soonest due first, and those updated longest
    ago: three queries with their owners."""
    overdue = _first_of_each_plan(objectives.filter(overdue_q(today)), ["due_on", "sort_key"])
    stale = _first_of_each_plan(objectives.filter(stale_q(today)), ["updated_at", "sort_key"])
    prefetch_related_objects([*overdue, *stale], owners_prefetch())
    for objective in overdue:
        boards[objective.plan_id].overdue.append(objective)
    for objective in stale:
        boards[objective.plan_id].stale.append(objective)


def _busiest_groups(boards, plan_ids, today) -> None:
    """The groups owning the most overdue objectives of each plan: one query."""
    rows = (
        Owner.objects.filter(objective__plan_id__in=plan_ids, group__isnull=False)
        .filter(overdue_q(today, prefix="objective__"))
        .values("objective__plan_id", "group_id", "group__name")
        .annotate(overdue=Count("objective_id", distinct=True))
        .order_by("-overdue", "group__name")
    )
    for row in rows:
        board = boards[row["objective__plan_id"]]
        if len(board.groups) < BUSIEST_GROUPS:
            board.groups.append(BusyGroup(row["group_id"], row["group__name"], row["overdue"]))


def _quarters(boards, objectives, group, today, link_reports) -> None:
    """RAG counts of each plan's objectives as they stood at the end of each of its
    quarters: the quarter to today is the objectives as they are now; those gone by are
    read from history and kept for each plan (kscp.core.history.kept_counts_at: one
    query while no history of those days changes, two more when one does), for every plan
    and quarter; with a group chosen, one more for the ids of the objectives it owns."""
    now = today == timezone.localdate()
    ends = {
        plan_id: quarter_ends(board.plan.starts_on, min(board.plan.ends_on, today))
        for plan_id, board in boards.items()
    }
    days = sorted(
        {day for plan_ends in ends.values() for day in plan_ends if not (now and day == today)}
    )
    history = Objective.history.all()
    if group is not None:  # named, so that a change of owners changes the kept counts' key
        history = history.filter(id__in=list(objectives.values_list("id", flat=True)))
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
