"""An agency's representative owns a review action and sees the recommendation it answers,
never the case behind it: no notification reference or summary, no review title or summary,
no rapid review reasons, on any page they reach, even though their agency was involved in the
incident; and every list, statistic and download of case records answers them 404. So for
the lead of a group that owns an action."""

import pytest
from django.urls import reverse

from reviews.models import Notification, RapidReview, Review, ReviewAction
from reviews.statistics.tables import TABLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(notification, rapid_review, review, learning_point, review_action):
    """The fixtures' case, every text of it distinctive enough to be searched for."""
    Notification.objects.filter(pk=notification.pk).update(
        summary="Bruising found on a four-month-old at a routine clinic visit."
    )
    RapidReview.objects.filter(pk=rapid_review.pk).update(
        rationale="Missed chances to share the bruising between health and police.",
        panel_response="The Panel asked for the GP's involvement to be reviewed.",
    )
    Review.objects.filter(pk=review.pk).update(
        title="Child K",
        summary="How the partners responded to bruising in a non-mobile baby.",
        lead_reviewer="Dr Morgan Reviewerton",
    )
    for record in (notification, rapid_review, review):
        record.refresh_from_db()
    return {"notification": notification, "rapid_review": rapid_review, "review": review}


def case_details(case) -> list[str]:
    notification, rapid_review, review = (
        case["notification"],
        case["rapid_review"],
        case["review"],
    )
    return [
        notification.reference,
        notification.summary,
        review.title,
        review.summary,
        review.lead_reviewer,
        rapid_review.rationale,
        rapid_review.panel_response,
    ]


def assert_no_case_details(response, case):
    html = response.content.decode()
    for detail in case_details(case):
        assert detail not in html, detail


def update_url(review_action):
    return reverse("reviews:action_update", args=[review_action.pk])


@pytest.mark.parametrize(
    "query", [{}, {"sort": "rag"}, {"rag": "not_started"}, {"overdue": "on"}, {"page": "2"}]
)
def test_the_representatives_list_of_actions_names_no_case(
    client, agency_rep, case, review_action, query
):
    client.force_login(agency_rep)
    response = client.get(reverse("reviews:agency_actions"), query)
    assert response.status_code == 200
    assert_no_case_details(response, case)


def test_the_representative_sees_their_action_in_the_list_without_the_case(
    client, agency_rep, case, review_action
):
    client.force_login(agency_rep)
    response = client.get(reverse("reviews:agency_actions"))
    assert review_action.description in response.content.decode()
    assert_no_case_details(response, case)


def test_the_action_page_names_no_case(client, agency_rep, case, review_action):
    client.force_login(agency_rep)
    response = client.get(reverse("reviews:action", args=[review_action.pk]))
    assert response.status_code == 200
    assert review_action.description in response.content.decode()
    assert reverse("reviews:review", args=[case["review"].pk]) not in response.content.decode()
    assert_no_case_details(response, case)


def test_those_who_see_case_records_find_the_review_on_the_same_pages(
    client, executive, case, review_action
):
    """The searches above would find a case detail if a page showed one."""
    client.force_login(executive)
    for url in (
        reverse("reviews:agency_actions"),
        reverse("reviews:action", args=[review_action.pk]),
    ):
        assert case["review"].title in client.get(url).content.decode()


def test_the_update_page_names_no_case(client, agency_rep, case, review_action):
    client.force_login(agency_rep)
    response = client.get(update_url(review_action))
    assert response.status_code == 200
    assert_no_case_details(response, case)


def test_the_update_page_with_errors_names_no_case(client, agency_rep, case, review_action):
    client.force_login(agency_rep)
    response = client.post(
        update_url(review_action),
        {"rag": "red", "progress": "", "evidence": "", "version": review_action.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert_no_case_details(response, case)


def test_the_update_refused_as_out_of_date_names_no_case(
    client, agency_rep, business_unit, case, review_action
):
    seen = review_action.version
    client.force_login(business_unit)
    client.post(
        update_url(review_action),
        {"rag": "green", "progress": "Booked", "evidence": "", "version": seen},
    )
    client.force_login(agency_rep)
    response = client.post(
        update_url(review_action),
        {"rag": "amber", "progress": "Delayed", "evidence": "", "version": seen},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert_no_case_details(response, case)


def test_the_page_after_a_saved_update_names_no_case(client, agency_rep, case, review_action):
    client.force_login(agency_rep)
    response = client.post(
        update_url(review_action),
        {"rag": "green", "progress": "Briefings booked", "evidence": "", "version": 1},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("reviews:action", args=[review_action.pk])
    assert "Briefings booked" in response.content.decode()
    assert_no_case_details(response, case)


def test_the_home_page_names_no_case(client, agency_rep, case):
    client.force_login(agency_rep)
    assert_no_case_details(client.get(reverse("home")), case)


CASE_PAGES = [
    ("reviews:list", {}),
    ("reviews:list", {"year": "2025"}),
    ("reviews:review_list", {}),
    ("reviews:review_list", {"year": "2025"}),
    ("reviews:statistics", {}),
    ("reviews:statistics", {"year": "2025"}),
]


@pytest.mark.parametrize("name, query", CASE_PAGES)
def test_the_case_lists_and_statistics_answer_the_representative_404(
    client, agency_rep, case, name, query
):
    client.force_login(agency_rep)
    response = client.get(reverse(name), query)
    assert response.status_code == 404
    assert_no_case_details(response, case)


@pytest.mark.parametrize("table", sorted(TABLES))
@pytest.mark.parametrize("query", [{}, {"year": "2025"}])
def test_every_statistics_download_answers_the_representative_404(
    client, agency_rep, case, table, query
):
    client.force_login(agency_rep)
    response = client.get(reverse("reviews:statistics_csv", args=[table]), query)
    assert response.status_code == 404
    assert_no_case_details(response, case)


@pytest.mark.parametrize(
    "name, record",
    [
        ("reviews:notification", "notification"),
        ("reviews:review", "review"),
        ("reviews:notification_edit", "notification"),
        ("reviews:rapid_review_edit", "rapid_review"),
        ("reviews:review_edit", "review"),
    ],
)
def test_the_case_records_of_their_own_action_answer_the_representative_404(
    client, agency_rep, case, name, record
):
    client.force_login(agency_rep)
    response = client.get(reverse(name, args=[case[record].pk]))
    assert response.status_code == 404
    assert_no_case_details(response, case)


@pytest.fixture
def group_action(learning_point, group):
    """An action owned by the Learning Sub-group alone, which the lead leads."""
    return ReviewAction.objects.create(
        learning_point=learning_point,
        description="Run a practitioner event on bruising.",
        owner_group=group,
    )


def test_a_group_lead_who_owns_an_action_sees_no_case_either(client, lead, case, group_action):
    client.force_login(lead)
    pages = [
        reverse("reviews:agency_actions"),
        reverse("reviews:action", args=[group_action.pk]),
        update_url(group_action),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert_no_case_details(response, case)
    assert client.get(reverse("reviews:list")).status_code == 404
