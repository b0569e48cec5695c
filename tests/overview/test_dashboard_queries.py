"""The executive dashboard reads every live plan's panel, its quarters and the update rounds
with a fixed number of queries: the same with one plan or ten, four quarters or twelve, few
groups or many, and an open round with few owners or many. Each is measured as the
dashboard is first made, with nothing kept in the cache (the page kept is a few queries)."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Group
from kscp.core.services import tracked_item_update
from kscp.rounds.models import UpdateRound
from plans.dashboard import MAX_QUARTERS, quarter_ends
from plans.models import Action, Objective, Plan, Priority
from tests.helpers import add_owner, dashboard_boards, queries_afresh
from tests.helpers import queries as plain_queries
from tests.rounds.conftest import closed_round

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RAGS = ["red", "amber", "green", "complete", "not_started"]


def queries(client, url) -> int:
    """The queries of the dashboard made afresh."""
    return queries_afresh(client, url)


def fresh(client, url):
    cache.clear()
    return client.get(url)


def quarters_back(count: int) -> datetime.date:
    """The first day of the quarter `count - 1` quarters before today's: a plan starting
    then has `count` quarter ends up to today."""
    months = TODAY.year * 12 + (TODAY.month - 1) // 3 * 3 - 3 * (count - 1)
    return datetime.date(months // 12, months % 12 + 1, 1)


def live_plan(partnership, n, quarters=8):
    return Plan.objects.create(
        partnership=partnership,
        title=f"Business plan {n}",
        period="Some years",
        starts_on=quarters_back(quarters),
        ends_on=TODAY + datetime.timedelta(days=400),
        version_label="V1",
        status=Plan.Status.LIVE,
        key_red="Not on track",
        key_amber="Some slippage",
        key_green="On track",
        key_complete="Complete",
    )


def fill(plan, groups, lead, priorities=2, objectives=3, first=1):
    """Priorities of objectives owned by the groups in turn, overdue, stale or neither, each
    with an action and an update in its history; the RAG statuses in the same turn each
    time, whichever tests ran before (with every objective complete, the lists of overdue
    and stale ones are empty and their owners need no query)."""
    owners, rags = itertools.cycle(groups), itertools.cycle(RAGS)
    for p in range(first, first + priorities):
        priority = Priority.objects.create(plan=plan, number=p, title=f"Priority {p}")
        for o in range(1, objectives + 1):
            objective = Objective.objects.create(
                plan=plan,
                priority=priority,
                number=f"{p}.{o}",
                action=f"Objective {p}.{o}",
                due_on=datetime.date(2025 + o % 3, 1 + o % 12, 1),
            )
            add_owner(objective, next(owners))
            add_owner(Action.objects.create(objective=objective, position=1, label="a)"), lead)
            tracked_item_update(
                item=objective,
                user=lead,
                rag=next(rags),
                progress="Moving",
                evidence="",
                version=objective.version,
            )
    Objective.objects.filter(plan=plan, number__endswith=".1").update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )


def more_groups(partnership, count, start=0):
    return [
        Group.objects.create(partnership=partnership, name=f"Group {n}", kind="sub_group")
        for n in range(start, start + count)
    ]


def open_round(partnership, plans):
    update_round = UpdateRound.objects.create(
        partnership=partnership,
        name="Quarter 3",
        opens_on=TODAY - datetime.timedelta(days=3),
        deadline=TODAY + datetime.timedelta(days=20),
    )
    update_round.plans.set(plans)
    return update_round


@pytest.fixture
def signed_in(client, executive):
    client.force_login(executive)
    return client


def test_the_same_queries_with_one_live_plan_or_ten(
    signed_in, partnership, lead, group, other_group, business_unit
):
    first = live_plan(partnership, 0)
    fill(first, [group, other_group], lead)
    update_round = open_round(partnership, [first])
    closed_round(partnership, [first], business_unit, "Q1", TODAY - datetime.timedelta(days=90))
    one = queries(signed_in, reverse("dashboard"))
    plans = [first]
    for n in range(1, 10):
        plan = live_plan(partnership, n, quarters=4 + n % 8)
        fill(plan, [group, other_group, *more_groups(partnership, 2, start=2 * n)], lead)
        plans.append(plan)
    update_round.plans.set(plans)
    closed_round(partnership, plans, business_unit, "Q2", TODAY - datetime.timedelta(days=30))
    response = fresh(signed_in, reverse("dashboard"))
    assert len(dashboard_boards(response)) == 10
    assert queries(signed_in, reverse("dashboard")) == one


def test_the_same_queries_with_four_quarters_or_twelve(signed_in, partnership, lead, group):
    plan = live_plan(partnership, 0, quarters=4)
    fill(plan, [group], lead)
    board = dashboard_boards(fresh(signed_in, reverse("dashboard")))[0]
    assert len(board.quarter_chart.rows) == 4
    four = queries(signed_in, reverse("dashboard"))
    Plan.objects.filter(pk=plan.pk).update(starts_on=quarters_back(MAX_QUARTERS + 3))
    board = dashboard_boards(fresh(signed_in, reverse("dashboard")))[0]
    assert len(board.quarter_chart.rows) == MAX_QUARTERS
    assert queries(signed_in, reverse("dashboard")) == four


def test_the_same_queries_with_plans_of_different_lengths(signed_in, partnership, lead, group):
    """Plans whose quarters end on different days (one ends before today) are read in the
    same query."""
    short = live_plan(partnership, 0, quarters=4)
    fill(short, [group], lead)
    few = queries(signed_in, reverse("dashboard"))
    ended = live_plan(partnership, 1, quarters=12)
    Plan.objects.filter(pk=ended.pk).update(ends_on=TODAY - datetime.timedelta(days=50))
    fill(ended, [group], lead)
    boards = dashboard_boards(fresh(signed_in, reverse("dashboard")))
    ended.refresh_from_db()
    assert [row.label for row in boards[1].quarter_chart.rows][-1] == (
        f"Quarter to {quarter_ends(ended.starts_on, ended.ends_on)[-1]:%-d %b %Y}"
    )
    assert queries(signed_in, reverse("dashboard")) == few


def test_the_same_queries_with_few_groups_or_many(signed_in, partnership, lead, group, other_group):
    plan = live_plan(partnership, 0)
    fill(plan, [group, other_group], lead)
    open_round(partnership, [plan])
    url = f"{reverse('dashboard')}?group={group.pk}"
    few = (queries(signed_in, reverse("dashboard")), queries(signed_in, url))
    groups = more_groups(partnership, 25)
    fill(live_plan(partnership, 1), groups, lead, priorities=3, objectives=10)
    board = dashboard_boards(fresh(signed_in, reverse("dashboard")))[1]
    assert len(board.groups) == 5
    assert (queries(signed_in, reverse("dashboard")), queries(signed_in, url)) == few


def test_the_same_queries_with_a_round_of_few_owners_or_many(
    signed_in, partnership, lead, group, business_unit
):
    plan = live_plan(partnership, 0)
    fill(plan, [group], lead, priorities=1, objectives=2)
    open_round(partnership, [plan])
    few = queries(signed_in, reverse("dashboard"))
    fill(plan, more_groups(partnership, 12), lead, priorities=1, objectives=12, first=2)
    other = live_plan(partnership, 1)
    fill(other, more_groups(partnership, 6, start=20), business_unit, priorities=2)
    UpdateRound.objects.get().plans.add(other)
    progress = fresh(signed_in, reverse("dashboard")).context["current_round"]
    assert len(progress.by_group) > 12 and len(progress.by_plan) == 2
    assert queries(signed_in, reverse("dashboard")) == few


def leads_update(objective, lead) -> None:
    objective.refresh_from_db()
    tracked_item_update(
        item=objective,
        user=lead,
        rag="red",
        progress="Slipping",
        evidence="",
        version=objective.version,
    )


def kept_and_after_an_update(client, objective, lead) -> tuple[int, int]:
    """The queries of the dashboard kept, and of the first view after a lead's update
    (that plan's panel and the rounds made again, the rest kept)."""
    url = reverse("dashboard")
    queries_afresh(client, url)
    kept = plain_queries(client, url)
    leads_update(objective, lead)
    return kept, plain_queries(client, url)


def test_the_kept_page_and_the_page_after_an_update_take_the_same_queries_with_one_plan_or_ten(
    signed_in, partnership, lead, group, other_group
):
    first = live_plan(partnership, 0)
    fill(first, [group, other_group], lead)
    open_round(partnership, [first])
    updated = Objective.objects.filter(plan=first).first()
    one = kept_and_after_an_update(signed_in, updated, lead)
    for n in range(1, 10):
        fill(live_plan(partnership, n), [group, other_group], lead, priorities=1)
    ten = kept_and_after_an_update(signed_in, updated, lead)
    assert one == ten and one[0] <= 5


def test_after_a_leads_update_the_owners_kept_are_not_read_again(
    signed_in, partnership, lead, group, other_group
):
    """A lead's update makes the plan's panel and its tally of the round again, both with
    the owners of its objectives kept (kscp.overview.dashboard: owners_of)."""
    plan = live_plan(partnership, 0)
    fill(plan, [group, other_group], lead)
    open_round(partnership, [plan])
    url = reverse("dashboard")
    queries_afresh(signed_in, url)
    leads_update(Objective.objects.filter(plan=plan).first(), lead)
    with CaptureQueriesContext(connection) as captured:
        assert signed_in.get(url).status_code == 200
    assert len(captured) > 5  # the panel and the tally made again
    assert not [query for query in captured if '"plans_owner"' in query["sql"]]
