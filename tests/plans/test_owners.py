"""Owners in the plan's order, leading or in support ("Sharon Hewitt with support from Elaine
McShane", Kirklees 4.6), several lead groups of one action (Calderdale 2.2 b)), written only
by `owners_set`, kept in history for the item's timeline and the plan "as at" a date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Group
from plans import access, services
from plans.models import Action, Objective, Owner
from plans.owner_history import NO_OWNERS
from plans.reports import plan_report
from plans.selectors import objective_timeline
from plans.services import owners_set

pytestmark = pytest.mark.django_db

LEAD, SUPPORTING = Owner.Role.LEAD, Owner.Role.SUPPORTING


def test_owners_are_kept_and_printed_in_the_plans_order_leads_then_support(
    objective, group, other_group, lead
):
    owners_set(
        item=objective,
        owners=[(other_group, LEAD), (lead, LEAD), (group, SUPPORTING), ("An adviser", SUPPORTING)],
        user=None,
    )
    owners = list(objective.owners.all())
    assert [(o.position, str(o), o.role) for o in owners] == [
        (1, "Effectiveness Sub-group", LEAD),
        (2, "Lena Lead", LEAD),
        (3, "Learning Sub-group", SUPPORTING),
        (4, "An adviser", SUPPORTING),
    ]
    assert objective.owners_text == (
        "Effectiveness Sub-group, Lena Lead with support from Learning Sub-group, An adviser"
    )
    assert [before for before, _ in objective.owners_in_order()] == [
        "",
        ", ",
        " with support from ",
        ", ",
    ]


def test_an_action_may_have_several_lead_groups(action, group, other_group):
    owners_set(item=action, owners=[(group, LEAD), (other_group, LEAD)], user=None)
    assert action.owners_text == "Learning Sub-group, Effectiveness Sub-group"


@pytest.mark.parametrize(
    "owners, message",
    [
        ([("Adviser", SUPPORTING)], services.OWNER_LEAD_FIRST),
        ([("A", LEAD), ("B", SUPPORTING), ("C", LEAD)], services.OWNER_LEAD_FIRST),
        ([("Adviser", LEAD), ("adviser", SUPPORTING)], "adviser is named twice"),
        ([("   ", LEAD)], services.OWNER_EMPTY),
        ([("x" * 301, LEAD)], "at most 300 characters"),
        ([("Adviser", "boss")], "not 'boss'"),
    ],
)
def test_owners_set_refuses_owners_out_of_order_repeated_or_empty(objective, owners, message):
    with pytest.raises(ValidationError) as error:
        owners_set(item=objective, owners=owners, user=None)
    assert message in error.value.messages[0]
    assert [str(o) for o in objective.owners.all()] == ["Learning Sub-group"]


def test_owners_set_refuses_a_group_or_person_of_another_partnership(objective, outsider):
    foreign = Group.objects.create(
        partnership=outsider.partnership, name="Elsewhere", kind=Group.Kind.PANEL
    )
    for owner in (foreign, outsider):
        with pytest.raises(ValidationError) as error:
            owners_set(item=objective, owners=[(owner, LEAD)], user=None)
        assert error.value.messages == [services.OWNER_OF_ANOTHER_PARTNERSHIP.format(name=owner)]


def test_the_database_refuses_an_owner_that_is_two_things_or_of_two_items(
    objective, action, group, lead
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Owner.objects.create(objective=objective, position=5, group=group, person=lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Owner.objects.create(objective=objective, position=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Owner.objects.create(objective=objective, action=action, position=5, group=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Owner.objects.create(objective=objective, position=1, text="Again at place 1")


def test_owners_set_writes_nothing_when_the_owners_did_not_change(objective, group):
    rows = Owner.history.count()
    owners_set(item=objective, owners=[(group, LEAD)], user=None)
    assert Owner.history.count() == rows


def test_a_change_of_owners_is_one_entry_of_the_items_timeline(
    objective, group, lead, business_unit
):
    owners_set(item=objective, owners=[(group, LEAD), (lead, SUPPORTING)], user=business_unit)
    owners_set(item=objective, owners=[], user=business_unit)
    changes = [e.changes for e in objective_timeline(objective) if e.changes]
    assert changes == [
        [f"Owners: Learning Sub-group with support from Lena Lead → {NO_OWNERS}"],
        ["Owners: Learning Sub-group → Learning Sub-group with support from Lena Lead"],
        ["Owners: Learning Sub-group"],
    ]
    newest = objective_timeline(objective)[0]
    assert (newest.who, newest.subject) == (business_unit, "Objective 1.1")


def test_an_actions_owner_changes_are_on_its_objectives_timeline(action, other_group, lead):
    owners_set(item=action, owners=[(lead, LEAD), (other_group, LEAD)], user=None)
    entry = next(e for e in objective_timeline(action.objective) if e.subject == "Action a)")
    assert entry.changes == ["Owners: Lena Lead → Lena Lead, Effectiveness Sub-group"]


def test_the_plan_as_at_a_day_prints_the_owners_as_they_stood(plan, objective, action, other_group):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    for model in (Objective, Action, Owner):
        model.history.update(history_date=two_days_ago)
    owners_set(item=objective, owners=[(other_group, LEAD)], user=None)
    owners_set(item=action, owners=[("Audit lead", LEAD)], user=None)
    then = plan_report(plan, yesterday)
    (reported,) = then.priorities[0].report_objectives
    assert reported.report_owners == "Learning Sub-group"
    assert reported.report_actions[0].report_owners == "Lena Lead"
    now = plan_report(plan, timezone.localdate()).priorities[0].report_objectives[0]
    assert (now.report_owners, now.report_actions[0].report_owners) == (
        "Effectiveness Sub-group",
        "Audit lead",
    )


def test_a_supporting_owner_updates_the_item_as_a_lead_does(client, objective, other_lead):
    owners_set(
        item=objective,
        owners=[(objective.owners.get().group, LEAD), (other_lead, SUPPORTING)],
        user=None,
    )
    fetched, can_update = access.get_objective(other_lead, objective.pk)
    assert can_update
    client.force_login(other_lead)
    assert client.get(reverse("plans:objective_update", args=[objective.pk])).status_code == 200


def test_each_lead_group_of_an_action_updates_it(action, group, other_group, other_lead, member):
    owners_set(item=action, owners=[(group, LEAD), (other_group, LEAD)], user=None)
    fetched, can_update = access.get_action(other_lead, action.pk)
    assert can_update
    assert not access.get_action(member, action.pk)[1]
