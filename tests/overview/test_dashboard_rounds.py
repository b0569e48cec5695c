"""The dashboard's update rounds: the open round's completion by plan and by group for the
plan and group chosen, linked to the round's page for those who may read rounds, beside the
last closed rounds with the figures they stored."""

import datetime
import re

import pytest
from django.urls import reverse

from kscp.core.models import Group
from kscp.overview import dashboard as dashboard_module
from kscp.rounds import services as round_services
from kscp.rounds.selectors import ACTIONS, OBJECTIVES, Figure, plan_parts, round_progress
from plans.models import Objective, Priority, number_sort_key
from plans.services import owners_set
from tests.helpers import add_owner, dashboard_boards
from tests.rounds.conftest import TODAY, closed_round, update

pytestmark = pytest.mark.django_db


@pytest.fixture
def updated(update_round, objective, lead):
    """Of the round's four items, the lead's group's objective is updated: the other
    group's objective and its action (owned in words, so asked of that group), and the
    lead's own action (owned by a person, no group) are not."""
    update(objective, lead)
    return update_round


def page(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("dashboard"), query)
    assert response.status_code == 200
    return response


def test_the_open_rounds_completion_by_plan_and_by_group(client, executive, updated, plan):
    response = page(client, executive)
    progress = response.context["current_round"]
    assert (progress.done, progress.total, progress.percent) == (1, 4, 25)
    assert progress.by_plan == [Figure(plan.title, 1, 4)]
    assert sorted(progress.by_group, key=lambda f: f.label) == [
        Figure("Effectiveness Sub-group", 0, 2),
        Figure("Learning Sub-group", 1, 1),
        Figure("No group", 0, 1),
    ]
    body = response.content.decode()
    assert "Open round: " in body and "1 of 4 items updated (25%)" in body
    chart = response.context["current_round_chart"]
    assert [s.words for s in chart.series] == ["Updated", "Not yet updated"]
    figures = dict(zip([row.label for row in chart.rows], chart.bars, strict=True))
    assert figures["Learning Sub-group"].figures[0].text == "1 of 1, 100%"
    assert figures["Effectiveness Sub-group"].figures[0].text == "0 of 2, 0%"
    assert ">0 of 2, 0%</text>" in body


def test_round_figures_link_to_the_round_page_only_for_those_who_read_rounds(
    client, executive, lead, updated
):
    round_page = reverse("rounds:round", args=[updated.pk])
    body = page(client, executive).content.decode()
    assert f'href="{round_page}"' in body
    assert f'href="{round_page}?group=Learning%20Sub-group"' in body
    assert "?group=No%20group" not in body
    body = page(client, lead).content.decode()
    assert "1 of 4 items updated (25%)" in body
    assert round_page not in body


def test_the_round_figures_follow_the_plan_and_group_chosen(
    client, executive, updated, plan, other_group
):
    chosen = page(client, executive, group=other_group.pk)
    progress = chosen.context["current_round"]
    assert (progress.done, progress.total) == (0, 2)
    assert [f.label for f in progress.by_group] == ["Effectiveness Sub-group"]
    assert "0 of 2 items updated (0%) of the group chosen" in chosen.content.decode()
    progress = page(client, executive, plan=plan.pk).context["current_round"]
    assert (progress.done, progress.total) == (1, 4)


def test_a_plan_outside_the_round_is_asked_for_nothing(client, executive, updated, draft_plan):
    draft_plan.status = "live"
    draft_plan.save()
    body = page(client, executive, plan=draft_plan.pk).content.decode()
    assert "0 of 0 items updated (0%) of the plan chosen" in body
    assert "The round asks for no update of the plan chosen." in body


def test_without_an_open_round_the_panel_says_so(client, executive, plan, objective):
    body = page(client, executive).content.decode()
    assert "No update round is open." in body
    assert "No update round has closed yet." in body


def test_the_last_closed_rounds_are_beside_the_open_one(
    client, executive, lead, updated, partnership, plan, business_unit, round_items
):
    closed_round(partnership, [plan], business_unit, "Quarter 1", datetime.date(2026, 7, 3))
    closed_round(partnership, [plan], business_unit, "Quarter 2", datetime.date(2026, 10, 2))
    body = page(client, executive).content.decode()
    panel = body[body.index('id="closed-rounds"') :]
    assert re.search(
        r"Quarter 2</a>, closed 2 October 2026: 1 of 4 items updated \(25%\).*"
        r"Quarter 1</a>, closed 3 July 2026: 1 of 4 items updated \(25%\)",
        panel,
        re.S,
    )
    assert "No update round has closed yet." not in body


