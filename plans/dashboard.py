"""A live plan on the executive dashboard: where it stands by priority, what is overdue or
stale, how RAG status moved quarter by quarter, and which groups hold the most overdue work.
Query count depends on the number of quarters shown, never on objectives or history."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from kscp.core.history import end_of_day, rows_at
from kscp.core.models import Group
from kscp.core.tracking import RAG, overdue_q, stale_q
from plans.models import Objective, Plan, owners_prefetch
from plans.selectors import rag_counts_by_priority

MAX_QUARTERS = 12
CHART_WIDTH = 600
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


@dataclass
class Bar:
    label: str
    link: str
    segments: list = field(default_factory=list)  # (rag, words, count, x, width, link)
    total: int = 0


@dataclass
class PlanDashboard:
    plan: Plan
    values: list  # (rag value, label) of the plan's key
    priority_bars: list = field(default_factory=list)
    quarter_bars: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    overdue_count: int = 0
    stale: list = field(default_factory=list)
    stale_count: int = 0
    groups: list = field(default_factory=list)
    total: int = 0


def _bars(rows, values, link_of) -> list[Bar]:
    """Stacked bars scaled to the largest total; rows are (key, label, {rag: count})."""
    biggest = max([sum(counts.values()) for _, _, counts in rows] + [1])
    bars = []
    for key, label, counts in rows:
        bar = Bar(label=label, link=link_of(key, None), total=sum(counts.values()))
        x = 0.0
        for value, words in values:
            count = counts.get(value, 0)
            width = CHART_WIDTH * count / biggest
            bar.segments.append(
                (value, words, count, round(x, 1), round(width, 1), link_of(key, value))
            )
            x += width
        bars.append(bar)
    return bars


def objectives_link(plan: Plan, *, group: Group | None = None, **filters) -> str:
    """The plan page's list of objectives with these filters (None values left out)."""
    query = {name: value for name, value in filters.items() if value is not None}
    if group is not None:
        query["owner_group"] = group.pk
    return f"{reverse('plans:plan', args=[plan.pk])}?{urlencode(query)}#objectives"


def _priority_bars(plan: Plan, values, group: Group | None) -> list[Bar]:
    counts = rag_counts_by_priority(plan, group=group)
    rows = [(p.pk, f"{p.number}. {p.title}", counts.get(p.pk, {})) for p in plan.priorities.all()]
    return _bars(
        rows, values, lambda key, rag: objectives_link(plan, group=group, priority=key, rag=rag)
    )


def _overdue_and_stale(board: PlanDashboard, objectives, today: datetime.date) -> None:
    owners = (owners_prefetch(),)
    overdue = objectives.filter(overdue_q(today)).distinct()
    board.overdue_count = overdue.count()
    board.overdue = list(overdue.prefetch_related(*owners).order_by("due_on", "sort_key")[:LISTED])
    stale = objectives.filter(stale_q(today)).distinct()
    board.stale_count = stale.count()
    board.stale = list(stale.prefetch_related(*owners).order_by("updated_at")[:LISTED])


def _busiest_groups(plan: Plan, today: datetime.date) -> list[Group]:
    """The groups owning the most overdue objectives of the plan."""
    overdue = (
        Q(ownerships__objective__plan=plan)
        & Q(ownerships__objective__due_on__lt=today.replace(day=1))
        & ~Q(ownerships__objective__rag=RAG.COMPLETE)
    )
    return list(
        Group.objects.filter(partnership_id=plan.partnership_id)
        .annotate(overdue=Count("ownerships__objective", filter=overdue, distinct=True))
        .filter(overdue__gt=0)
        .order_by("-overdue", "name")[:BUSIEST_GROUPS]
    )


def _quarter_bars(plan: Plan, values, objectives, group, today, link_reports) -> list[Bar]:
    """RAG counts of the objectives as they stood at the end of each quarter: one query a
    quarter, read from history."""
    history = Objective.history.filter(plan_id=plan.pk)
    if group is not None:
        history = history.filter(id__in=objectives.values("id"))
    rows = []
    for end in quarter_ends(plan.starts_on, min(plan.ends_on, today)):
        states = rows_at(history, end_of_day(end)).values("rag").annotate(n=Count("history_id"))
        counts = {row["rag"]: row["n"] for row in states.order_by()}
        rows.append((end, f"Quarter to {end:%-d %b %Y}", counts))
    print_url = reverse("plans:plan_print", args=[plan.pk])

    def link_of(end, rag):
        # The plan as it stood that day, for those who may open its report.
        day = f"as_at_day={end.day}&as_at_month={end.month}&as_at_year={end.year}"
        return f"{print_url}?{day}" if link_reports else ""

    return _bars(rows, values, link_of)


def plan_dashboard(
    plan: Plan, *, group: Group | None, today: datetime.date, link_reports: bool
) -> PlanDashboard:
    values = [(value, label) for value, label, _ in plan.progress_key]
    board = PlanDashboard(plan=plan, values=values)
    objectives = Objective.objects.filter(plan=plan)
    if group is not None:
        objectives = objectives.filter(owners__group=group)
    board.priority_bars = _priority_bars(plan, values, group)
    board.total = sum(bar.total for bar in board.priority_bars)
    _overdue_and_stale(board, objectives, today)
    board.groups = _busiest_groups(plan, today)
    board.quarter_bars = _quarter_bars(plan, values, objectives, group, today, link_reports)
    return board
