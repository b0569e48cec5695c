"""The business unit writes a draft plan in the product: creates it, adds, changes, removes
and reorders its priorities, objectives and actions; a live or closed plan is not written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kscp.core.fields import NOTE_MAX_LENGTH, text_too_long
from kscp.core.forms import DATE_NOT_REAL
from kscp.core.models import Group, User
from kscp.core.versioning import StaleUpdateError
from plans import access, services
from plans.forms import (
    OBJECTIVE_NUMBER_TAKEN,
    PLAN_ENDS_BEFORE_START,
    PRIORITY_NUMBER_TAKEN,
    RAG_NOT_IN_KEY,
    TITLE_REQUIRED,
)
from plans.models import DEFAULT_PROGRESS_KEY, Action, Objective, Plan, Priority
from plans.owner_forms import (
    OWNER_BOTH,
    OWNER_NO_LEAD,
    OWNER_NOT_OFFERED,
    OWNER_ROLE_WITHOUT_OWNER,
    OWNER_SUPPORT_BEFORE_LEAD,
    OWNER_TWICE,
    ROLE_NOT_OFFERED,
)
from plans.views.contents import OBJECTIVE_ADDED, PRIORITY_REMOVED
from plans.views.writing import PLAN_CREATED
from tests.helpers import add_owner, assert_refused_as_stale, form_errors, make_person, queries
from tests.pages import markup_problems, page_tree

pytestmark = pytest.mark.django_db


def plan_data(**changes):
    data = {
        "title": "Northdale Business Plan 2027/2029",
        "period": "2027/2029",
        "starts_on_month": "4",
        "starts_on_year": "2027",
        "ends_on_month": "3",
        "ends_on_year": "2029",
        "version_label": "V1",
        "introduction": "",
        "glossary": "",
        **{f"key_{rag}": words for rag, words in DEFAULT_PROGRESS_KEY.items()},
    }
    data.update(changes)
    return data


def objective_data(priority, **changes):
    data = {
        "priority": priority.pk,
        "number": "1.2",
        "action": "Audit the use of the neglect toolkit",
        "outcome": "Practitioners use the toolkit",
        "outcome_measure": "MAA24 audit findings",
        "difference": "Neglect is seen sooner",
        "references": "WT CYPP, MAA24",
        "due_on_month": "3",
        "due_on_year": "2028",
        "due_text": "",
        "reporting_group": "",
        "rag": "not_started",
        "progress": "",
        "evidence": "",
    }
    data.update(changes)
    return data


# --- creating a plan ------------------------------------------------------------------------


def test_create_plan_proposes_a_key_that_says_what_each_status_means(client, business_unit):
    client.force_login(business_unit)
    response = client.get(reverse("plans:plan_add"))
    form = response.context["form"]
    assert form["key_red"].value() == DEFAULT_PROGRESS_KEY["red"]
    assert form["key_red"].value() != "Red"
    # Months are GOV.UK date inputs: month and year boxes.
    assert 'name="starts_on_month"' in response.content.decode()
    assert 'name="starts_on_year"' in response.content.decode()


def test_business_unit_creates_a_draft_plan_ending_on_the_last_day_of_its_month(
    client, business_unit
):
    client.force_login(business_unit)
    response = client.post(reverse("plans:plan_add"), plan_data())
    plan = Plan.objects.get(title="Northdale Business Plan 2027/2029")
    assert response.status_code == 302
    assert response.url == reverse("plans:plan_contents", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT
    assert (plan.starts_on, plan.ends_on) == (datetime.date(2027, 4, 1), datetime.date(2029, 3, 31))
    assert plan.partnership == business_unit.partnership
    page = client.get(response.url)
    assert PLAN_CREATED.format(title=plan.title) in page.content.decode()


def test_create_plan_names_each_wrong_field(client, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:plan_add"),
        plan_data(title="", ends_on_year="2026", starts_on_month="13"),
    )
    errors = form_errors(response)
    assert errors["title"] == [TITLE_REQUIRED]
    assert errors["starts_on"] == [DATE_NOT_REAL.format(label="First month of the plan")]
    assert not Plan.objects.exists()


def test_plan_cannot_end_before_it_starts(client, business_unit):
    client.force_login(business_unit)
    response = client.post(reverse("plans:plan_add"), plan_data(ends_on_year="2026"))
    assert form_errors(response)["ends_on"] == [PLAN_ENDS_BEFORE_START]


def test_plan_details_are_limited_in_length(client, business_unit):
    client.force_login(business_unit)
    too_long = "x" * 5_001
    response = client.post(reverse("plans:plan_add"), plan_data(introduction=too_long))
    assert form_errors(response)["introduction"] == [text_too_long("Introduction", 5_000)]


def test_stale_change_of_the_plan_is_refused_naming_who_saved(client, business_unit, draft_plan):
    client.force_login(business_unit)
    url = reverse("plans:plan_edit", args=[draft_plan.pk])
    opened = draft_plan.version
    colleague = make_person("colleague_officer", draft_plan.partnership, User.Role.BUSINESS_UNIT)
    services.plan_update(plan=draft_plan, user=colleague, version=opened, title="Renamed")
    response = client.post(url, plan_data(version=opened, title="Mine"))
    assert_refused_as_stale(response, who=colleague, noun="plan")
    draft_plan.refresh_from_db()
    assert draft_plan.title == "Renamed"


# --- priorities -----------------------------------------------------------------------------


def test_business_unit_adds_and_changes_a_priority(client, business_unit, draft_priority):
    plan = draft_priority.plan
    client.force_login(business_unit)
    add = reverse("plans:priority_add", args=[plan.pk])
    assert client.get(add).context["form"]["number"].value() == 2
    response = client.post(
        add, {"number": 2, "title": "Exploitation", "aim": "", "strategic_aim": ""}
    )
    assert response.status_code == 302
    second = plan.priorities.get(number=2)
    response = client.post(
        reverse("plans:priority_edit", args=[second.pk]),
        {
            "number": 2,
            "title": "Exploitation",
            "aim": "Safer streets",
            "strategic_aim": "WT CYPP",
            "version": second.version,
        },
    )
    second.refresh_from_db()
    assert (second.aim, second.strategic_aim) == ("Safer streets", "WT CYPP")


def test_priority_number_is_unique_in_the_plan_in_words(client, business_unit, draft_priority):
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:priority_add", args=[draft_priority.plan_id]),
        {"number": 1, "title": "Again", "aim": "", "strategic_aim": ""},
    )
    assert form_errors(response)["number"] == [PRIORITY_NUMBER_TAKEN.format(number=1)]


def test_priority_with_objectives_is_not_removed(client, business_unit, draft_objective):
    priority = draft_objective.priority
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:priority_remove", args=[priority.pk]), {"version": priority.version}
    )
    assert "still has 1 objective" in str(form_errors(response)["__all__"])
    assert Priority.objects.filter(pk=priority.pk).exists()


def test_empty_priority_is_removed_after_confirmation(client, business_unit, draft_priority):
    client.force_login(business_unit)
    url = reverse("plans:priority_remove", args=[draft_priority.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": draft_priority.version}, follow=True)
    assert PRIORITY_REMOVED.format(number=1) in response.content.decode()
    assert not Priority.objects.filter(pk=draft_priority.pk).exists()


def test_moving_a_priority_up_renumbers_it_and_its_objectives(
    client, business_unit, draft_objective
):
    plan = draft_objective.plan
    second = Priority.objects.create(plan=plan, number=2, title="Exploitation")
    moved = Objective.objects.create(plan=plan, priority=second, number="2.1", action="Map it")
    client.force_login(business_unit)
    client.post(reverse("plans:priority_move", args=[second.pk]), {"direction": "up"})
    second.refresh_from_db()
    moved.refresh_from_db()
    draft_objective.refresh_from_db()
    assert (second.number, moved.number) == (1, "1.1")
    assert (draft_objective.priority.number, draft_objective.number) == (2, "2.1")


# --- objectives -----------------------------------------------------------------------------


def test_business_unit_adds_an_objective_with_every_field(
    client, business_unit, draft_objective, group, other_group, lead
):
    priority = draft_objective.priority
    client.force_login(business_unit)
    url = reverse("plans:objective_add", args=[priority.pk])
    assert client.get(url).context["form"]["number"].value() == "1.2"
    data = objective_data(
        priority,
        owner_1=f"group-{group.pk}",
        owner_1_role="lead",
        owner_2=f"person-{lead.pk}",
        owner_2_role="supporting",
        owner_3_text="Designated doctor",
        owner_3_role="supporting",
        reporting_group=other_group.pk,
        rag="amber",
        progress="Started the audit",
        evidence="Audit plan",
    )
    response = client.post(url, data, follow=True)
    assert OBJECTIVE_ADDED.format(number="1.2") in response.content.decode()
    objective = Objective.objects.get(plan=priority.plan, number="1.2")
    assert objective.due_on == datetime.date(2028, 3, 1)
    assert objective.owners_text == (
        "Learning Sub-group with support from Lena Lead, Designated doctor"
    )
    assert objective.reporting_group == other_group
    assert (objective.action, objective.outcome, objective.outcome_measure) == (
        "Audit the use of the neglect toolkit",
        "Practitioners use the toolkit",
        "MAA24 audit findings",
    )
    assert (objective.references, objective.difference) == (
        "WT CYPP, MAA24",
        "Neglect is seen sooner",
    )
    assert (objective.rag, objective.progress, objective.evidence) == (
        "amber",
        "Started the audit",
        "Audit plan",
    )


def test_objective_owners_are_only_the_partnerships_groups(
    client, business_unit, draft_priority, other_partnership
):
    theirs = Group.objects.create(partnership=other_partnership, name="Their group")
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:objective_add", args=[draft_priority.pk]),
        objective_data(draft_priority, owner_1=f"group-{theirs.pk}"),
    )
    assert form_errors(response)["owner_1"] == [OWNER_NOT_OFFERED.format(n=1)]
    assert not Objective.objects.filter(number="1.2").exists()


@pytest.mark.parametrize(
    "owners, field, message",
    [
        ({"owner_1": "G", "owner_1_text": "Designated doctor"}, "owner_1_text", OWNER_BOTH),
        ({"owner_1": "G", "owner_1_role": "supporting"}, "owner_1_role", OWNER_NO_LEAD),
        (
            {"owner_1": "G", "owner_2": "P", "owner_2_role": "supporting", "owner_3_text": "Nurse"},
            "owner_3_role",
            OWNER_SUPPORT_BEFORE_LEAD,
        ),
        ({"owner_1": "G", "owner_2": "G"}, "owner_2", OWNER_TWICE),
        ({"owner_1_role": "supporting"}, "owner_1_role", OWNER_ROLE_WITHOUT_OWNER),
        ({"owner_1_role": "boss", "owner_1": "G"}, "owner_1_role", ROLE_NOT_OFFERED),
    ],
)
def test_objective_owners_refused_in_words_on_the_place_at_fault(
    client, business_unit, draft_priority, group, lead, owners, field, message
):
    keys = {"G": f"group-{group.pk}", "P": f"person-{lead.pk}"}
    posted = {name: keys.get(value, value) for name, value in owners.items()}
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:objective_add", args=[draft_priority.pk]),
        objective_data(draft_priority, **posted),
    )
    n = int(field.split("_")[1])
    expected = message.format(n=n, name="Learning Sub-group", first=1)
    assert form_errors(response)[field] == [expected]
    assert not Objective.objects.filter(number="1.2").exists()


def test_an_owners_words_are_limited_to_300_characters(client, business_unit, draft_priority):
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:objective_add", args=[draft_priority.pk]),
        objective_data(draft_priority, owner_1_text="x" * 301),
    )
    assert "owner_1_text" in form_errors(response)


def test_the_change_page_offers_the_owners_in_order_with_places_to_spare(
    client, business_unit, draft_objective, lead
):
    add_owner(draft_objective, lead, "supporting")
    client.force_login(business_unit)
    form = client.get(reverse("plans:objective_edit", args=[draft_objective.pk])).context["form"]
    group_id = draft_objective.owners.first().group_id
    assert [form[f"owner_{n}"].value() for n in (1, 2, 3)] == [
        f"group-{group_id}",
        f"person-{lead.pk}",
        None,
    ]
    assert [form[f"owner_{n}_role"].value() for n in (1, 2)] == ["lead", "supporting"]
    assert form.owner_rows == 4


def test_objective_number_is_unique_and_rag_must_be_in_the_key(
    client, business_unit, draft_objective
):
    client.force_login(business_unit)
    draft_objective.plan.key_blue = ""
    response = client.post(
        reverse("plans:objective_add", args=[draft_objective.priority_id]),
        objective_data(draft_objective.priority, number="1.1", rag="blue"),
    )
    errors = form_errors(response)
    assert errors["number"] == [OBJECTIVE_NUMBER_TAKEN.format(number="1.1")]
    assert errors["rag"] == [RAG_NOT_IN_KEY]


def test_objective_texts_are_limited_in_length(client, business_unit, draft_priority):
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:objective_add", args=[draft_priority.pk]),
        objective_data(draft_priority, outcome="x" * (NOTE_MAX_LENGTH + 1)),
    )
    assert form_errors(response)["outcome"] == [text_too_long("Outcome", NOTE_MAX_LENGTH)]


def test_an_objective_due_on_a_recurring_timescale_has_no_month(
    client, business_unit, draft_objective
):
    priority = draft_objective.priority
    client.force_login(business_unit)
    data = objective_data(
        priority, due_on_month="", due_on_year="", due_text="Each year in March", owner_1_text="BU"
    )
    client.post(reverse("plans:objective_add", args=[priority.pk]), data)
    objective = Objective.objects.get(plan=priority.plan, number="1.2")
    assert (objective.due_on, objective.due_text) == (None, "Each year in March")


def test_stale_change_of_an_objective_is_refused(client, business_unit, draft_objective):
    client.force_login(business_unit)
    opened = draft_objective.version
    colleague = make_person("colleague_officer", business_unit.partnership, User.Role.BUSINESS_UNIT)
    services.objective_update(
        objective=draft_objective, user=colleague, version=opened, action="Theirs"
    )
    response = client.post(
        reverse("plans:objective_edit", args=[draft_objective.pk]),
        objective_data(draft_objective.priority, number="1.1", action="Mine", version=opened),
    )
    assert_refused_as_stale(response, who=colleague, noun="objective")
    draft_objective.refresh_from_db()
    assert draft_objective.action == "Theirs"


def test_removing_a_changed_objective_is_refused(business_unit, draft_objective):
    opened = draft_objective.version
    colleague = make_person("colleague_officer", business_unit.partnership, User.Role.BUSINESS_UNIT)
    services.objective_update(
        objective=draft_objective, user=colleague, version=opened, action="Theirs"
    )
    with pytest.raises(StaleUpdateError):
        services.objective_remove(objective=draft_objective, user=business_unit, version=opened)
    assert Objective.objects.filter(pk=draft_objective.pk).exists()


def test_removing_an_objective_says_its_actions_go_too(client, business_unit, draft_action):
    objective = draft_action.objective
    client.force_login(business_unit)
    url = reverse("plans:objective_remove", args=[objective.pk])
    assert "Its 1 action will be removed too." in client.get(url).content.decode()
    client.post(url, {"version": objective.version})
    assert not Objective.objects.filter(pk=objective.pk).exists()
    assert not Action.objects.filter(pk=draft_action.pk).exists()


def test_moving_an_objective_down_swaps_numbers(client, business_unit, draft_objective):
    plan = draft_objective.plan
    second = Objective.objects.create(
        plan=plan, priority=draft_objective.priority, number="1.2", action="Second"
    )
    client.force_login(business_unit)
    response = client.post(
        reverse("plans:objective_move", args=[draft_objective.pk]), {"direction": "down"}
    )
    assert response.status_code == 302
    draft_objective.refresh_from_db()
    second.refresh_from_db()
    assert (draft_objective.number, second.number) == ("1.2", "1.1")


# --- actions --------------------------------------------------------------------------------


def action_data(**changes):
    data = {
        "label": "b)",
        "description": "Train the trainers",
        "due_on_month": "",
        "due_on_year": "",
        "due_text": "Each year in March",
        "rag": "not_started",
        "progress": "",
        "evidence": "",
    }
    data.update(changes)
    return data


def test_actions_are_added_changed_reordered_and_removed(
    client, business_unit, draft_action, group
):
    objective = draft_action.objective
    client.force_login(business_unit)
    add = reverse("plans:action_add", args=[objective.pk])
    assert client.get(add).context["form"]["label"].value() == "b)"
    client.post(add, action_data(owner_1=f"group-{group.pk}", owner_2_text="Audit lead"))
    added = objective.actions.get(label="b)")
    assert (added.position, added.owners_text, added.due_text) == (
        2,
        "Learning Sub-group, Audit lead",
        "Each year in March",
    )
    client.post(
        reverse("plans:action_edit", args=[added.pk]),
        action_data(description="Train every trainer", version=added.version),
    )
    client.post(reverse("plans:action_move", args=[added.pk]), {"direction": "up"})
    added.refresh_from_db()
    draft_action.refresh_from_db()
    assert (added.description, added.position, draft_action.position) == (
        "Train every trainer",
        1,
        2,
    )
    client.post(reverse("plans:action_remove", args=[added.pk]), {"version": added.version})
    assert list(objective.actions.all()) == [draft_action]


# --- only drafts are written ----------------------------------------------------------------

WRITING_PAGES = [
    ("plans:plan_edit", "plan"),
    ("plans:plan_contents", "plan"),
    ("plans:plan_publish", "plan"),
    ("plans:priority_add", "plan"),
    ("plans:priority_edit", "priority"),
    ("plans:priority_remove", "priority"),
    ("plans:objective_add", "priority"),
    ("plans:objective_edit", "objective"),
    ("plans:objective_remove", "objective"),
    ("plans:action_add", "objective"),
    ("plans:action_edit", "action"),
    ("plans:action_remove", "action"),
]


@pytest.mark.parametrize("status", [Plan.Status.LIVE, Plan.Status.CLOSED])
@pytest.mark.parametrize("name,kind", WRITING_PAGES)
def test_a_plan_that_is_not_a_draft_is_not_written(
    client, business_unit, plan, objective, action, status, name, kind
):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    records = {
        "plan": plan,
        "priority": objective.priority,
        "objective": objective,
        "action": action,
    }
    client.force_login(business_unit)
    url = reverse(name, args=[records[kind].pk])
    refused = client.get(url)
    assert refused.status_code == 403
    assert access.NOT_A_DRAFT.format(status=status.label.lower()) in refused.content.decode()
    assert client.post(url, {"version": 1, "title": "x"}).status_code == 403


def test_services_refuse_to_write_a_live_plan(business_unit, objective):
    with pytest.raises(ValidationError) as refused:
        services.objective_update(
            objective=objective, user=business_unit, version=objective.version, action="x"
        )
    assert refused.value.messages == [services.PLAN_NOT_DRAFT.format(status="live")]


def test_contents_page_takes_the_same_queries_whatever_the_plan_holds(
    client, business_unit, draft_action, group, lead
):
    plan = draft_action.objective.plan
    client.force_login(business_unit)
    url = reverse("plans:plan_contents", args=[plan.pk])
    before = queries(client, url)
    for p in range(2, 5):
        priority = Priority.objects.create(plan=plan, number=p, title=f"Priority {p}")
        for o in range(1, 4):
            objective = Objective.objects.create(
                plan=plan, priority=priority, number=f"{p}.{o}", action="More"
            )
            add_owner(objective, group)
            add_owner(objective, lead)
            Action.objects.create(objective=objective, label="a)", description="Step")
    assert queries(client, url) == before


@pytest.mark.parametrize(
    "name,kind",
    [
        ("plans:plan_contents", "plan"),
        ("plans:plan_publish", "plan"),
        ("plans:plan_edit", "plan"),
        ("plans:objective_edit", "objective"),
        ("plans:action_edit", "action"),
        ("plans:objective_remove", "objective"),
    ],
)
def test_writing_pages_keep_the_markup_rules(client, business_unit, draft_action, name, kind):
    objective = draft_action.objective
    Action.objects.create(objective=objective, label="b)", position=2, description="Next")
    records = {"plan": objective.plan, "objective": objective, "action": draft_action}
    client.force_login(business_unit)
    response = client.get(reverse(name, args=[records[kind].pk]))
    assert markup_problems(page_tree(response)) == []
