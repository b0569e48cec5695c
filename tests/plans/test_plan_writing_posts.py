"""Every page that writes a plan, posted to by every persona: only the business unit of the
partnership changes anything; the others get 403 (or 404 from another partnership) and the
draft is left exactly as it was."""

import pytest
from django.urls import reverse

from plans.models import Action, Objective, Plan, Priority

pytestmark = pytest.mark.django_db

# (URL name, the record its pk points at, what a business unit would post)
WRITES = [
    ("plans:plan_edit", "plan", {"title": "Changed", "period": "x"}),
    ("plans:plan_publish", "plan", {}),
    ("plans:priority_add", "plan", {"number": 5, "title": "Added"}),
    ("plans:priority_edit", "priority", {"number": 1, "title": "Changed"}),
    ("plans:priority_remove", "priority", {}),
    ("plans:priority_move", "priority", {"direction": "down"}),
    ("plans:objective_add", "priority", {"number": "1.9", "action": "Added"}),
    ("plans:objective_edit", "objective", {"number": "1.1", "action": "Changed"}),
    ("plans:objective_remove", "objective", {}),
    ("plans:objective_move", "objective", {"direction": "down"}),
    ("plans:action_add", "objective", {"label": "z)", "description": "Added"}),
    ("plans:action_edit", "action", {"label": "a)", "description": "Changed"}),
    ("plans:action_remove", "action", {}),
    ("plans:action_move", "action", {"direction": "down"}),
]
REFUSED = {
    "lead": 403,
    "other_lead": 403,
    "member": 403,
    "executive": 403,
    "scrutineer": 403,
    "outsider": 404,
}


def snapshot(plan):
    return (
        list(Plan.objects.filter(pk=plan.pk).values()),
        list(Priority.objects.filter(plan=plan).values()),
        list(Objective.objects.filter(plan=plan).values()),
        list(Action.objects.filter(objective__plan=plan).values()),
    )


@pytest.mark.parametrize("persona", sorted(REFUSED))
@pytest.mark.parametrize("name,kind,data", WRITES)
def test_only_the_business_unit_writes_a_draft(
    client, request, draft_action, persona, name, kind, data
):
    objective = draft_action.objective
    plan = objective.plan
    Objective.objects.create(plan=plan, priority=objective.priority, number="1.2", action="Next")
    Action.objects.create(objective=objective, label="b)", position=2, description="Next")
    records = {
        "plan": plan,
        "priority": objective.priority,
        "objective": objective,
        "action": draft_action,
    }
    before = snapshot(plan)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse(name, args=[records[kind].pk]), {**data, "version": 1})
    assert response.status_code == REFUSED[persona]
    assert snapshot(plan) == before


@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_only_the_business_unit_creates_or_closes_a_plan(client, request, plan, persona):
    client.force_login(request.getfixturevalue(persona))
    count = Plan.objects.count()
    data = {"title": "Mine", "period": "2030", "starts_on_month": 1, "starts_on_year": 2030}
    response = client.post(reverse("plans:plan_add"), data)
    # The outsider is the business unit of another partnership: a form of their own.
    assert response.status_code == (200 if persona == "outsider" else 403)
    assert Plan.objects.count() == count
    response = client.post(reverse("plans:plan_close", args=[plan.pk]), {"version": 1})
    assert response.status_code == REFUSED[persona]
    plan.refresh_from_db()
    assert plan.is_live
