"""Who is in a round and who has updated: an update, or a "no change" confirmation, saved
between the opening day and the end of the deadline day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kscp.core.tracking import RAG
from kscp.rounds.selectors import round_state
from plans.models import Objective
from tests.helpers import add_owner
from tests.rounds.conftest import confirm_no_change, move_history, update

pytestmark = pytest.mark.django_db


def updated_numbers(update_round):
    return sorted(item.number for item in round_state(update_round).items if item.updated)


def test_a_round_holds_every_objective_and_action_of_its_plans(update_round):
    state = round_state(update_round)
    assert sorted(item.number for item in state.items) == ["1.1", "1.1 a)", "1.2", "1.2 a)"]
    assert (state.done, state.total, state.percent) == (0, 4, 0)


def test_an_update_saved_in_the_round_counts(update_round, objective, lead):
    update(objective, lead)
    assert updated_numbers(update_round) == ["1.1"]


def test_a_no_change_confirmation_counts_and_is_in_the_history(update_round, objective, lead):
    before = objective.rag
    confirm_no_change(objective, lead)
    objective.refresh_from_db()
    assert objective.rag == before
    assert updated_numbers(update_round) == ["1.1"]
    assert objective.history.first().history_change_reason == "No change since the last update"


def test_an_update_before_the_opening_or_after_the_deadline_does_not_count(
    update_round, objective, other_objective, lead, other_lead
):
    update(objective, lead)
    move_history(objective, timezone.now() - datetime.timedelta(days=5))
    update(other_objective, other_lead)
    move_history(other_objective, timezone.now() + datetime.timedelta(days=30))
    assert updated_numbers(update_round) == []


def test_an_edit_that_is_not_an_owners_update_does_not_count(update_round, objective):
    objective.action = "Reworded by the business unit"
    objective.save()
    assert updated_numbers(update_round) == []


def test_an_item_complete_before_the_round_is_not_in_it(update_round, objective, lead):
    update(objective, lead, rag=RAG.COMPLETE, progress="Done")
    move_history(objective, timezone.now() - datetime.timedelta(days=5))
    assert "1.1" not in [item.number for item in round_state(update_round).items]


def test_an_item_completed_during_the_round_is_in_it_and_updated(update_round, objective, lead):
    update(objective, lead, rag=RAG.COMPLETE, progress="Done")
    assert updated_numbers(update_round) == ["1.1"]


def test_an_item_marked_complete_in_the_round_but_not_by_its_owner_asks_nothing(
    update_round, objective
):
    objective.rag = RAG.COMPLETE  # the business unit's edit, not an owner's update
    objective.save()
    assert "1.1" not in [item.number for item in round_state(update_round).items]


def test_an_item_added_during_the_round_is_in_it_and_one_added_after_is_not(
    update_round, plan, priority
):
    Objective.objects.create(plan=plan, priority=priority, number="1.3", action="New one")
    late = Objective.objects.create(plan=plan, priority=priority, number="1.4", action="Later")
    Objective.objects.filter(pk=late.pk).update(
        created_at=timezone.now() + datetime.timedelta(days=30)
    )
    numbers = [item.number for item in round_state(update_round).items]
    assert "1.3" in numbers and "1.4" not in numbers


def test_owners_are_people_and_groups_with_their_chairs_and_leads(
    update_round, lead, other_lead, group, other_group
):
    owners = {owner.name: owner for owner in round_state(update_round).owners}
    assert [p.username for p in owners[group.name].contacts] == [lead.username]
    assert [p.username for p in owners[other_group.name].contacts] == [other_lead.username]
    assert [p.username for p in owners[str(lead)].contacts] == [lead.username]
    # The action without a lead of its own falls to its objective's owners.
    assert sorted(i.number for i in owners[other_group.name].items) == ["1.2", "1.2 a)"]


def test_figures_by_plan_priority_and_group(update_round, objective, lead, plan, group):
    update(objective, lead)
    state = round_state(update_round)
    assert [(f.label, f.done, f.total, f.percent) for f in state.by_plan] == [
        (plan.title, 1, 4, 25)
    ]
    by_group = {f.label: (f.done, f.total) for f in state.by_group}
    assert by_group[group.name] == (1, 1)


def test_review_actions_are_in_the_round_only_when_it_includes_them(update_round, review_action):
    assert "Review action" not in {item.kind for item in round_state(update_round).items}
    update_round.include_review_actions = True
    update_round.save()
    kinds = {item.kind for item in round_state(update_round).items}
    assert "Review action" in kinds


def test_reading_a_round_takes_the_same_queries_whatever_its_size(
    update_round, plan, priority, group
):
    with CaptureQueriesContext(connection) as small:
        round_state(update_round)
    for n in range(3, 30):
        extra = Objective.objects.create(
            plan=plan, priority=priority, number=f"1.{n}", action=f"Objective {n}"
        )
        add_owner(extra, group)
    with CaptureQueriesContext(connection) as large:
        state = round_state(update_round)
    assert state.total == 31
    assert len(large) == len(small)
