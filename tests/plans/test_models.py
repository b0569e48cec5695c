import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kscp.core.tracking import overdue_q, stale_cutoff, stale_q
from plans.models import Action, Objective, Plan, Priority, number_sort_key
from tests.helpers import errors_of

pytestmark = pytest.mark.django_db


def test_priority_numbers_are_unique_within_a_plan(priority):
    with pytest.raises(IntegrityError), transaction.atomic():
        Priority.objects.create(plan=priority.plan, number=priority.number, title="Again")


def test_objective_numbers_are_unique_within_a_plan(objective, priority):
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(
            plan=objective.plan, priority=priority, number="1.1", action="Duplicate"
        )


def test_the_same_number_may_appear_in_another_plan(objective, partnership):
    other_plan = Plan.objects.create(
        partnership=partnership,
        title="Next plan",
        period="2027",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
    )
    other_priority = Priority.objects.create(plan=other_plan, number=1, title="P1")
    Objective.objects.create(priority=other_priority, number="1.1", action="Same number")
    assert Objective.objects.filter(number="1.1").count() == 2


def test_action_positions_are_unique_within_an_objective(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(
            objective=action.objective, position=action.position, label="z)", description="Clash"
        )


def test_a_plan_cannot_end_before_it_starts(partnership):
    plan = Plan(
        partnership=partnership,
        title="Backwards",
        period="x",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    with pytest.raises(ValidationError):
        plan.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_an_objectives_priority_must_be_of_its_plan(objective, partnership):
    other_plan = Plan.objects.create(
        partnership=partnership,
        title="Other",
        period="x",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
    )
    objective.priority = Priority.objects.create(plan=other_plan, number=1, title="P")
    with pytest.raises(ValidationError):
        objective.full_clean()


def test_objective_numbers_sort_naturally():
    assert sorted(["1.10", "1.2", "2.1", "1.1"], key=number_sort_key) == [
        "1.1",
        "1.2",
        "1.10",
        "2.1",
    ]


def test_due_dates_keep_month_precision(objective):
    objective.due_on = datetime.date(2026, 5, 17)
    objective.save()
    objective.refresh_from_db()
    assert objective.due_on == datetime.date(2026, 5, 1)
    assert objective.due_display == "May 2026"


def test_an_objective_is_overdue_once_its_month_has_ended(objective):
    objective.due_on = datetime.date(2026, 5, 1)
    assert not objective.is_overdue(datetime.date(2026, 5, 31))
    assert objective.is_overdue(datetime.date(2026, 6, 1))
    objective.rag = "complete"
    assert not objective.is_overdue(datetime.date(2026, 6, 1))


def test_a_recurring_timescale_is_never_overdue(objective):
    objective.due_on, objective.due_text = None, "Each year in March"
    assert objective.due_display == "Each year in March"
    assert not objective.is_overdue(datetime.date(2030, 1, 1))


def test_a_plans_progress_key_offers_only_the_values_it_defines(plan):
    assert [value for value, _ in plan.rag_choices()] == [
        "not_started",
        "red",
        "amber",
        "green",
        "complete",
    ]
    assert dict(plan.rag_choices())["amber"] == "Amber: Some slippage"


def test_reporting_groups_must_be_of_the_plans_partnership(objective, outsider):
    from kscp.core.models import Group

    foreign = Group.objects.create(
        partnership=outsider.partnership, name="Elsewhere", kind=Group.Kind.PANEL
    )
    objective.reporting_group = foreign
    with pytest.raises(ValidationError):
        objective.full_clean()


def test_an_objective_refuses_progress_and_evidence_over_10000_characters(objective):
    objective.progress = objective.evidence = "x" * 10_000
    objective.full_clean()
    objective.progress = objective.evidence = "x" * 10_001
    assert errors_of(objective) == {
        "progress": ["Progress must be 10,000 characters or fewer"],
        "evidence": ["Evidence must be 10,000 characters or fewer"],
    }


def test_overdue_and_stale_in_python_select_what_their_queries_select(plan, priority):
    """The dashboard counts and lists overdue and stale objectives in Python
    (is_overdue, is_stale), other pages with overdue_q and stale_q: each boundary agrees."""
    today = datetime.date(2026, 6, 1)
    cutoff = stale_cutoff(today)
    made = []
    for n, (due_on, rag, updated) in enumerate(
        [
            (datetime.date(2026, 5, 1), "red", cutoff - datetime.timedelta(microseconds=1)),
            (datetime.date(2026, 6, 1), "red", cutoff),
            (datetime.date(2026, 4, 1), "complete", cutoff - datetime.timedelta(days=9)),
            (None, "amber", cutoff + datetime.timedelta(days=1)),
            (datetime.date(2026, 5, 1), "not_started", cutoff - datetime.timedelta(days=1)),
        ]
    ):
        objective = Objective.objects.create(
            plan=plan, priority=priority, number=f"1.{n}", action="A", due_on=due_on, rag=rag
        )
        Objective.objects.filter(pk=objective.pk).update(updated_at=updated)
        made.append(objective.pk)
    objectives = Objective.objects.filter(pk__in=made)
    for select, test in ((overdue_q(today), "is_overdue"), (stale_q(today), "is_stale")):
        in_query = set(objectives.filter(select).values_list("pk", flat=True))
        in_python = {o.pk for o in objectives if getattr(o, test)(today)}
        assert in_query == in_python and 0 < len(in_query) < len(made), test
