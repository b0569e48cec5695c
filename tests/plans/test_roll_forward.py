"""Start the next plan from this one: a new draft with the plan's priorities and progress
key, and the objectives not complete that the business unit carries forward, each with its
owners, references and actions, linking back to where it came from."""

import datetime

import pytest
from django.urls import reverse

from plans.models import DEFAULT_PROGRESS_KEY, Action, Objective, Plan
from plans.views.writing import PLAN_ROLLED_FORWARD
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db


def roll_forward_data(carried, **changes):
    data = {
        "title": "Northdale Business Plan 2027/2029",
        "period": "2027/2029",
        "starts_on_month": "4",
        "starts_on_year": "2027",
        "ends_on_month": "3",
        "ends_on_year": "2029",
        "version_label": "V1",
        "carried": [o.pk for o in carried],
    }
    data.update(changes)
    return data


@pytest.fixture
def finished(plan, priority):
    return Objective.objects.create(
        plan=plan, priority=priority, number="1.3", action="Done already", rag="complete"
    )


def test_the_form_offers_each_objective_not_complete_ticked(
    client, business_unit, plan, objective, other_objective, finished
):
    client.force_login(business_unit)
    response = client.get(reverse("plans:plan_roll_forward", args=[plan.pk]))
    carried = response.context["form"]["carried"]
    offered = [choice.data["value"].value for choice in carried]
    assert offered == [objective.pk, other_objective.pk]
    assert {int(v) for v in carried.value()} == {objective.pk, other_objective.pk}


def test_rolling_forward_carries_the_chosen_objectives_with_owners_and_actions(
    client, business_unit, plan, objective, other_objective, action, finished, lead, group
):
    objective.references = "WT CYPP, MAA24"
    add_owner(objective, lead, "supporting")
    objective.rag, objective.progress = "amber", "Half way"
    objective.save()
    Action.objects.create(
        objective=objective, label="b)", position=2, description="Done", rag="complete"
    )
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:plan_roll_forward", args=[plan.pk]),
        roll_forward_data([objective]),
        follow=True,
    )
    new_plan = Plan.objects.get(title="Northdale Business Plan 2027/2029")
    assert (
        PLAN_ROLLED_FORWARD.format(title=new_plan.title, previous=plan.title, count=1, s="")
        in response.content.decode()
    )
    assert new_plan.is_draft and new_plan.started_from == plan
    assert (new_plan.key_red, new_plan.ends_on) == (plan.key_red, datetime.date(2029, 3, 31))
    assert list(new_plan.priorities.values_list("number", "title")) == [
        (1, "The child's lived experience")
    ]
    (copy,) = new_plan.objectives.all()
    assert copy.carried_from == objective
    assert (copy.number, copy.action, copy.references) == (
        "1.1",
        objective.action,
        "WT CYPP, MAA24",
    )
    # The owners in their order and parts: the group leads, the person supports.
    assert list(copy.owners.values_list("position", "group", "person", "role")) == [
        (1, group.pk, None, "lead"),
        (2, None, lead.pk, "supporting"),
    ]
    assert (copy.rag, copy.progress) == ("not_started", "")
    (copied_action,) = copy.actions.all()
    assert copied_action.label == "a)"
    assert list(copied_action.owners.values_list("person", flat=True)) == [lead.pk]
    # The old plan is as it was, and links to the new one; the copy links back.
    objective.refresh_from_db()
    assert (objective.rag, objective.progress) == ("amber", "Half way")
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert f'Carried forward into <a class="govuk-link" href="/plans/{new_plan.pk}/"' in page
    detail = client.get(reverse("plans:objective", args=[copy.pk])).content.decode()
    assert reverse("plans:objective", args=[objective.pk]) in detail


def test_a_complete_objective_cannot_be_carried(client, business_unit, plan, finished):
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:plan_roll_forward", args=[plan.pk]), roll_forward_data([finished])
    )
    assert "carried" in response.context["form"].errors
    assert not Plan.objects.filter(started_from=plan).exists()


@pytest.mark.parametrize("persona", ["lead", "executive", "scrutineer", "outsider"])
def test_only_the_business_unit_rolls_a_plan_forward(client, request, plan, objective, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("plans:plan_roll_forward", args=[plan.pk]), roll_forward_data([objective])
    )
    assert response.status_code == (404 if persona == "outsider" else 403)
    assert not Plan.objects.filter(started_from=plan).exists()


def test_the_next_plan_proposes_to_start_the_month_after_this_one_ends(client, business_unit, plan):
    client.force_login(business_unit)
    form = client.get(reverse("plans:plan_roll_forward", args=[plan.pk])).context["form"]
    assert form["starts_on"].value() == datetime.date(2027, 4, 1)


def test_a_key_that_only_repeats_the_status_names_gives_way_to_the_proposed_meanings(
    client, business_unit, plan, objective
):
    # The Kirklees key: "Red = Red, Amber = Amber, … Complete = Completed".
    plan.key_red, plan.key_amber, plan.key_complete = "Red", " amber. ", "Completed"
    plan.key_green, plan.key_blue = "Done on time", ""
    plan.save()
    client.force_login(business_unit)
    client.post(reverse("plans:plan_roll_forward", args=[plan.pk]), roll_forward_data([objective]))
    new_plan = Plan.objects.get(started_from=plan)
    assert (new_plan.key_red, new_plan.key_amber, new_plan.key_complete) == (
        DEFAULT_PROGRESS_KEY["red"],
        DEFAULT_PROGRESS_KEY["amber"],
        DEFAULT_PROGRESS_KEY["complete"],
    )
    assert (new_plan.key_green, new_plan.key_blue) == ("Done on time", "")
