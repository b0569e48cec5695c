"""Records as they stood at a moment (kscp.core.history): the one query that the plan's
as-at report and the dashboard's quarters read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kscp.core.history import end_of_day, rows_at, states_at
from plans.models import Objective

pytestmark = pytest.mark.django_db

DAY_ONE = datetime.date(2026, 1, 10)


def at(day: datetime.date) -> datetime.datetime:
    return end_of_day(day) - datetime.timedelta(hours=1)


def set_history_date(objective, day):
    objective.history.filter(history_id=objective.history.latest().history_id).update(
        history_date=at(day)
    )


def test_the_state_at_a_date_is_the_last_change_before_its_end(objective):
    first_rag = objective.rag
    assert first_rag != "amber"
    set_history_date(objective, DAY_ONE)
    objective.rag = "amber"
    objective.progress = "Started"
    objective.save()
    set_history_date(objective, DAY_ONE + datetime.timedelta(days=5))

    history = Objective.history.filter(plan_id=objective.plan_id)
    before = states_at(history, end_of_day(DAY_ONE))[objective.pk]
    after = states_at(history, end_of_day(DAY_ONE + datetime.timedelta(days=5)))[objective.pk]
    assert (before.rag, after.rag, after.progress) == (first_rag, "amber", "Started")


def test_records_not_yet_created_or_already_deleted_are_left_out(objective, other_objective):
    set_history_date(objective, DAY_ONE)
    set_history_date(other_objective, DAY_ONE + datetime.timedelta(days=3))
    history = Objective.history.filter(plan_id=objective.plan_id)
    assert set(states_at(history, end_of_day(DAY_ONE))) == {objective.pk}

    objective.delete()
    assert objective.pk not in states_at(history, end_of_day(datetime.date(2099, 1, 1)))
    assert other_objective.pk in states_at(history, end_of_day(datetime.date(2099, 1, 1)))


def test_the_state_of_many_records_is_one_query(plan, priority, objective, other_objective):
    for n in range(20):
        Objective.objects.create(plan=plan, priority=priority, number=f"9.{n}", action="More")
    history = Objective.history.filter(plan_id=plan.pk)
    with CaptureQueriesContext(connection) as queries:
        rows = list(rows_at(history, end_of_day(datetime.date(2099, 1, 1))))
    assert len(rows) == 22
    assert len(queries) == 1


def test_counts_at_many_cutoffs_are_the_states_rows_at_reads_in_two_queries(
    plan, priority, objective, other_objective
):
    from collections import Counter

    from kscp.core.history import counts_at

    set_history_date(objective, DAY_ONE)
    set_history_date(other_objective, DAY_ONE + datetime.timedelta(days=3))
    objective.rag = "amber"
    objective.save()
    set_history_date(objective, DAY_ONE + datetime.timedelta(days=5))
    gone = Objective.objects.create(plan=plan, priority=priority, number="9.1", action="Gone")
    set_history_date(gone, DAY_ONE)
    gone_pk = gone.pk
    gone.delete()
    Objective.history.filter(id=gone_pk, history_type="-").update(
        history_date=at(DAY_ONE + datetime.timedelta(days=4))
    )
    days = [DAY_ONE + datetime.timedelta(days=n) for n in (-1, 0, 3, 4, 5)]
    cutoffs = [end_of_day(day) for day in days]
    history = Objective.history.filter(plan_id=plan.pk)
    with CaptureQueriesContext(connection) as queries:
        counts = counts_at(history, cutoffs, "rag", by="plan_id")
    assert len(queries) == 2
    for n, cutoff in enumerate(cutoffs):
        expected = Counter(row.rag for row in rows_at(history, cutoff))
        found = {rag: at[n] for (plan_id, rag), at in counts.items() if at[n]}
        assert found == dict(expected), days[n]
    assert counts[plan.pk, "not_started"] == [0, 2, 3, 2, 1]
    assert counts[plan.pk, "amber"] == [0, 0, 0, 0, 1]


def kept_counts(history, days, among):
    from kscp.core.history import kept_counts_at

    with CaptureQueriesContext(connection) as queries:
        counts = kept_counts_at(
            history, [end_of_day(day) for day in days], "rag", by="plan_id", among=among
        )
    return counts, len(queries)


def test_counts_of_days_gone_by_are_kept_until_history_of_those_days_changes(
    plan, priority, objective, other_objective
):
    from kscp.core.history import counts_at

    set_history_date(objective, DAY_ONE)
    set_history_date(other_objective, DAY_ONE)
    days = [DAY_ONE, DAY_ONE + datetime.timedelta(days=7)]
    history, plans = Objective.history.all(), [plan.pk]
    first, made = kept_counts(history, days, plans)
    assert first == counts_at(history, [end_of_day(day) for day in days], "rag", by="plan_id")
    assert first[plan.pk, "not_started"] == [2, 2]
    assert made == 3  # the rows' state, then counts_at's two queries
    # A change made today leaves the days gone by as they were: the kept counts, one query.
    objective.rag = "red"
    objective.save()
    again, made = kept_counts(history, days, plans)
    assert (again, made) == (first, 1)
    # A dated record written afterwards (a load), or removed, is counted.
    late = Objective.objects.create(plan=plan, priority=priority, number="9.1", action="Late")
    set_history_date(late, DAY_ONE + datetime.timedelta(days=3))
    loaded, made = kept_counts(history, days, plans)
    assert loaded[plan.pk, "not_started"] == [2, 3] and made == 3
    Objective.history.filter(id=late.pk).delete()
    removed, _ = kept_counts(history, days, plans)
    assert removed == first
    # The history of no record counts nothing, in no query.
    assert kept_counts(history.filter(id__in=[]), days, plans) == ({}, 0)
    assert kept_counts(history, days, []) == ({}, 0)


def test_each_plans_counts_are_kept_on_their_own_whichever_plans_are_counted_together(
    plan, priority, objective, draft_plan, draft_priority, monkeypatch
):
    from kscp.core import history as history_module

    other = Objective.objects.create(
        plan=draft_plan, priority=draft_priority, number="1.1", action="Another plan's"
    )
    set_history_date(objective, DAY_ONE)
    set_history_date(other, DAY_ONE)
    days, history = [DAY_ONE], Objective.history.all()
    both, made = kept_counts(history, days, [plan.pk, draft_plan.pk])
    assert both == {(plan.pk, "not_started"): [1], (draft_plan.pk, "not_started"): [1]}
    assert made == 3
    assert kept_counts(history, days, [draft_plan.pk]) == (
        {(draft_plan.pk, "not_started"): [1]},
        1,
    )
    counted, real = [], history_module.counts_at

    def counting(counted_history, *args, **kwargs):
        counted.append(str(counted_history.query))
        return real(counted_history, *args, **kwargs)

    monkeypatch.setattr(history_module, "counts_at", counting)
    late = Objective.objects.create(plan=plan, priority=priority, number="9.1", action="Late")
    set_history_date(late, DAY_ONE)  # a load into the first plan only
    again, made = kept_counts(history, days, [plan.pk, draft_plan.pk])
    assert again[plan.pk, "not_started"] == [2] and again[draft_plan.pk, "not_started"] == [1]
    assert made == 3 and len(counted) == 1
    assert f"IN ({plan.pk})" in counted[0]  # the other plan's counts kept


def test_a_day_still_to_come_is_counted_afresh_each_time(plan, objective):
    from django.utils import timezone

    today = timezone.localdate()
    history = Objective.history.all()
    assert kept_counts(history, [today], [plan.pk]) == ({(plan.pk, "not_started"): [1]}, 2)
    objective.rag = "red"
    objective.save()
    assert kept_counts(history, [today], [plan.pk]) == ({(plan.pk, "red"): [1]}, 2)
    assert kept_counts(history, [], [plan.pk]) == ({}, 0)