def test_a_second_open_round_is_named_beside_the_current_one(
    client, executive, updated, partnership, plan
):
    earlier = type(updated).objects.create(
        partnership=partnership,
        name="Quarter 2 2026/27",
        opens_on=TODAY - datetime.timedelta(days=30),
        deadline=TODAY + datetime.timedelta(days=2),
    )
    earlier.plans.add(plan)
    response = page(client, executive)
    assert response.context["current_round"].round == updated
    assert "Also open: " in response.content.decode()
    assert "Quarter 2 2026/27</a> (updates due by" in response.content.decode()


@pytest.fixture
def second_plan(second_live_plan, updated):
    """A second live plan in the round, with one objective of its own (not updated)."""
    plan = second_live_plan
    priority = Priority.objects.create(plan=plan, number=1, title="Neglect is seen early")
    Objective.objects.create(plan=plan, priority=priority, number="1.1", action="Train")
    updated.plans.add(plan)
    return plan


def figures(client, user) -> dict[str, tuple[int, int]]:
    progress = page(client, user).context["current_round"]
    return {figure.label: (figure.done, figure.total) for figure in progress.by_plan}


def test_an_update_counts_its_own_plan_again_and_keeps_the_other_plans_tally(
    client, executive, second_plan, plan, objective, action, lead, monkeypatch
):
    calls = []
    real = dashboard_module.round_tallies

    def counted(update_round, parts, **kwargs):
        calls.extend(parts)
        return real(update_round, parts, **kwargs)

    monkeypatch.setattr(dashboard_module, "round_tallies", counted)
    assert figures(client, executive) == {plan.title: (1, 4), second_plan.title: (0, 1)}
    assert sorted(calls) == sorted(plan_parts([plan.pk, second_plan.pk]))
    calls.clear()
    update(action, lead)  # an action's update counts its plan's actions again
    assert figures(client, executive) == {plan.title: (2, 4), second_plan.title: (0, 1)}
    assert calls == [(plan.pk, ACTIONS)]
    calls.clear()
    update(objective, lead, progress="Reviewed again")  # an objective's, its objectives
    shown = page(client, executive).content.decode()  # the figures as they were: kept
    assert "2 of 5 items updated (40%)" in shown
    assert calls == [(plan.pk, OBJECTIVES)]


def test_an_action_moved_to_another_plans_objective_leaves_its_plans_tally_at_once(
    client, executive, second_plan, plan, other_action
):
    assert figures(client, executive) == {plan.title: (1, 4), second_plan.title: (0, 1)}
    other_action.objective = second_plan.objectives.get()
    other_action.save()  # as the admin saves it
    assert figures(client, executive) == {plan.title: (1, 3), second_plan.title: (0, 2)}


def test_a_review_actions_update_shows_in_the_round_at_once(
    client, executive, updated, review_action, lead, business_unit
):
    updated.include_review_actions = True
    updated.save()
    before = figures(client, executive)
    assert before["Review actions"] == (0, 1)
    update(review_action, business_unit)
    assert figures(client, executive)["Review actions"] == (1, 1)


def test_objectives_renumbered_reorder_the_groups_of_the_kept_actions_tally(
    client, executive, updated, partnership, other_objective, action, other_action
):
    """Groups that own actions only come in the order of their actions' objectives: the
    actions' tally, kept while the actions do not change, is counted again when their
    objectives are renumbered."""
    for item, name in ((action, "Alpha Panel"), (other_action, "Beta Panel")):
        add_owner(item, Group.objects.create(partnership=partnership, name=name, kind="sub_group"))

    def shown():
        progress = page(client, executive).context["current_round"]
        return progress.by_group, [f.label for f in progress.by_group if f.label.endswith("Panel")]

    assert shown()[1] == ["Alpha Panel", "Beta Panel"]  # under objectives 1.1 and 1.2
    other_objective.number, other_objective.sort_key = "0.9", number_sort_key("0.9")
    other_objective.save()  # as the admin saves it
    by_group, panels = shown()
    assert panels == ["Beta Panel", "Alpha Panel"]
    assert by_group == round_progress(updated).by_group


def test_tallies_kept_and_counted_again_add_up_as_the_round_counted_afresh(
    client, executive, second_plan, partnership, action, lead
):
    zeta = Group.objects.create(partnership=partnership, name="Zeta Panel", kind="sub_group")
    add_owner(second_plan.objectives.get(), zeta)
    page(client, executive)  # every tally kept
    update(action, lead)  # the first plan's actions counted again, the rest kept
    kept = page(client, executive).context["current_round"]
    afresh = round_progress(second_plan.update_rounds.get())
    assert (kept.done, kept.total) == (afresh.done, afresh.total) == (2, 5)
    assert kept.by_plan == afresh.by_plan
    assert kept.by_group == afresh.by_group  # in the round's order, the kept one's included
    assert "Zeta Panel" in [figure.label for figure in kept.by_group]


