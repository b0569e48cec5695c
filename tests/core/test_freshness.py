"""What says a page's records have changed: the latest history row of each model, or of
each plan's objectives and priorities, in one query; and `Model.history`, read often, made
cheaply."""

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from kscp.core.freshness import latest_history_ids, latest_history_ids_by
from plans.dashboard import plan_stamps
from plans.models import Objective, Priority

pytestmark = pytest.mark.django_db


def test_history_reads_the_same_manager_class_each_time_and_keeps_to_its_record(
    objective, other_objective
):
    assert type(Objective.history) is type(Objective.history)
    assert Objective.history.count() == 2
    assert {row.id for row in objective.history.all()} == {objective.pk}


def test_each_plans_stamp_moves_with_its_own_objectives_and_priorities_only(
    plan, priority, objective, draft_plan
):
    other_priority = Priority.objects.create(plan=draft_plan, number=1, title="Early help")
    Objective.objects.create(plan=draft_plan, priority=other_priority, number="1.1", action="A")
    with CaptureQueriesContext(connection) as captured:
        before = plan_stamps([plan.pk, draft_plan.pk])
    assert len(captured) == 1
    assert all(part[0] > 0 for stamp in before.values() for part in stamp[:2])
    objective.progress = "Moved on"
    objective.save()
    after = plan_stamps([plan.pk, draft_plan.pk])
    assert after[plan.pk] != before[plan.pk] and after[draft_plan.pk] == before[draft_plan.pk]
    other_priority.delete()  # its objective with it
    gone = plan_stamps([plan.pk, draft_plan.pk])
    assert gone[plan.pk] == after[plan.pk] and gone[draft_plan.pk] != after[draft_plan.pk]
    assert plan_stamps([]) == {}


def test_a_model_with_no_history_of_that_value_is_nought(plan, draft_plan):
    kinds = [(Objective, "plan"), (Priority, "plan")]
    assert latest_history_ids_by(kinds, [draft_plan.pk]) == {draft_plan.pk: [0, 0]}
    with_records = latest_history_ids_by(kinds, [draft_plan.pk], with_records=True)
    assert with_records == {draft_plan.pk: [(0, 0, 0), (0, 0, 0)]}
    assert latest_history_ids_by(kinds, []) == {}


def test_a_move_to_another_plan_changes_the_stamps_of_both(plan, priority, objective, draft_plan):
    before = plan_stamps([plan.pk, draft_plan.pk])
    moved = Objective.objects.get(pk=objective.pk)
    moved.plan = draft_plan  # as the admin's form may
    moved.priority = Priority.objects.create(plan=draft_plan, number=1, title="Early help")
    moved.save()
    history_before = before[plan.pk].objectives[0]
    after = plan_stamps([plan.pk, draft_plan.pk])
    assert after[plan.pk].objectives[0] == history_before  # the move's row is the draft's
    assert after[plan.pk] != before[plan.pk] and after[draft_plan.pk] != before[draft_plan.pk]


def test_with_actions_a_plans_stamp_moves_with_its_objectives_actions_only(
    plan, action, draft_plan, draft_objective
):
    before = plan_stamps([plan.pk, draft_plan.pk], actions=True)
    assert before[plan.pk][:2] == plan_stamps([plan.pk])[plan.pk][:2]  # objectives, priorities
    action.progress = "Agreed at the workshop"
    action.save()
    after = plan_stamps([plan.pk, draft_plan.pk], actions=True)
    assert after[plan.pk] != before[plan.pk] and after[draft_plan.pk] == before[draft_plan.pk]
    assert after[plan.pk][:2] == before[plan.pk][:2]  # only the actions' part moved
    action.objective = draft_objective  # to another plan: both move
    action.save()
    moved = plan_stamps([plan.pk, draft_plan.pk], actions=True)
    assert moved[plan.pk] != after[plan.pk] and moved[draft_plan.pk] != after[draft_plan.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_latest_ids_are_read_by_a_statement_prepared_once_a_connection(
    plan, priority, objective
):
    models = [Objective, Priority]
    expected = {
        model: model.history.aggregate(latest=Max("history_id"))["latest"] for model in models
    }
    connection.close()  # a new connection: nothing prepared on it
    with CaptureQueriesContext(connection) as first:
        assert latest_history_ids(models) == expected
    with CaptureQueriesContext(connection) as second:
        assert latest_history_ids(models) == expected
    assert len(first) == len(second) == 1  # prepared and run in one
    assert first[0]["sql"].startswith("PREPARE") and second[0]["sql"].startswith("EXECUTE")
    objective.progress = "Moved on"
    objective.save()
    assert latest_history_ids(models)[Objective] > expected[Objective]  # run again, not kept
    connection.close()
    with CaptureQueriesContext(connection) as third:
        assert latest_history_ids(models)[Priority] == expected[Priority]
    assert third[0]["sql"].startswith("PREPARE")  # prepared again on the new connection
