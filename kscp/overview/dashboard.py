"""The executive dashboard: where each live plan stands, what is overdue or stale, how RAG
status moved quarter by quarter, and which groups hold the most overdue work. Query count
depends on the number of live plans and quarters shown, never on objectives or history."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from kscp.core import policy
from kscp.core.models import Group, User
from kscp.core.tracking import RAG, overdue_q, stale_q
from plans.models import Objective, Plan

MAX_QUARTERS = 12
CHART_WIDTH = 600


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


def _bars(rows, values, link_of):
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


def plan_dashboard(
    plan: Plan, *, group: Group | None, today: datetime.date, link_reports: bool
) -> PlanDashboard:
    values = [(value, label) for value, label, _ in plan.progress_key]
    board = PlanDashboard(plan=plan, values=values)
    objectives = Objective.objects.filter(plan=plan)
    if group is not None:
        objectives = objectives.filter(owner_groups=group)
    group_query = f"&owner_group={group.pk}" if group else ""
    base = f"/plans/{plan.pk}/?"

    counts: dict = {}
    for row in objectives.values("priority_id", "rag").annotate(n=Count("id", distinct=True)):
        counts.setdefault(row["priority_id"], {})[row["rag"]] = row["n"]
    priorities = list(plan.priorities.all())
    board.priority_bars = _bars(
        [(p.pk, f"{p.number}. {p.title}", counts.get(p.pk, {})) for p in priorities],
        values,
        lambda key, rag: (
            f"{base}priority={key}{f'&rag={rag}' if rag else ''}{group_query}#objectives"
        ),
    )
    board.total = sum(bar.total for bar in board.priority_bars)

    owners = ("owner_groups", "owner_people")
    overdue = objectives.filter(overdue_q(today)).distinct()
    board.overdue_count = overdue.count()
    board.overdue = list(overdue.prefetch_related(*owners).order_by("due_on", "sort_key")[:10])
    stale = objectives.filter(stale_q(today)).distinct()
    board.stale_count = stale.count()
    board.stale = list(stale.prefetch_related(*owners).order_by("updated_at")[:10])

    board.groups = list(
        Group.objects.filter(partnership_id=plan.partnership_id)
        .annotate(
            overdue=Count(
                "owned_objectives",
                filter=Q(owned_objectives__plan=plan)
                & Q(owned_objectives__due_on__lt=today.replace(day=1))
                & ~Q(owned_objectives__rag=RAG.COMPLETE),
                distinct=True,
            )
        )
        .filter(overdue__gt=0)
        .order_by("-overdue", "name")[:5]
    )

    history = Objective.history.model.objects.filter(plan_id=plan.pk)
    if group is not None:
        history = history.filter(id__in=objectives.values("id"))
    quarter_rows = []
    for end in quarter_ends(plan.starts_on, min(plan.ends_on, today)):
        cutoff = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
        latest = (
            history.filter(history_date__lte=cutoff)
            .values("id")
            .annotate(last=Max("history_id"))
            .values("last")
        )
        counts = {
            row["rag"]: row["n"]
            for row in Objective.history.model.objects.filter(history_id__in=latest)
            .exclude(history_type="-")
            .values("rag")
            .annotate(n=Count("history_id"))
            .order_by()
        }
        quarter_rows.append((end, f"Quarter to {end:%-d %b %Y}", counts))
    board.quarter_bars = _bars(
        quarter_rows,
        values,
        # The plan as it stood that day, for those who may open its report.
        lambda key, rag: f"/plans/{plan.pk}/print/?as_at={key:%Y-%m-%d}" if link_reports else "",
    )
    return board


def dashboard(user: User, *, plan_id=None, group_id=None, today=None):
    today = today or timezone.localdate()
    link_reports = policy.can_download_reports(user, user.partnership_id)
    plans = Plan.objects.filter(partnership_id=user.partnership_id, status=Plan.Status.LIVE)
    live = list(plans.select_related("partnership"))
    chosen = [p for p in live if str(p.pk) == str(plan_id)] if plan_id else live
    groups = list(Group.objects.filter(partnership_id=user.partnership_id).order_by("name"))
    group = next((g for g in groups if str(g.pk) == str(group_id)), None)
    return {
        "plans": live,
        "groups": groups,
        "chosen_plan": chosen[0] if plan_id and chosen else None,
        "chosen_group": group,
        "boards": [
            plan_dashboard(p, group=group, today=today, link_reports=link_reports) for p in chosen
        ],
        "stale_days": settings.STALE_AFTER_DAYS,
        "chart_width": CHART_WIDTH,
    }
