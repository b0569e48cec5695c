import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kscp.core.models import Group, User
from plans.models import Objective, Priority
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db


def numbers(response):
    return [o.number for o in response.context["page"].object_list]


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def objectives(plan, priority, group, other_group):
    second = Priority.objects.create(plan=plan, number=2, title="Scrutiny")
    rows = [
        ("1.1", priority, "green", datetime.date(2024, 1, 1), group, "Terminology"),
        ("1.2", priority, "red", datetime.date(2099, 6, 1), other_group, "Case evaluations"),
        ("1.10", priority, "amber", datetime.date(2024, 3, 1), group, "Voice of the child"),
        ("2.1", second, "complete", datetime.date(2024, 2, 1), other_group, "Section 11 audit"),
    ]
    made = []
    for number, prio, rag, due, owner, text in rows:
        objective = Objective.objects.create(
            plan=plan, priority=prio, number=number, action=text, rag=rag, due_on=due
        )
        add_owner(objective, owner)
        made.append(objective)
    return made


def test_objectives_are_numbered_in_natural_order(signed_in, plan, objectives):
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]))
    assert numbers(response) == ["1.1", "1.2", "1.10", "2.1"]


def test_rag_counts_per_priority(signed_in, plan, objectives):
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]))
    first = response.context["priorities"][0]
    counts = {value: n for value, _, n in first.rag_counts}
    assert counts["green"] == 1 and counts["red"] == 1 and counts["amber"] == 1
    assert counts["complete"] == 0


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"rag": "red"}, ["1.2"]),
        ({"rag": ["red", "amber"]}, ["1.2", "1.10"]),
        ({"q": "section 11"}, ["2.1"]),
        ({"overdue": "on"}, ["1.1", "1.10"]),
        ({"due_before_month": "3", "due_before_year": "2024"}, ["1.1", "2.1"]),
        ({"sort": "-due"}, ["1.2", "1.10", "2.1", "1.1"]),
        ({"sort": "rag"}, ["1.2", "1.10", "1.1", "2.1"]),  # red, amber, green, complete
        ({"sort": "-rag"}, ["2.1", "1.1", "1.10", "1.2"]),
    ],
)
def test_filters_and_sorting(signed_in, plan, objectives, query, expected):
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]), query)
    assert numbers(response) == expected


def test_filter_by_priority_and_owner_group(signed_in, plan, objectives, group):
    second = plan.priorities.get(number=2)
    url = reverse("plans:plan", args=[plan.pk])
    assert numbers(signed_in.get(url, {"priority": second.pk})) == ["2.1"]
    assert numbers(signed_in.get(url, {"owner_group": group.pk})) == ["1.1", "1.10"]


def test_a_bad_filter_value_is_explained_not_a_crash(signed_in, plan, objectives):
    response = signed_in.get(
        reverse("plans:plan", args=[plan.pk]),
        {"due_before_month": "soon", "due_before_year": "2024"},
    )
    assert response.status_code == 200
    assert "due_before" in response.context["filter"].form.errors
    assert "There is a problem" in response.content.decode()
    assert "<title>Error: " in response.content.decode()


def test_owner_group_filter_offers_only_the_partnerships_groups(
    signed_in, plan, objectives, outsider
):
    Group.objects.create(
        partnership=outsider.partnership, name="Foreign group", kind=Group.Kind.PANEL
    )
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]))
    offered = list(response.context["filter"].form.fields["owner_group"].queryset)
    assert all(g.partnership_id == plan.partnership_id for g in offered)


def test_empty_filter_result_says_so(signed_in, plan, objectives):
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]), {"q": "nothing like this"})
    assert "No objectives match these filters" in response.content.decode()


def make_objectives(plan, priority, group, person, count):
    for n in range(count):
        objective = Objective.objects.create(
            plan=plan,
            priority=priority,
            number=f"9.{n + 1}",
            action=f"Objective {n}",
            due_on=datetime.date(2026, 1 + n % 12, 1),
        )
        add_owner(objective, group)
        add_owner(objective, person)


def plan_page_queries(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("plans:plan", args=[plan.pk]), {"page": 2})
    assert response.status_code == 200
    return len(queries)


def test_pagination_keeps_the_filters(signed_in, plan, priority, group, lead):
    make_objectives(plan, priority, group, lead, 60)
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]), {"q": "Objective", "page": 2})
    assert response.context["page"].number == 2
    assert len(numbers(response)) == 25
    assert "q=Objective&amp;page=3" in response.content.decode()


def test_plan_page_query_count_does_not_grow_with_objectives(signed_in, plan, priority, group):
    person = User.objects.get(username="lena_lead")
    make_objectives(plan, priority, group, person, 10)
    small = plan_page_queries(signed_in, plan)
    Objective.objects.filter(plan=plan).delete()
    make_objectives(plan, priority, group, person, 300)
    large = plan_page_queries(signed_in, plan)
    print(f"plan page queries: {small} with 10 objectives, {large} with 300")
    assert small == large, (small, large)


def test_column_headings_sort_and_keep_the_filters(signed_in, plan, objectives):
    url = reverse("plans:plan", args=[plan.pk])
    content = signed_in.get(url, {"q": "o", "sort": "due"}).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "?q=o&amp;sort=-due#objectives" in content  # the Due heading now sorts descending
    assert "?q=o&amp;sort=rag#objectives" in content


def test_sorting_by_a_shared_value_keeps_a_stable_order_across_pages(
    signed_in, plan, priority, group, lead
):
    make_objectives(plan, priority, group, lead, 60)
    Objective.objects.filter(plan=plan).update(rag="green", due_on=datetime.date(2026, 1, 1))
    url = reverse("plans:plan", args=[plan.pk])
    pages = [
        numbers(signed_in.get(url, {"sort": sort, "page": n}))
        for sort in ("rag",)
        for n in (1, 2, 3)
    ]
    seen = [number for page in pages for number in page]
    assert len(seen) == len(set(seen)) == 60


def test_search_finds_audit_references_and_evidence(signed_in, plan, priority):
    Objective.objects.create(
        plan=plan,
        priority=priority,
        number="4.1",
        action="Audit",
        references="PM 1.2, MAA24",
        evidence="Section 11 returns",
    )
    url = reverse("plans:plan", args=[plan.pk])
    assert numbers(signed_in.get(url, {"q": "maa24"})) == ["4.1"]
    assert numbers(signed_in.get(url, {"q": "section 11 returns"})) == ["4.1"]


def test_owners_show_in_order_with_support_and_groups_linked(signed_in, plan, objectives, lead):
    add_owner(objectives[0], lead, "supporting")
    add_owner(objectives[0], "An adviser", "supporting")
    html = signed_in.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    group = objectives[0].owners.first().group
    expected = (
        f'<a class="govuk-link" href="{reverse("group", args=[group.pk])}">{group.name}</a>'
        " with support from Lena Lead, An adviser"
    )
    assert expected in html
    detail = signed_in.get(reverse("plans:objective", args=[objectives[0].pk]))
    assert expected in detail.content.decode()


def test_search_finds_an_owner_in_words_once(signed_in, plan, objectives):
    add_owner(objectives[1], "Designated doctor")
    add_owner(objectives[1], "Designated nurse")
    response = signed_in.get(reverse("plans:plan", args=[plan.pk]), {"q": "designated"})
    assert numbers(response) == ["1.2"]
