"""Owners always update their own items, whatever their role: a plan that names the
independent scrutineer or an executive member as an owner (Kirklees 2.1 and 2.3) lets them
update those items, and only those; the home page, the policy and the refusal agree."""

import pytest
from django.urls import reverse

from plans import access
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db


def update(client, objective, **data):
    payload = {
        "rag": "green",
        "progress": "On course",
        "evidence": "",
        "version": objective.version,
    }
    payload.update(data)
    return client.post(reverse("plans:objective_update", args=[objective.pk]), payload)


@pytest.mark.parametrize("persona", ["scrutineer", "executive"])
def test_named_read_only_owner_updates_their_own_objective(
    client, request, objective, other_objective, persona
):
    person = request.getfixturevalue(persona)
    add_owner(objective, person)
    client.force_login(person)
    assert access.can_update_objective(person, objective)
    assert update(client, objective).status_code == 302
    objective.refresh_from_db()
    assert (objective.rag, objective.progress) == ("green", "On course")
    # Not an item they own: refused, as the page says, to owners and the business unit only.
    refused = update(client, other_objective)
    assert refused.status_code == 403
    assert "only its owners and the business unit can change it" in refused.content.decode()


def test_named_scrutineer_leads_an_action_they_update(client, scrutineer, action):
    add_owner(action, scrutineer)
    client.force_login(scrutineer)
    assert client.get(reverse("plans:action_update", args=[action.pk])).status_code == 200


def test_named_owner_of_a_draft_or_closed_plan_does_not_update(client, scrutineer, plan, objective):
    add_owner(objective, scrutineer)
    for status in ("draft", "closed"):
        plan.status = status
        plan.save()
        objective.refresh_from_db()
        assert not access.can_update_objective(scrutineer, objective)
