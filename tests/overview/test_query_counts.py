"""Pages read with a fixed number of queries, however many rows they show."""

import datetime

import pytest
from django.urls import reverse

from kscp.core.services import tracked_item_update
from plans.models import Action, Objective
from tests.helpers import add_owner, queries

pytestmark = pytest.mark.django_db


def grow(plan, priority, group, lead, start, count):
    """`count` more objectives owned by the group, each with two actions and two updates."""
    for n in range(start, start + count):
        objective = Objective.objects.create(
            plan=plan,
            priority=priority,
            number=f"5.{n}",
            action=f"Objective {n}",
            due_on=datetime.date(2026, 1 + n % 12, 1),
        )
        add_owner(objective, group)
        for position in (1, 2):
            action = Action.objects.create(
                objective=objective, position=position, label=str(position), description="Step"
            )
            add_owner(action, lead)
            tracked_item_update(
                item=action,
                user=lead,
                rag="green",
                progress="ok",
                evidence="",
                version=action.version,
            )


@pytest.mark.parametrize("page", ["home", "group", "objective"])
def test_page_queries_do_not_grow_with_rows(client, lead, plan, priority, group, objective, page):
    for n in range(3):
        tracked_item_update(
            item=objective,
            user=lead,
            rag="amber",
            progress=f"Update {n}",
            evidence="",
            version=objective.version,
        )
    add_owner(
        Action.objects.create(objective=objective, position=1, label="a)", description="x"), lead
    )
    urls = {
        "home": reverse("home"),
        "group": reverse("group", args=[group.pk]),
        "objective": reverse("plans:objective", args=[objective.pk]),
    }
    client.force_login(lead)
    grow(plan, priority, group, lead, 1, 3)
    small = queries(client, urls[page])
    grow(plan, priority, group, lead, 10, 40)
    for n in range(20):
        tracked_item_update(
            item=objective,
            user=lead,
            rag="green",
            progress=f"More {n}",
            evidence="",
            version=objective.version,
        )
    for position in range(2, 12):
        action = Action.objects.create(
            objective=objective, position=position, label=str(position), description="y"
        )
        add_owner(action, lead)
    large = queries(client, urls[page])
    print(f"{page} queries: {small} small, {large} large")
    assert small == large, (page, small, large)
