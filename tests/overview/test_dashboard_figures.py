"""The dashboard's figures against the records, with several live plans read together: each
plan's quarters from its own history, its RAG by priority, its overdue and stale objectives
and its busiest groups, none leaking into another plan's panel."""

import datetime

import pytest
from django.utils import timezone

from kscp.overview.dashboard import dashboard_frame
from plans.dashboard import LISTED, plan_dashboards
from plans.models import Objective, Plan, Priority
from plans.services import owners_set
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 2, 15)


def at(day: datetime.date, hour=12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def dated(objective_id: int, *days: datetime.date) -> None:
    """Date the record's history rows, oldest first, on these days."""
    rows = Objective.history.filter(id=objective_id).order_by("history_id")
    assert rows.count() == len(days)
    for row, day in zip(rows, days, strict=True):
        Objective.history.filter(history_id=row.history_id).update(history_date=at(day))


def figures(chart):
    return [
        (row.label, {s.modifier: n for s, n in zip(chart.series, row.counts, strict=True) if n})
        for row in chart.rows
    ]


@pytest.fixture
def short_plan(partnership):
    """A second live plan, of two quarters, ending before the day the dashboard is read."""
    return Plan.objects.create(
        partnership=partnership,
        title="Northdale Neglect Strategy Plan",
        period="2025/26",
        starts_on=datetime.date(2025, 10, 1),
        ends_on=datetime.date(2026, 1, 31),
        version_label="V1",
        status=Plan.Status.LIVE,
        key_red="Behind",
        key_blue="On track",
        key_complete="Done",
    )


@pytest.fixture
def short_priority(short_plan):
    return Priority.objects.create(plan=short_plan, number=1, title="Neglect")


def make(plan, priority, number, group=None, **fields):
    objective = Objective.objects.create(
        plan=plan, priority=priority, number=number, action=f"Objective {number}", **fields
    )
    if group is not None:
        add_owner(objective, group)
    return objective


def save(objective, rag):
    objective.rag = rag
    objective.save()


def boards(user, **choices):
    """The dashboard's plan panels for the person and choices, by plan."""
    frame = dashboard_frame(user, **choices)
    made = plan_dashboards(
        frame["chosen"],
        group=frame["chosen_group"],
        today=TODAY,
        link_reports=frame["link_reports"],
    )
    return {board.plan.pk: board for board in made}


def test_each_plan_counts_its_own_objectives_at_the_end_of_each_of_its_quarters(
    executive, plan, priority, short_plan, short_priority
):
    x = make(plan, priority, "1.1")
    save(x, "red")
    save(x, "green")
    dated(x.pk, datetime.date(2025, 5, 1), datetime.date(2025, 8, 10), datetime.date(2026, 1, 5))
    y = make(plan, priority, "1.2")
    save(y, "amber")
    dated(y.pk, datetime.date(2025, 9, 1), datetime.date(2025, 12, 31))
    gone = make(plan, priority, "1.3")
    gone_pk = gone.pk
    gone.delete()
    dated(gone_pk, datetime.date(2025, 5, 1), datetime.date(2025, 11, 1))
    w = make(short_plan, short_priority, "1.1", rag="red")
    save(w, "complete")
    dated(w.pk, datetime.date(2025, 10, 5), datetime.date(2026, 1, 31))

    found = boards(executive)
    assert figures(found[plan.pk].quarter_chart) == [
        ("Quarter to 30 Jun 2025", {"not_started": 2}),
        ("Quarter to 30 Sep 2025", {"red": 1, "not_started": 2}),
        ("Quarter to 31 Dec 2025", {"red": 1, "amber": 1}),
        ("Quarter to 15 Feb 2026", {"green": 1, "amber": 1}),
    ]
    assert figures(found[short_plan.pk].quarter_chart) == [
        ("Quarter to 31 Dec 2025", {"red": 1}),
        ("Quarter to 31 Jan 2026", {"complete": 1}),
    ]
    assert [s.words for s in found[short_plan.pk].quarter_chart.series] == [
        "Not started",
        "Red: Behind",
        "Blue: On track",
        "Complete: Done",
    ]


def test_quarters_of_the_group_chosen_count_only_the_objectives_it_owns(
    executive, plan, priority, group, other_group
):
    mine = make(plan, priority, "1.1", group, rag="red")
    theirs = make(plan, priority, "1.2", other_group, rag="amber")
    for objective in (mine, theirs):
        dated(objective.pk, datetime.date(2025, 5, 1))
    board = boards(executive, group_id=group.pk)[plan.pk]
    assert {counts.get("red", 0) for _, counts in figures(board.quarter_chart)} == {1}
    assert all("amber" not in counts for _, counts in figures(board.quarter_chart))


def test_a_change_of_owners_moves_the_groups_quarters_gone_by_at_once(
    executive, plan, priority, group, other_group, business_unit
):
    """The counts of quarters gone by are kept (kscp.core.history.kept_counts_at). The group
    owns 1.1 and 1.3, the other group 1.2; 1.1 and 1.2 then swap owners. Their history rows
    are of the same number and sum of ids (1.1: the first and fourth, 1.2: the second and
    third) and 1.3 holds the latest: the group's quarters count 1.2 at once."""
    first = make(plan, priority, "1.1", group)
    second = make(plan, priority, "1.2", other_group)
    save(second, "amber")
    save(first, "red")
    third = make(plan, priority, "1.3", group, rag="green")
    dated(first.pk, datetime.date(2025, 5, 1), datetime.date(2025, 5, 4))
    dated(second.pk, datetime.date(2025, 5, 2), datetime.date(2025, 5, 3))
    dated(third.pk, datetime.date(2025, 5, 5))
    before = figures(boards(executive, group_id=group.pk)[plan.pk].quarter_chart)
    assert before[0][1] == {"red": 1, "green": 1}
    owners_set(item=first, owners=[(other_group, "lead")], user=business_unit)
    owners_set(item=second, owners=[(group, "lead")], user=business_unit)
    after = figures(boards(executive, group_id=group.pk)[plan.pk].quarter_chart)
    assert all(counts == {"amber": 1, "green": 1} for _, counts in after), after


def test_rag_by_priority_counts_each_plans_objectives_once_with_their_links(
    executive, plan, priority, group, other_group, short_plan, short_priority
):
    second = Priority.objects.create(plan=plan, number=2, title="A second priority")
    both = make(plan, priority, "1.1", group, rag="red")
    add_owner(both, other_group, role="supporting")
    make(plan, priority, "1.2", other_group, rag="red")
    make(plan, second, "2.1", group, rag="green")
    make(short_plan, short_priority, "1.1", group, rag="blue")

    found = boards(executive)
    assert figures(found[plan.pk].priority_chart) == [
        ("1. The child's lived experience", {"red": 2}),
        ("2. A second priority", {"green": 1}),
    ]
    assert figures(found[short_plan.pk].priority_chart) == [("1. Neglect", {"blue": 1})]
    assert found[plan.pk].total == 3 and found[short_plan.pk].total == 1

    chosen = boards(executive, group_id=group.pk)[plan.pk]
    assert figures(chosen.priority_chart) == [
        ("1. The child's lived experience", {"red": 1}),
        ("2. A second priority", {"green": 1}),
    ]
    first_row = chosen.priority_chart.rows[0]
    red = [s.modifier for s in chosen.series].index("red")
    assert first_row.links[red] == (
        f"/plans/{plan.pk}/?priority={priority.pk}&rag=red&owner_group={group.pk}#objectives"
    )


def test_overdue_and_stale_objectives_are_listed_and_counted_per_plan(
    executive, plan, priority, group, other_group, short_plan, short_priority
):
    for n in range(1, 13):  # twelve overdue: the soonest due are listed
        make(plan, priority, f"1.{n}", group, due_on=datetime.date(2025, n, 1))
    make(plan, priority, "1.20", group, due_on=datetime.date(2025, 1, 1), rag="complete")
    make(plan, priority, "1.21", group, due_on=datetime.date(2026, 2, 1))  # due this month
    make(short_plan, short_priority, "1.1", other_group, due_on=datetime.date(2025, 11, 1))
    make(short_plan, short_priority, "1.2", other_group, due_on=datetime.date(2025, 12, 1))
    long_ago = at(datetime.date(2025, 6, 1))
    Objective.objects.filter(plan=plan, number__in=["1.3", "1.20", "1.21"]).update(
        updated_at=long_ago
    )
    Objective.objects.filter(plan=short_plan, number="1.2").update(updated_at=long_ago)
    Objective.objects.exclude(updated_at=long_ago).update(updated_at=at(TODAY))

    found = boards(executive)
    main, short = found[plan.pk], found[short_plan.pk]
    assert main.overdue_count == 12
    assert [o.number for o in main.overdue] == [f"1.{n}" for n in range(1, LISTED + 1)]
    assert [o.number for o in short.overdue] == ["1.1", "1.2"] and short.overdue_count == 2
    assert main.stale_count == 2  # the complete one is not stale
    assert sorted(o.number for o in main.stale) == ["1.21", "1.3"]
    assert [o.number for o in short.stale] == ["1.2"] and short.stale_count == 1
    assert [owner.group_id for owner in main.owners[main.overdue[0].pk]] == [group.pk]


def test_the_busiest_groups_are_counted_per_plan(
    executive, plan, priority, group, other_group, short_plan, short_priority
):
    overdue = datetime.date(2025, 6, 1)
    for n in range(1, 4):
        make(plan, priority, f"1.{n}", group, due_on=overdue)
    shared = make(plan, priority, "1.4", other_group, due_on=overdue)
    add_owner(shared, group, role="supporting")
    make(plan, priority, "1.5", other_group, due_on=overdue, rag="complete")
    make(short_plan, short_priority, "1.1", other_group, due_on=overdue)
    make(short_plan, short_priority, "1.2", other_group, due_on=overdue)

    found = boards(executive)
    assert [(g.name, g.overdue) for g in found[plan.pk].groups] == [
        ("Learning Sub-group", 4),
        ("Effectiveness Sub-group", 1),
    ]
    assert [(g.name, g.overdue) for g in found[short_plan.pk].groups] == [
        ("Effectiveness Sub-group", 2)
    ]
