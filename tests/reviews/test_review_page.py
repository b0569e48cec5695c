"""The review page: its stages as a task list, the publication clock, the learning with
its actions, the dissemination and the timeline; and the review form's rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.services import tracked_item_update
from reviews import selectors, services
from reviews.forms.cases import COST_NEGATIVE, STAGE_REQUIRED, TITLE_TAKEN
from reviews.models import (
    COMPLETED_BEFORE_START,
    PUBLICATION_DATE_REQUIRED,
    PUBLISHED_BEFORE_COMPLETE,
    LearningPoint,
    Review,
    ReviewAction,
    Theme,
    future_date,
)
from reviews.views.review import REVIEW_RECORDED, REVIEW_SAVED
from tests.form_data import dates
from tests.helpers import queries

pytestmark = pytest.mark.django_db


def review_data(review, **changes):
    data = {
        "title": review.title,
        "kind": review.kind,
        "stage": review.stage,
        "lead_reviewer": review.lead_reviewer,
        "lead_reviewer_independent": "on",
        "cost": "",
        "publication_url": "",
        "summary": "",
        "version": review.version,
        **dates(
            decided_on=review.decided_on,
            started_on=review.started_on,
            target_on=None,
            completed_on=None,
            published_on=None,
        ),
    }
    data.update(changes)
    return data


def edit(client, review, **changes):
    return client.post(
        reverse("reviews:review_edit", args=[review.pk]), review_data(review, **changes)
    )


def test_the_review_page_shows_the_stages_as_a_task_list(client, executive, review):
    client.force_login(executive)
    html = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert 'class="govuk-task-list"' in html
    statuses = [task.status for task in selectors.review_stages(review)]
    assert statuses == [
        "Completed",
        "Current stage",
        "Not reached yet",
        "Not reached yet",
        "Not reached yet",
        "Not reached yet",
    ]
    assert '<strong class="govuk-tag govuk-tag--light-blue">Current stage</strong>' in html


def test_no_stage_reads_as_its_own_contradiction(review):
    """The stage called "In progress" never reads "In progress — Not yet started"."""
    review.stage = Review.Stage.SCOPING
    tasks = {task.label: task.status for task in selectors.review_stages(review)}
    assert tasks["In progress"] == "Not reached yet"
    for status in tasks.values():
        assert status not in ("In progress", "Not yet started")


def test_a_published_review_has_completed_its_publication_stage(review):
    review.stage = Review.Stage.PUBLISHED
    statuses = {task.value: task.status for task in selectors.review_stages(review)}
    assert statuses["published"] == "Completed"
    assert statuses["closed"] == "Not reached yet"


def test_a_cspr_shows_its_publication_clock(client, executive, review):
    client.force_login(executive)
    html = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    clock = review.publication_clock()
    assert "Publication due by 24 December 2025" in html
    assert f'govuk-tag app-tag--clock {clock.tag_class}">{clock.status}</strong>' in html


def test_a_national_review_has_no_publication_clock(client, business_unit, partnership):
    review = services.review_create(
        partnership=partnership,
        user=business_unit,
        kind=Review.Kind.NATIONAL,
        title="SUDI",
        decided_on=datetime.date(2025, 5, 1),
    )
    client.force_login(business_unit)
    html = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Publication due" not in html


def test_the_review_page_numbers_learning_and_shows_each_actions_rag_in_words(
    client, executive, review, learning_point, review_action, dissemination
):
    client.force_login(executive)
    html = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Recommendation 1" in html
    assert review_action.description in html
    assert "Northdale Police" in html
    assert '<strong class="govuk-tag govuk-tag--grey">Not started</strong>' in html
    assert "Practitioners of every agency" in html


def test_read_only_users_see_no_change_links(
    client, executive, review, learning_point, review_action, dissemination
):
    client.force_login(executive)
    html = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    for name, pk in [
        ("reviews:review_edit", review.pk),
        ("reviews:learning_add", review.pk),
        ("reviews:learning_edit", learning_point.pk),
        ("reviews:action_add", learning_point.pk),
        ("reviews:action_edit", review_action.pk),
        ("reviews:action_update", review_action.pk),
        ("reviews:dissemination_add", review.pk),
        ("reviews:dissemination_edit", dissemination.pk),
    ]:
        assert reverse(name, args=[pk]) not in html


def test_the_business_unit_sees_the_links_to_change_and_update(
    client, business_unit, review, learning_point, review_action
):
    client.force_login(business_unit)
    html = client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert reverse("reviews:review_edit", args=[review.pk]) in html
    assert reverse("reviews:action_update", args=[review_action.pk]) in html
    assert reverse("reviews:action_edit", args=[review_action.pk]) in html


def test_the_timeline_says_who_changed_the_stage_and_when(client, business_unit, review):
    client.force_login(business_unit)
    response = edit(client, review, stage=Review.Stage.DRAFT)
    assert response.status_code == 302
    page = client.get(response.url)
    assert REVIEW_SAVED.format(title=review.title) in page.content.decode()
    entry = page.context["page"].timeline[0]
    assert entry.who == business_unit
    assert entry.subject == "Review"
    assert entry.changes == ["Stage: In progress → Draft report"]
    assert "Stage: In progress → Draft report" in page.content.decode()


def test_the_timeline_shows_themes_learning_and_action_updates(
    client, business_unit, agency_rep, review, learning_point, review_action
):
    theme = Theme.objects.get(partnership=review.partnership, name="Information exchange")
    services.review_update(review=review, user=business_unit, themes=[theme])
    tracked_item_update(
        item=review_action,
        user=agency_rep,
        rag="amber",
        progress="Half the officers briefed",
        evidence="",
        version=review_action.version,
    )
    timeline = selectors.review_page(review, user=business_unit).timeline
    changes = [(entry.who, entry.subject, entry.changes) for entry in timeline]
    assert (business_unit, "Review", ["Theme added: Information exchange"]) in changes
    assert (
        agency_rep,
        "Action for Northdale Police (recommendation 1)",
        ["Status: Not started → Amber", "Progress changed"],
    ) in changes
    assert any(subject == "Recommendation 1" and c == ["Added"] for _, subject, c in changes)


def test_business_unit_adds_a_review_without_a_notification(client, business_unit, partnership):
    client.force_login(business_unit)
    theme = Theme.objects.filter(partnership=partnership).first()
    data = {
        "title": "Serious youth violence",
        "kind": Review.Kind.NATIONAL,
        "stage": Review.Stage.IN_PROGRESS,
        "cost": "0",
        "themes": [theme.pk],
        **dates(decided_on=datetime.date(2025, 4, 10)),
    }
    response = client.post(reverse("reviews:review_add"), data, follow=True)
    review = Review.objects.get(title="Serious youth violence")
    assert REVIEW_RECORDED.format(title=review.title) in response.content.decode()
    assert review.notification is None
    assert list(review.themes.all()) == [theme]
    assert review.publication_deadline is None


def test_completion_before_the_start_is_refused(client, business_unit, review):
    client.force_login(business_unit)
    response = edit(client, review, **dates(completed_on=datetime.date(2025, 6, 30)))
    assert response.context["form"].errors["completed_on"] == [COMPLETED_BEFORE_START]


def test_publication_before_completion_is_refused(client, business_unit, review):
    client.force_login(business_unit)
    response = edit(
        client,
        review,
        stage=Review.Stage.PUBLISHED,
        **dates(completed_on=datetime.date(2025, 9, 1), published_on=datetime.date(2025, 8, 1)),
    )
    assert response.context["form"].errors["published_on"] == [PUBLISHED_BEFORE_COMPLETE]


def test_a_published_review_needs_its_publication_date(client, business_unit, review):
    client.force_login(business_unit)
    response = edit(client, review, stage=Review.Stage.PUBLISHED)
    assert response.context["form"].errors["published_on"] == [PUBLICATION_DATE_REQUIRED]


def test_a_negative_cost_is_refused(client, business_unit, review):
    client.force_login(business_unit)
    response = edit(client, review, cost="-100")
    assert response.context["form"].errors["cost"] == [COST_NEGATIVE]


def test_review_dates_cannot_be_in_the_future(client, business_unit, review):
    client.force_login(business_unit)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = edit(client, review, **dates(completed_on=tomorrow))
    assert response.context["form"].errors["completed_on"] == [future_date(Review, "completed_on")]


def test_a_target_date_may_be_in_the_future(client, business_unit, review):
    client.force_login(business_unit)
    next_year = timezone.localdate() + datetime.timedelta(days=365)
    response = edit(client, review, **dates(target_on=next_year))
    assert response.status_code == 302


def test_the_stage_is_required(client, business_unit, review):
    client.force_login(business_unit)
    response = edit(client, review, stage="")
    assert response.context["form"].errors["stage"] == [STAGE_REQUIRED]


def test_a_title_is_used_once_in_a_partnership(client, business_unit, partnership, review):
    client.force_login(business_unit)
    data = review_data(review, title="child a", kind=Review.Kind.LOCAL)
    response = client.post(reverse("reviews:review_add"), data)
    assert response.context["form"].errors["title"] == [TITLE_TAKEN]


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "reviewer"])
def test_readers_cannot_change_a_review(client, request, review_group, review, persona):
    client.force_login(request.getfixturevalue(persona))
    response = edit(client, review, stage=Review.Stage.DRAFT)
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.stage == Review.Stage.IN_PROGRESS


def grow(review, police, start, count):
    """`count` more recommendations, each with two actions and an update of each."""
    for number in range(start, start + count):
        point = LearningPoint.objects.create(
            review=review, number=number, text=f"Learning {number}", scope="partnership"
        )
        for n in range(2):
            action = ReviewAction.objects.create(
                learning_point=point,
                description=f"Action {n}",
                owner_agency=police,
                due_on=datetime.date(2026, 1 + n, 1),
            )
            tracked_item_update(
                item=action, user=None, rag="green", progress="ok", evidence="", version=1
            )


@pytest.mark.parametrize("persona", ["business_unit", "reviewer"])
def test_the_review_page_queries_do_not_grow_with_learning_and_actions(
    client, request, review_group, review, police, dissemination, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("reviews:review", args=[review.pk])
    grow(review, police, 1, 2)
    small = queries(client, url)
    grow(review, police, 10, 25)
    for stage in (Review.Stage.DRAFT, Review.Stage.AGREED):
        review.stage = stage
        review.save()
    assert queries(client, url) == small
