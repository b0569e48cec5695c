"""Review actions: an agency's representative sees and updates only their agency's actions,
without the case details; those who see case records see every action by agency; updates
go through the update page every tracked item shares."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.lists import PAGE_SIZE
from kscp.core.models import Agency, Sector
from kscp.core.services import COMMENT_REQUIRED, RAG_NOT_IN_KEY, tracked_item_update
from kscp.core.updating import UPDATE_SAVED
from reviews.filters import NO_AGENCY
from reviews.models import LearningPoint, Review, ReviewAction, Theme

pytestmark = pytest.mark.django_db

D = datetime.date
ACTIONS = reverse("reviews:agency_actions")


def action_url(action, name="reviews:action"):
    return reverse(name, args=[action.pk])


@pytest.fixture
def council_action(learning_point, agency):
    return ReviewAction.objects.create(
        learning_point=learning_point,
        description="Audit the council's strategy discussions for non-mobile babies.",
        owner_agency=agency,
        rag="red",
        progress="No auditor yet",
        due_on=D(2026, 1, 1),
    )


@pytest.fixture
def group_action(learning_point, group):
    """An action owned by the Learning Sub-group alone, which the lead chairs."""
    return ReviewAction.objects.create(
        learning_point=learning_point,
        description="Run a practitioner event on bruising.",
        owner_group=group,
        rag="green",
    )


def descriptions(response):
    return [a.description for a in response.context["rows"]]


# --- the list ---------------------------------------------------------------------------


def test_an_agency_representative_sees_only_their_agencys_actions(
    client, agency_rep, review_action, council_action, group_action
):
    client.force_login(agency_rep)
    response = client.get(ACTIONS)
    assert descriptions(response) == [review_action.description]
    content = response.content.decode()
    assert "Your agency's review actions" in content
    assert f'href="{action_url(review_action, "reviews:action_update")}"' in content


def test_the_representative_sees_the_recommendation_not_the_case(
    client, agency_rep, review_action, notification, review
):
    client.force_login(agency_rep)
    content = client.get(ACTIONS).content.decode()
    assert "Recommendation 1:" in content
    assert "Agencies should share concerns about injuries" in content
    assert "Theme: Information exchange" in content
    for case_detail in (review.title, notification.reference, notification.summary[:20]):
        assert case_detail not in content


def test_a_lead_sees_the_actions_of_a_group_they_lead(client, lead, group_action, review_action):
    client.force_login(lead)
    assert descriptions(client.get(ACTIONS)) == [group_action.description]


def test_someone_whose_agency_owns_no_actions_sees_an_empty_state(client, member, review_action):
    client.force_login(member)
    response = client.get(ACTIONS)
    assert response.status_code == 200
    assert descriptions(response) == []
    assert "Your agency has no review actions" in response.content.decode()


@pytest.mark.parametrize("persona", ["business_unit", "executive", "scrutineer", "reviewer"])
def test_those_who_see_case_records_see_every_action_of_the_partnership(
    client, request, review_group, review_action, council_action, group_action, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(ACTIONS)
    # By agency (a group's own action last), then by due date.
    assert descriptions(response) == [
        council_action.description,
        review_action.description,
        group_action.description,
    ]
    content = response.content.decode()
    assert "Review actions by agency" in content
    assert "Child A" in content  # they may see the case, so the review is named


def test_only_those_who_may_update_get_update_links(
    client, business_unit, executive, review_action
):
    update = f'href="{action_url(review_action, "reviews:action_update")}"'
    client.force_login(business_unit)
    assert update in client.get(ACTIONS).content.decode()
    client.force_login(executive)
    assert update not in client.get(ACTIONS).content.decode()


def test_actions_are_counted_by_agency_and_status(
    client, executive, review_action, council_action, group_action, agency, police
):
    client.force_login(executive)
    rows = client.get(ACTIONS).context["by_agency"]
    assert [(r.name, r.total) for r in rows] == [
        ("Northdale Council", 1),
        ("Northdale Police", 1),
        (NO_AGENCY, 1),
    ]
    council = {value: n for value, _, n in rows[0].counts}
    assert council["red"] == 1 and council["green"] == 0
    content = client.get(ACTIONS).content.decode()
    assert f'href="?agency={agency.pk}&amp;rag=red#actions"' in content


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"agency": "police"}, ["police"]),
        ({"rag": ["red", "green"]}, ["council", "group"]),
        ({"sort": "rag"}, ["police", "council", "group"]),  # not started, red, green
        ({"sort": "-agency"}, ["police", "council", "group"]),
        ({"sort": "due"}, ["council", "police", "group"]),
        ({"overdue": "on"}, ["council", "police"]),
    ],
)
def test_everyone_list_filters_and_sorting(
    client,
    business_unit,
    review_action,
    council_action,
    group_action,
    police,
    monkeypatch,
    query,
    expected,
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 4, 2))
    names = {
        "police": review_action.description,
        "council": council_action.description,
        "group": group_action.description,
    }
    if query.get("agency") == "police":
        query = {"agency": police.pk}
    client.force_login(business_unit)
    assert descriptions(client.get(ACTIONS, query)) == [names[n] for n in expected]


def test_the_agency_filter_is_offered_only_to_those_who_see_every_action(
    client, agency_rep, business_unit, review_action
):
    client.force_login(agency_rep)
    assert "agency" not in client.get(ACTIONS).context["filter"].form.fields
    client.force_login(business_unit)
    assert "agency" in client.get(ACTIONS).context["filter"].form.fields


def test_another_partnerships_actions_are_not_listed(client, outsider, review_action):
    client.force_login(outsider)
    response = client.get(ACTIONS)
    assert descriptions(response) == []
    assert "No review actions have been recorded yet" in response.content.decode()


def test_the_list_is_paginated_keeping_the_filters(client, agency_rep, learning_point, police):
    for n in range(PAGE_SIZE + 2):
        ReviewAction.objects.create(
            learning_point=learning_point, description=f"Step {n}", owner_agency=police
        )
    client.force_login(agency_rep)
    response = client.get(ACTIONS, {"rag": "not_started"})
    assert len(response.context["rows"]) == PAGE_SIZE
    assert 'href="?rag=not_started&amp;page=2"' in response.content.decode()
    assert len(client.get(ACTIONS, {"rag": "not_started", "page": 2}).context["rows"]) == 2


def grow(review, police, start, count):
    for n in range(start, start + count):
        point = LearningPoint.objects.create(
            review=review,
            number=n + 1,
            text=f"Recommendation {n}",
            scope=LearningPoint.Scope.SINGLE_AGENCY,
            theme=Theme.objects.filter(partnership=review.partnership).first(),
        )
        other = Agency.objects.create(
            partnership=review.partnership, name=f"Agency {n}", sector=Sector.HEALTH
        )
        for owner in (police, other):
            ReviewAction.objects.create(
                learning_point=point, description=f"Step {n}", owner_agency=owner, rag="amber"
            )


@pytest.mark.parametrize("persona", ["agency_rep", "executive", "lead"])
def test_list_queries_do_not_grow_with_rows(
    client, request, review, review_action, police, group, persona
):
    client.force_login(request.getfixturevalue(persona))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ACTIONS, {"sort": "rag"}).status_code == 200
        return len(captured)

    grow(review, police, 1, 2)
    small = queries()
    grow(review, police, 10, 30)
    large = queries()
    print(f"{persona} review actions queries: {small} small, {large} large")
    assert small == large


# --- the action's page ------------------------------------------------------------------


def test_the_action_page_shows_the_action_and_the_recommendation_it_answers(
    client, agency_rep, review_action, review
):
    client.force_login(agency_rep)
    content = client.get(action_url(review_action)).content.decode()
    assert review_action.description in content
    assert "Northdale Police" in content
    assert "March 2026" in content
    assert '<strong class="govuk-tag govuk-tag--grey">Not started</strong>' in content
    assert "Agencies should share concerns about injuries to non-mobile babies." in content
    assert "Information exchange" in content
    assert review.title not in content
    assert f'href="{action_url(review_action, "reviews:action_update")}"' in content


def test_those_who_see_case_records_see_which_review_it_came_from(
    client, executive, review_action, review
):
    client.force_login(executive)
    content = client.get(action_url(review_action)).content.decode()
    assert f'href="{reverse("reviews:review", args=[review.pk])}">Child A</a>' in content
    assert f'href="{action_url(review_action, "reviews:action_update")}"' not in content


def test_the_action_page_shows_its_history(client, agency_rep, review_action):
    tracked_item_update(
        item=review_action,
        user=agency_rep,
        rag="amber",
        progress="Half the officers briefed",
        evidence="Briefing register",
        version=review_action.version,
    )
    client.force_login(agency_rep)
    response = client.get(action_url(review_action))
    latest = response.context["timeline"][0]
    assert (latest.rag_before, latest.rag_after, latest.who) == ("not_started", "amber", agency_rep)
    content = response.content.decode()
    assert "Half the officers briefed" in content
    assert "Pat Police" in content


def test_an_action_of_another_agency_answers_404(client, agency_rep, council_action):
    client.force_login(agency_rep)
    assert client.get(action_url(council_action)).status_code == 404
    assert client.get(action_url(council_action, "reviews:action_update")).status_code == 404


# --- the update -------------------------------------------------------------------------


def post_update(client, action, **data):
    payload = {"rag": "green", "progress": "", "evidence": "", "version": action.version}
    payload.update(data)
    return client.post(action_url(action, "reviews:action_update"), payload)


def test_the_representative_sets_amber_with_a_comment_and_it_shows_in_the_history(
    client, agency_rep, review_action
):
    client.force_login(agency_rep)
    response = post_update(client, review_action, rag="amber", progress="Training delayed")
    assert response.status_code == 302
    assert response.url == action_url(review_action)
    page = client.get(response.url).content.decode()
    assert UPDATE_SAVED.format(subject="the action on recommendation 1") in page
    assert "Training delayed" in page
    review_action.refresh_from_db()
    assert (review_action.rag, review_action.version) == ("amber", 2)
    latest = review_action.history.first()
    assert (latest.history_user, latest.rag, latest.prev_record.rag) == (
        agency_rep,
        "amber",
        "not_started",
    )


@pytest.mark.parametrize("rag", ["red", "amber"])
def test_red_or_amber_without_a_comment_is_refused(client, agency_rep, review_action, rag):
    client.force_login(agency_rep)
    response = post_update(client, review_action, rag=rag, progress="  ")
    assert response.status_code == 200
    assert response.context["form"].errors["progress"] == [COMMENT_REQUIRED]
    assert "<title>Error: " in response.content.decode()
    review_action.refresh_from_db()
    assert review_action.rag == "not_started"


def test_a_status_outside_the_review_actions_key_is_refused(client, agency_rep, review_action):
    client.force_login(agency_rep)
    response = post_update(client, review_action, rag="blue")
    assert response.context["form"].errors["rag"] == [RAG_NOT_IN_KEY]


def test_the_update_page_offers_the_review_actions_key(client, agency_rep, review_action):
    client.force_login(agency_rep)
    response = client.get(action_url(review_action, "reviews:action_update"))
    offered = [value for value, _ in response.context["form"].fields["rag"].choices]
    assert offered == ["not_started", "red", "amber", "green", "complete"]
    content = response.content.decode()
    assert "Update the action on recommendation 1" in content
    assert review_action.description in content


def test_a_stale_update_is_refused_and_the_other_change_shown(
    client, agency_rep, business_unit, review_action
):
    seen_version = review_action.version
    tracked_item_update(
        item=review_action,
        user=business_unit,
        rag="green",
        progress="Briefings booked",
        evidence="",
        version=seen_version,
    )
    client.force_login(agency_rep)
    response = client.post(
        action_url(review_action, "reviews:action_update"),
        {"rag": "amber", "progress": "Delayed", "evidence": "", "version": seen_version},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert (
        "Your changes have not been saved: Bea Business saved a change to this review action"
        in (errors[0])
    )
    assert "Briefings booked" in response.content.decode()
    review_action.refresh_from_db()
    assert (review_action.rag, review_action.progress) == ("green", "Briefings booked")


def test_the_business_unit_may_update_any_action(client, business_unit, council_action):
    client.force_login(business_unit)
    response = post_update(client, council_action, rag="complete", evidence="Audit report")
    assert response.status_code == 302
    council_action.refresh_from_db()
    assert council_action.rag == "complete"


def test_a_group_lead_may_update_their_groups_action(client, lead, group_action):
    client.force_login(lead)
    assert post_update(client, group_action, rag="complete").status_code == 302


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "reviewer"])
def test_readers_of_case_records_may_not_update(
    client, request, review_group, review_action, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert post_update(client, review_action, rag="green").status_code == 403
    review_action.refresh_from_db()
    assert review_action.rag == "not_started"


@pytest.mark.parametrize("persona", ["lead", "member", "outsider"])
def test_people_who_may_not_see_the_action_get_404(client, request, review_action, persona):
    client.force_login(request.getfixturevalue(persona))
    assert post_update(client, review_action, rag="green").status_code == 404
    review_action.refresh_from_db()
    assert review_action.version == 1


# --- navigation -------------------------------------------------------------------------


def nav(client):
    content = client.get(reverse("home")).content.decode()
    return ">Case reviews</a>" in content, ">Review actions</a>" in content


def test_the_navigation_offers_review_actions_to_their_owners_and_case_readers(
    client, agency_rep, member, business_unit, lead, review_action, group
):
    client.force_login(agency_rep)
    assert nav(client) == (False, True)
    client.force_login(member)
    assert nav(client) == (False, False)
    client.force_login(business_unit)
    assert nav(client) == (True, True)
    client.force_login(lead)
    assert nav(client) == (False, False)
    ReviewAction.objects.create(
        learning_point=review_action.learning_point, description="Event", owner_group=group
    )
    assert nav(client) == (False, True)


def test_the_review_actions_link_is_current_on_the_list_and_active_on_an_action(
    client, agency_rep, review_action
):
    client.force_login(agency_rep)
    content = client.get(ACTIONS).content.decode()
    assert f'href="{ACTIONS}" aria-current="page">Review actions</a>' in content
    content = client.get(action_url(review_action)).content.decode()
    assert "govuk-service-navigation__item--active" in content
    assert f'href="{ACTIONS}">Review actions</a>' in content


def test_a_review_without_a_notification_still_lists_its_actions(
    client, agency_rep, partnership, police
):
    national = Review.objects.create(
        partnership=partnership, kind=Review.Kind.NATIONAL, title="SUDI", decided_on=D(2024, 3, 1)
    )
    point = LearningPoint.objects.create(
        review=national, number=1, text="Safer sleep", scope=LearningPoint.Scope.PARTNERSHIP
    )
    ReviewAction.objects.create(learning_point=point, description="Brief", owner_agency=police)
    client.force_login(agency_rep)
    assert descriptions(client.get(ACTIONS)) == ["Brief"]