def test_a_group_renamed_is_named_anew_in_the_kept_round(client, executive, updated, group):
    assert "Learning Sub-group" in [f.label for f in figures_by_group(client, executive)]
    group.name = "Learning and Improvement Sub-group"
    group.save()
    labels = [f.label for f in figures_by_group(client, executive)]
    assert "Learning and Improvement Sub-group" in labels and "Learning Sub-group" not in labels


def test_a_plan_added_to_the_kept_round_is_counted_at_once(
    client, executive, updated, second_live_plan, plan, business_unit
):
    priority = Priority.objects.create(plan=second_live_plan, number=1, title="Neglect")
    Objective.objects.create(plan=second_live_plan, priority=priority, number="1.1", action="T")
    assert figures(client, executive) == {plan.title: (1, 4)}  # the open rounds kept
    round_services.round_change(
        update_round=updated,
        user=business_unit,
        version=updated.version,
        plans=[plan, second_live_plan],
        include_review_actions=False,
        name=updated.name,
        opens_on=updated.opens_on,
        deadline=updated.deadline,
    )
    assert figures(client, executive) == {plan.title: (1, 4), second_live_plan.title: (0, 1)}


def test_a_round_opened_while_the_open_rounds_are_kept_is_shown_at_once(
    client, executive, updated, plan, partnership, business_unit
):
    assert page(client, executive).context["current_round"].round == updated
    later = round_services.round_open(
        partnership=partnership,
        user=business_unit,
        plans=[plan],
        include_review_actions=False,
        name="Quarter 4 2026/27",
        opens_on=TODAY,
        deadline=TODAY + datetime.timedelta(days=14),
    )
    response = page(client, executive)
    assert response.context["current_round"].round == later
    assert "Also open: " in response.content.decode()


def figures_by_group(client, user):
    return page(client, user).context["current_round"].by_group


def test_the_rounds_panel_is_drawn_again_only_when_the_rounds_figures_move(
    client, executive, updated, objective, action, lead, monkeypatch
):
    assert "1 of 4 items updated (25%)" in page(client, executive).content.decode()
    drawn = []
    real = dashboard_module.rounds_panel
    monkeypatch.setattr(
        dashboard_module, "rounds_panel", lambda *a, **k: drawn.append(a) or real(*a, **k)
    )
    update(objective, lead, progress="Reviewed again")  # updated in the round already
    assert "1 of 4 items updated (25%)" in page(client, executive).content.decode()
    assert drawn == []
    update(action, lead)
    assert "2 of 4 items updated (50%)" in page(client, executive).content.decode()
    assert len(drawn) == 1


def test_an_owner_changed_shows_at_once_in_the_kept_round_and_plans_panel(
    client, executive, updated, objective, partnership, business_unit
):
    """The owners of a plan's objectives are kept for everyone while no owner, group or
    person changes: a change of owner shows at once in the round's groups and in the
    panel of the owner group chosen."""
    zeta = Group.objects.create(partnership=partnership, name="Zeta Panel", kind="sub_group")
    assert "Zeta Panel" not in [f.label for f in figures_by_group(client, executive)]
    assert dashboard_boards(page(client, executive, group=zeta.pk))[0].total == 0
    owners_set(item=objective, owners=[(zeta, "lead")], user=business_unit)
    by_group = figures_by_group(client, executive)
    assert by_group == round_progress(updated).by_group
    assert Figure("Zeta Panel", 1, 1) in by_group
    assert dashboard_boards(page(client, executive, group=zeta.pk))[0].total == 1


def test_an_objective_moved_into_a_plan_is_counted_with_its_owners_at_once(
    client, executive, second_plan, plan, partnership
):
    """A plan's owners are kept under its objectives' ids: one moved in from another plan
    is counted under its own owner's group."""
    zeta = Group.objects.create(partnership=partnership, name="Zeta Panel", kind="sub_group")
    moved = second_plan.objectives.get()
    add_owner(moved, zeta)
    assert figures(client, executive) == {plan.title: (1, 4), second_plan.title: (0, 1)}
    moved.plan, moved.priority = plan, plan.priorities.first()
    moved.number, moved.sort_key = "1.9", number_sort_key("1.9")
    moved.save()  # as the admin saves it
    progress = page(client, executive).context["current_round"]
    assert progress.by_group == round_progress(second_plan.update_rounds.get()).by_group
    assert Figure("Zeta Panel", 0, 1) in progress.by_group
    assert {f.label: (f.done, f.total) for f in progress.by_plan}[plan.title] == (1, 5)
