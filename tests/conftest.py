"""Named personas, as healthchecks' alice / bob / charlie: a lead of one group, the lead of
another, an executive member, a business-unit officer and a member of another partnership,
with a small plan for them to work on."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from kscp.core.models import Agency, Group, Membership, Partnership, Sector, User
from plans.models import Action, Objective, Plan, Priority
from tests.helpers import add_owner, make_person


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing kept in the cache: a page kept by an earlier test, whose
    records were rolled back, could otherwise match a later test's (the same ids again)."""
    cache.clear()


@pytest.fixture(scope="module")
def _demo_data_for_module(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a test module inside a transaction that is rolled
    back after the module, as TestCase.setUpTestData does; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_data(_demo_data_for_module, db):
    """Kirklees and Calderdale as the fixtures describe them."""


@pytest.fixture
def partnership(db):
    return Partnership.objects.create(
        name="Northdale Safeguarding Children Partnership", short_name="NSCP", slug="northdale"
    )


@pytest.fixture
def other_partnership(db):
    return Partnership.objects.create(
        name="Southdale Safeguarding Children Partnership", short_name="SSCP", slug="southdale"
    )


@pytest.fixture
def agency(partnership):
    return Agency.objects.create(
        partnership=partnership,
        name="Northdale Council",
        sector=Sector.LOCAL_AUTHORITY,
        is_statutory_partner=True,
    )


@pytest.fixture
def lead(partnership, agency):
    return make_person("lena_lead", partnership, agency=agency)


@pytest.fixture
def other_lead(partnership):
    return make_person("oscar_otherlead", partnership)


@pytest.fixture
def member(partnership):
    return make_person("mo_member", partnership)


@pytest.fixture
def executive(partnership):
    return make_person("eve_executive", partnership, role=User.Role.EXECUTIVE)


@pytest.fixture
def scrutineer(partnership):
    return make_person("sam_scrutineer", partnership, role=User.Role.SCRUTINEER)


@pytest.fixture
def business_unit(partnership):
    return make_person("bea_business", partnership, role=User.Role.BUSINESS_UNIT)


@pytest.fixture
def outsider(other_partnership):
    return make_person("olly_outsider", other_partnership, role=User.Role.BUSINESS_UNIT)


@pytest.fixture
def group(partnership, lead, member):
    group = Group.objects.create(
        partnership=partnership,
        name="Learning Sub-group",
        kind=Group.Kind.SUB_GROUP,
        chair=lead,
        meeting_frequency="Quarterly",
    )
    Membership.objects.create(group=group, person=lead, role=Membership.Role.LEAD)
    Membership.objects.create(group=group, person=member, role=Membership.Role.MEMBER)
    return group


@pytest.fixture
def other_group(partnership, other_lead):
    group = Group.objects.create(
        partnership=partnership, name="Effectiveness Sub-group", kind=Group.Kind.SUB_GROUP
    )
    Membership.objects.create(group=group, person=other_lead, role=Membership.Role.LEAD)
    return group


@pytest.fixture
def plan(partnership):
    return Plan.objects.create(
        partnership=partnership,
        title="Northdale Business Plan 2025/2027",
        period="2025/2027",
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        version_label="V1",
        status=Plan.Status.LIVE,
        key_red="Not on track",
        key_amber="Some slippage",
        key_green="On track",
        key_complete="Complete",
    )


@pytest.fixture
def second_live_plan(partnership):
    """A second live plan of the partnership, for 2026/2027, with no objectives yet."""
    return Plan.objects.create(
        partnership=partnership,
        title="Northdale Neglect Strategy Plan",
        period="2026/2027",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        status=Plan.Status.LIVE,
    )


@pytest.fixture
def priority(plan):
    return Priority.objects.create(
        plan=plan,
        number=1,
        title="The child's lived experience",
        aim="Professionals reflect the child's lived experience",
    )


@pytest.fixture
def objective(plan, priority, group):
    objective = Objective.objects.create(
        plan=plan,
        priority=priority,
        number="1.1",
        action="Change our terminology",
        due_on=datetime.date(2026, 1, 1),
        outcome_measure="Shared understanding",
    )
    add_owner(objective, group)
    return objective


@pytest.fixture
def other_objective(plan, priority, other_group):
    objective = Objective.objects.create(
        plan=plan,
        priority=priority,
        number="1.2",
        action="Assess via case evaluations",
        due_on=datetime.date(2026, 3, 1),
    )
    add_owner(objective, other_group)
    return objective


@pytest.fixture
def action(objective, lead):
    action = Action.objects.create(
        objective=objective, label="a)", position=1, description="Agree the new words"
    )
    add_owner(action, lead)
    return action


@pytest.fixture
def other_action(other_objective):
    action = Action.objects.create(
        objective=other_objective, label="a)", position=1, description="Run the evaluation"
    )
    add_owner(action, "Audit lead")
    return action


# --- a draft plan, which the business unit writes ----------------------------------------


@pytest.fixture
def draft_plan(partnership):
    return Plan.objects.create(
        partnership=partnership,
        title="Northdale Business Plan 2027/2029",
        period="2027/2029",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2029, 3, 31),
        version_label="V1",
        status=Plan.Status.DRAFT,
        key_red="Not on track",
        key_amber="Some slippage",
        key_green="On track",
        key_complete="Complete",
    )


@pytest.fixture
def draft_priority(draft_plan):
    return Priority.objects.create(plan=draft_plan, number=1, title="Neglect")


@pytest.fixture
def draft_objective(draft_priority, group):
    objective = Objective.objects.create(
        plan=draft_priority.plan,
        priority=draft_priority,
        number="1.1",
        action="Launch the neglect strategy",
        due_on=datetime.date(2027, 9, 1),
    )
    add_owner(objective, group)
    return objective


@pytest.fixture
def draft_action(draft_objective, lead):
    action = Action.objects.create(
        objective=draft_objective, label="a)", position=1, description="Write the strategy"
    )
    add_owner(action, lead)
    return action


# --- case reviews ------------------------------------------------------------------------
# A police representative who owns a review action and a member of the practice review
# sub-group; the case they work on is in tests/reviews/conftest.py.


@pytest.fixture
def police(partnership):
    return Agency.objects.create(
        partnership=partnership,
        name="Northdale Police",
        sector=Sector.POLICE,
        is_statutory_partner=True,
    )


@pytest.fixture
def agency_rep(partnership, police):
    return make_person("pat_police", partnership, agency=police)


@pytest.fixture
def reviewer(partnership):
    return make_person("rita_reviewer", partnership)


@pytest.fixture
def review_group(partnership, reviewer):
    group = Group.objects.create(
        partnership=partnership,
        name="Practice Review Sub-group",
        kind=Group.Kind.SUB_GROUP,
        reviews_cases=True,
    )
    Membership.objects.create(group=group, person=reviewer, role=Membership.Role.MEMBER)
    return group


# --- training ------------------------------------------------------------------------------
# A member of the learning and development sub-group, who manages training; the courses are
# in tests/training/conftest.py.


@pytest.fixture
def trainer(partnership):
    return make_person("tara_trainer", partnership)


@pytest.fixture
def training_group(partnership, trainer):
    group = Group.objects.create(
        partnership=partnership,
        name="Learning and Development Sub-group",
        kind=Group.Kind.SUB_GROUP,
        manages_training=True,
    )
    Membership.objects.create(group=group, person=trainer, role=Membership.Role.MEMBER)
    return group
