"""Review actions a person's agency or groups own are on their home page, in the same
sections as their plan items (issue 14, item 13)."""

import datetime

import pytest
from django.urls import reverse

from kscp.core.services import tracked_item_update
from kscp.overview.home import your_items
from reviews.models import Review, ReviewAction
from tests.helpers import queries

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_an_agency_representative_sees_their_overdue_review_action(agency_rep, review_action):
    items = your_items(agency_rep, today=TODAY)
    assert items.overdue == [review_action]
    assert items.overdue[0].can_update


def test_review_actions_and_plan_items_share_the_sections(lead, group, objective, learning_point):
    soon = ReviewAction.objects.create(
        learning_point=learning_point,
        description="Train the health visitors",
        owner_group=group,
        due_on=datetime.date(2026, 12, 1),
    )
    items = your_items(lead, today=TODAY)
    assert items.overdue == [objective]
    assert items.due_soon == [soon]


def test_review_actions_of_another_agency_are_not_listed(lead, review_action):
    assert not your_items(lead, today=TODAY)


def test_review_actions_of_a_closed_review_are_not_listed(agency_rep, review, review_action):
    review.stage = Review.Stage.CLOSED
    review.save()
    assert not your_items(agency_rep, today=TODAY)


def test_an_executive_of_the_owning_agency_sees_the_action_without_an_update_link(
    client, executive, police, review_action
):
    executive.agency = police
    executive.save()
    client.force_login(executive)
    content = client.get(reverse("home")).content.decode()
    assert reverse("reviews:action", args=[review_action.pk]) in content
    assert "/update/" not in content


def test_the_home_page_links_the_review_action_and_its_update_page(
    client, agency_rep, review_action, review
):
    client.force_login(agency_rep)
    content = client.get(reverse("home")).content.decode()
    assert "Your objectives and actions" in content
    assert 'id="your-overdue">Overdue <span class="govuk-!-font-weight-regular">(1)' in content
    assert reverse("reviews:action", args=[review_action.pk]) in content
    assert reverse("reviews:action_update", args=[review_action.pk]) in content
    assert "on recommendation 1" in content
    # An agency representative sees the recommendation, never the case.
    assert review.title not in content


def test_the_home_download_lists_review_actions(client, agency_rep, review_action):
    client.force_login(agency_rep)
    response = client.get(reverse("your_items_export", kwargs={"fmt": "csv"}))
    rows = [line.split(",") for line in response.content.decode("utf-8-sig").splitlines()]
    assert rows[0][:3] == ["When", "Kind", "Plan or review"]
    assert rows[1][:4] == ["Overdue", "Review action", "Case review", "Recommendation 1"]


def test_home_queries_do_not_grow_with_review_actions(
    client, agency_rep, learning_point, police, review_action
):
    client.force_login(agency_rep)
    small = queries(client, reverse("home"))
    for n in range(30):
        action = ReviewAction.objects.create(
            learning_point=learning_point,
            description=f"Step {n}",
            owner_agency=police,
            due_on=datetime.date(2026, 1 + n % 12, 1),
        )
        tracked_item_update(
            item=action,
            user=agency_rep,
            rag="green",
            progress="ok",
            evidence="",
            version=action.version,
        )
    large = queries(client, reverse("home"))
    print(f"home queries with review actions: {small} small, {large} large")
    assert small == large
