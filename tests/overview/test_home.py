import datetime

import pytest
from django.urls import reverse

from kscp.overview.home import your_items
from plans.models import Action, Objective, Plan
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def owned(plan, priority, group, lead):
    def make(number, due, rag="green", due_text=""):
        objective = Objective.objects.create(
            plan=plan,
            priority=priority,
            number=number,
            action=f"Objective {number}",
            due_on=due,
            due_text=due_text,
            rag=rag,
        )
        add_owner(objective, group)
        return objective

    return {
        "overdue": make("1.1", datetime.date(2026, 10, 1)),
        "this_month": make("1.2", datetime.date(2026, 11, 1)),
        "soon": make("1.3", datetime.date(2026, 12, 1)),
        "later": make("1.4", datetime.date(2027, 6, 1)),
        "recurring": make("1.5", None, due_text="Each year in March"),
        "complete": make("1.6", datetime.date(2026, 1, 1), rag="complete"),
    }


def test_items_are_grouped_overdue_due_soon_later_complete(owned, lead):
    items = your_items(lead, today=TODAY)
    assert [o.number for o in items.overdue] == ["1.1"]
    assert [o.number for o in items.due_soon] == ["1.2", "1.3"]
    assert [o.number for o in items.later] == ["1.4", "1.5"]
    assert [o.number for o in items.complete] == ["1.6"]


def test_actions_a_person_leads_are_listed(lead, other_objective):
    action = Action.objects.create(
        objective=other_objective,
        label="a)",
        position=1,
        description="Write the report",
        due_on=datetime.date(2026, 12, 1),
    )
    add_owner(action, lead)
    items = your_items(lead, today=TODAY)
    assert [i.description for i in items.due_soon] == ["Write the report"]


def test_items_of_closed_plans_are_not_listed(owned, lead, plan):
    plan.status = Plan.Status.CLOSED
    plan.save()
    assert not your_items(lead, today=TODAY)


def test_a_plain_member_of_a_group_owns_nothing(owned, member):
    assert not your_items(member, today=TODAY)


def test_home_shows_update_links_and_words_for_rag(client, owned, lead):
    client.force_login(lead)
    content = client.get(reverse("home")).content.decode()
    assert "Your objectives and actions" in content
    assert reverse("plans:objective_update", args=[owned["overdue"].pk]) in content
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in content


def test_executive_home_lists_plans_without_update_links(client, owned, executive, plan):
    client.force_login(executive)
    content = client.get(reverse("home")).content.decode()
    assert "Your objectives and actions" not in content
    assert plan.title in content
    assert "/update/" not in content


def test_named_executive_owner_sees_their_items_and_may_update_them(client, owned, executive):
    """Owners always update their own items, whatever their role."""
    add_owner(owned["later"], executive)
    client.force_login(executive)
    content = client.get(reverse("home")).content.decode()
    assert "Your objectives and actions" in content
    assert reverse("plans:objective_update", args=[owned["later"].pk]) in content
    assert content.count("/update/") == 1


def test_home_lists_only_the_partnerships_plans(client, plan, outsider):
    client.force_login(outsider)
    assert plan.title not in client.get(reverse("home")).content.decode()
