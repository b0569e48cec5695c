"""The migration that turns the old owner fields (an objective's groups, people and other owner;
an action's lead group, person and other lead) into ordered Owner rows keeps every owner, and
a history row so that the plan "as at" a date still prints them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0007_owner")]
AFTER = [("plans", "0008_owners_from_old_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # The other apps stay at their latest: their tables are as the database has them.
    targets = targets + [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "plans"]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_owner_fields_become_owner_rows_in_order_with_history():
    apps = migrate(BEFORE)
    Partnership = apps.get_model("kscp", "Partnership")
    Group = apps.get_model("kscp", "Group")
    User = apps.get_model("kscp", "User")
    Plan = apps.get_model("plans", "Plan")
    Priority = apps.get_model("plans", "Priority")
    Objective = apps.get_model("plans", "Objective")
    Action = apps.get_model("plans", "Action")
    partnership = Partnership.objects.create(name="Northdale", short_name="NSCP", slug="n")
    first = Group.objects.create(partnership=partnership, name="First group", kind="sub_group")
    second = Group.objects.create(partnership=partnership, name="Second group", kind="sub_group")
    person = User.objects.create(username="lena", partnership=partnership)
    plan = Plan.objects.create(
        partnership=partnership,
        title="Plan",
        period="2025/2027",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    priority = Priority.objects.create(plan=plan, number=1, title="P")
    objective = Objective.objects.create(
        plan=plan, priority=priority, number="1.1", action="A", owner_text="Designated doctor"
    )
    objective.owner_groups.add(second)
    objective.owner_groups.add(first)
    objective.owner_people.add(person)
    action = Action.objects.create(
        objective=objective, label="a)", description="D", lead_group=first, lead_text="Adviser"
    )

    apps = migrate(AFTER)
    Owner = apps.get_model("plans", "Owner")
    HistoricalOwner = apps.get_model("plans", "HistoricalOwner")
    rows = Owner.objects.filter(objective_id=objective.pk).order_by("position")
    assert [(o.position, o.group_id, o.person_id, o.text, o.role) for o in rows] == [
        (1, second.pk, None, "", "lead"),
        (2, first.pk, None, "", "lead"),
        (3, None, person.pk, "", "lead"),
        (4, None, None, "Designated doctor", "lead"),
    ]
    led = Owner.objects.filter(action_id=action.pk).order_by("position")
    assert [(o.group_id, o.text) for o in led] == [(first.pk, ""), (None, "Adviser")]
    history = HistoricalOwner.objects.filter(objective_id=objective.pk)
    assert history.count() == 4
    assert {h.history_date for h in history} == {objective.created_at}
    migrate([("plans", "0009_remove_old_owner_fields")])
