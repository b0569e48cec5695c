"""The dashboard's figures of an open round (round_progress) read ids and values only; they
must be the figures of round_state, which reads every item with its owners: for every plan
and group chosen, on the demo's rounds and on the personas' round with review actions."""

import pytest

from kscp.core.models import Group
from kscp.rounds.models import UpdateRound
from kscp.rounds.selectors import _figures, round_progress, round_state
from tests.rounds.conftest import update

pytestmark = pytest.mark.django_db


def expected(update_round, plan_ids=None, group_id=None):
    """round_progress's figures, counted from round_state's items."""
    items = [
        item
        for item in round_state(update_round).items
        if (plan_ids is None or item.plan_id in plan_ids)
        and (group_id is None or any(o.key == f"group-{group_id}" for o in item.owners))
    ]
    return (
        sum(1 for item in items if item.updated),
        len(items),
        _figures(items, lambda item: [item.plan_title]),
        _figures(items, lambda item: item.groups or ["No group"]),
    )


def figures(update_round, plan_ids=None, group_id=None):
    progress = round_progress(update_round, plan_ids=plan_ids, group_id=group_id)
    return progress.done, progress.total, progress.by_plan, progress.by_group


def every_choice(update_round):
    plans = [None, *({pk} for pk in update_round.plans.values_list("pk", flat=True))]
    groups = [
        None,
        *Group.objects.filter(partnership=update_round.partnership).values_list("pk", flat=True),
    ]
    return [(p, g) for p in plans for g in groups]


def test_the_demos_rounds_have_round_states_figures_for_every_choice(demo_data):
    rounds = UpdateRound.objects.all()
    assert rounds.count() >= 2
    checked = 0
    for update_round in rounds:
        for plan_ids, group_id in every_choice(update_round):
            assert figures(update_round, plan_ids, group_id) == expected(
                update_round, plan_ids, group_id
            ), (update_round.name, plan_ids, group_id)
            checked += 1
    assert checked > 10


def test_a_round_with_review_actions_and_updates_has_round_states_figures(
    update_round, objective, action, lead, review_action
):
    update_round.include_review_actions = True
    update_round.save()
    update(objective, lead)
    update(action, lead, rag="complete")
    done, total, by_plan, _ = figures(update_round)
    assert (done, total) == (2, 5)
    assert [f.label for f in by_plan] == [update_round.plans.get().title, "Review actions"]
    for plan_ids, group_id in every_choice(update_round):
        assert figures(update_round, plan_ids, group_id) == expected(
            update_round, plan_ids, group_id
        )
