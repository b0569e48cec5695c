"""The markup details of the case-review pages that assistive technology relies on: one h1 and
headings in order, tables with captions, scoped headers and uniquely named links, scrollable
tables in named focusable regions, tags with words, numbers right-aligned; the statistics page
as the third tab of the case-review pages; filter errors in GOV.UK words; and the business
unit shown the change it would replace when an action was updated meanwhile."""

import datetime

import pytest
from django.urls import reverse

from kscp.core.services import tracked_item_update
from reviews.filters import SORT_INVALID, STAGE_INVALID, THEME_INVALID, YEAR_INVALID
from reviews.models import LearningPoint, Review, ReviewAction, Theme
from tests.form_data import month_fields
from tests.helpers import assert_refused_as_stale
from tests.pages import markup_problems, page_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_action(learning_point, police):
    """A second action for the same owner on the same recommendation."""
    return ReviewAction.objects.create(
        learning_point=learning_point,
        description="Audit the referrals of bruised babies.",
        owner_agency=police,
    )


@pytest.fixture
def case(review_action, second_action, dissemination, review_group):
    return review_action


# --- every page ------------------------------------------------------------------------------


def _case_urls(action):
    point = action.learning_point
    review = point.review
    notification = review.notification
    dissemination = review.disseminations.get()
    return {
        "list": reverse("reviews:list"),
        "review_list": reverse("reviews:review_list"),
        "statistics": reverse("reviews:statistics") + "?year=2025",
        "agency_actions": reverse("reviews:agency_actions"),
        "action": reverse("reviews:action", args=[action.pk]),
        "action_update": reverse("reviews:action_update", args=[action.pk]),
        "notification": reverse("reviews:notification", args=[notification.pk]),
        "notification_add": reverse("reviews:notification_add"),
        "notification_edit": reverse("reviews:notification_edit", args=[notification.pk]),
        "rapid_review_edit": reverse(
            "reviews:rapid_review_edit", args=[notification.rapid_review.pk]
        ),
        "review_add": reverse("reviews:review_add"),
        "review": reverse("reviews:review", args=[review.pk]),
        "review_edit": reverse("reviews:review_edit", args=[review.pk]),
        "learning_add": reverse("reviews:learning_add", args=[review.pk]),
        "learning_edit": reverse("reviews:learning_edit", args=[point.pk]),
        "action_add": reverse("reviews:action_add", args=[point.pk]),
        "action_edit": reverse("reviews:action_edit", args=[action.pk]),
        "dissemination_add": reverse("reviews:dissemination_add", args=[review.pk]),
        "dissemination_edit": reverse("reviews:dissemination_edit", args=[dissemination.pk]),
    }


PAGES = [
    "list",
    "review_list",
    "statistics",
    "agency_actions",
    "action",
    "action_update",
    "notification",
    "notification_add",
    "notification_edit",
    "rapid_review_edit",
    "review_add",
    "review",
    "review_edit",
    "learning_add",
    "learning_edit",
    "action_add",
    "action_edit",
    "dissemination_add",
    "dissemination_edit",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_case_review_page_keeps_the_markup_rules(client, business_unit, case, page):
    client.force_login(business_unit)
    response = client.get(_case_urls(case)[page])
    assert markup_problems(page_tree(response)) == []


@pytest.mark.parametrize("page", ["agency_actions", "action", "action_update"])
def test_the_pages_of_an_action_owner_keep_the_markup_rules(client, agency_rep, case, page):
    client.force_login(agency_rep)
    response = client.get(_case_urls(case)[page])
    assert markup_problems(page_tree(response)) == []


@pytest.mark.parametrize(
    "url", [reverse("reviews:list"), reverse("reviews:review_list"), reverse("reviews:statistics")]
)
def test_the_empty_case_review_pages_keep_the_markup_rules(client, business_unit, url):
    client.force_login(business_unit)
    assert markup_problems(page_tree(client.get(url))) == []


def test_a_notification_awaiting_its_rapid_review_keeps_the_markup_rules(
    client, business_unit, notification
):
    client.force_login(business_unit)
    for url in (
        reverse("reviews:notification", args=[notification.pk]),
        reverse("reviews:rapid_review_add", args=[notification.pk]),
    ):
        assert markup_problems(page_tree(client.get(url))) == [], url


def test_a_notification_awaiting_its_review_keeps_the_markup_rules(
    client, business_unit, rapid_review
):
    client.force_login(business_unit)
    notification = rapid_review.notification
    for url in (
        reverse("reviews:notification", args=[notification.pk]),
        reverse("reviews:review_start", args=[notification.pk]),
    ):
        assert markup_problems(page_tree(client.get(url))) == [], url


def test_a_list_with_filter_errors_keeps_the_markup_rules(client, business_unit, case):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:review_list"), {"year": "1990", "sort": "bogus"})
    assert markup_problems(page_tree(response)) == []


# --- the review page -------------------------------------------------------------------------


def test_each_update_and_change_link_names_its_own_action(
    client, business_unit, review_action, second_action
):
    client.force_login(business_unit)
    review = review_action.learning_point.review
    tree = page_tree(client.get(reverse("reviews:review", args=[review.pk])))
    names = [
        link.text()
        for link in tree.tags("a")
        if link.text().startswith(("Update the action", "Change the action"))
    ]
    assert names == [
        "Update the action for Northdale Police on recommendation 1: Brief every response "
        "officer on the bruising protocol.",
        "Change the action for Northdale Police on recommendation 1: Brief every response "
        "officer on the bruising protocol.",
        "Update the action for Northdale Police on recommendation 1: Audit the referrals of "
        "bruised babies.",
        "Change the action for Northdale Police on recommendation 1: Audit the referrals of "
        "bruised babies.",
    ]


# --- the lists -------------------------------------------------------------------------------


def test_the_update_links_of_every_action_name_the_review_of_each(
    client, business_unit, partnership, review_action, police
):
    """The same action on recommendation 1 of two reviews: the links still differ."""
    other_review = Review.objects.create(
        partnership=partnership,
        kind=Review.Kind.LOCAL,
        title="Child B",
        decided_on=datetime.date(2025, 5, 1),
    )
    point = LearningPoint.objects.create(
        review=other_review,
        number=1,
        text="Share the bruising protocol.",
        scope=LearningPoint.Scope.MULTI_AGENCY,
    )
    ReviewAction.objects.create(
        learning_point=point, description=review_action.description, owner_agency=police
    )
    client.force_login(business_unit)
    tree = page_tree(client.get(reverse("reviews:agency_actions")))
    names = sorted(
        link.text() for link in tree.tags("a") if link.text().startswith("Update the action")
    )
    assert names == [
        "Update the action on recommendation 1 of Child A: Brief every response officer on "
        "the bruising protocol.",
        "Update the action on recommendation 1 of Child B: Brief every response officer on "
        "the bruising protocol.",
    ]


def test_the_count_columns_of_the_reviews_list_are_right_aligned(client, business_unit, case):
    client.force_login(business_unit)
    tree = page_tree(client.get(reverse("reviews:review_list")))
    table = tree.tags("table")[0]
    headers = table.tags("th")[:7]
    numeric = [
        h.text().split(",")[0] for h in headers if "govuk-table__header--numeric" in h.classes
    ]
    assert numeric == ["Recommendations", "Open actions"]
    row = table.tags("tbody")[0].tags("tr")[0]
    cells = [(c.text(), "govuk-table__cell--numeric" in c.classes) for c in row.tags("td")]
    assert cells[-2:] == [("1", True), ("2", True)]
    assert not any(numeric for _, numeric in cells[:-2])


def test_the_theme_filter_is_labelled_for_its_single_choice(client, business_unit, review):
    client.force_login(business_unit)
    form = client.get(reverse("reviews:review_list")).context["filter"].form
    assert form.fields["theme"].label == "Theme"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "1990"}, "year", YEAR_INVALID),
        ({"theme": "999999"}, "theme", THEME_INVALID),
        ({"stage": "lost"}, "stage", STAGE_INVALID),
        ({"sort": "bogus"}, "sort", SORT_INVALID),
    ],
)
def test_a_filter_value_not_offered_says_what_to_choose(
    client, business_unit, review, query, field, message
):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:review_list"), query)
    assert response.context["filter"].form.errors[field] == [message]
    assert message in response.content.decode()


def test_a_theme_of_another_partnership_is_not_offered(
    client, business_unit, review, other_partnership
):
    theirs = Theme.objects.filter(partnership=other_partnership).first()
    client.force_login(business_unit)
    response = client.get(reverse("reviews:review_list"), {"theme": theirs.pk})
    assert response.context["filter"].form.errors["theme"] == [THEME_INVALID]


# --- the statistics page ---------------------------------------------------------------------


def test_the_statistics_page_is_the_selected_tab_of_the_case_review_pages(
    client, business_unit, partnership, review
):
    client.force_login(business_unit)
    tree = page_tree(client.get(reverse("reviews:statistics"), {"year": 2025}))
    assert [h1.text() for h1 in tree.tags("h1")] == [f"{partnership.name} Case reviews"]
    assert "April 2025 to March 2026 Learning from reviews" in [h2.text() for h2 in tree.tags("h2")]
    tabs = tree.with_class("govuk-tabs__tab")
    current = [tab.text() for tab in tabs if tab.attrs.get("aria-current") == "page"]
    assert current == ["Learning from reviews statistics"]
    selected = tree.with_class("govuk-tabs__list-item--selected")
    assert [item.text() for item in selected] == ["Learning from reviews statistics"]


def test_the_statistics_page_offers_the_business_unit_its_buttons(client, business_unit, review):
    client.force_login(business_unit)
    body = client.get(reverse("reviews:statistics"), {"year": 2025}).content.decode()
    assert "Record a notification" in body


def test_the_statistics_page_offers_readers_no_buttons(client, reviewer, review_group, review):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:statistics"), {"year": 2025})
    assert response.status_code == 200
    assert "Record a notification" not in response.content.decode()


def test_every_statistics_table_scrolls_in_a_region_named_after_it(client, business_unit, review):
    client.force_login(business_unit)
    tree = page_tree(client.get(reverse("reviews:statistics"), {"year": 2025}))
    wraps = tree.with_class("app-table-wrap")
    assert wraps
    for wrap in wraps:
        caption = wrap.tags("caption")[0].text()
        assert (wrap.attrs["role"], wrap.attrs["tabindex"]) == ("region", "0")
        assert caption in wrap.attrs["aria-label"]


# --- an action changed meanwhile -------------------------------------------------------------


def test_a_refused_change_of_an_action_shows_the_owners_update_it_would_replace(
    client, business_unit, agency_rep, review_action, police
):
    client.force_login(business_unit)
    url = reverse("reviews:action_edit", args=[review_action.pk])
    opened_at = client.get(url).context["form"].initial["version"]
    tracked_item_update(
        item=review_action,
        user=agency_rep,
        rag="amber",
        progress="Half the officers briefed",
        evidence="Training register",
        version=review_action.version,
    )
    data = {
        "description": "Changed",
        "owner_agency": police.pk,
        "owner_group": "",
        "version": opened_at,
        **month_fields("due_on", datetime.date(2026, 6, 1)),
    }
    response = client.post(url, data)
    assert_refused_as_stale(response, who=agency_rep, noun="action")
    card = next(
        node
        for node in page_tree(response).with_class("govuk-summary-card")
        if node.attrs.get("id") == "other-change"
    )
    text = card.text()
    assert f"The change saved by {agency_rep}" in text
    assert "Amber" in text
    assert "Half the officers briefed" in text
    assert "Training register" in text


def test_a_change_of_an_action_not_updated_meanwhile_shows_no_other_change(
    client, business_unit, review_action
):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:action_edit", args=[review_action.pk]))
    assert 'id="other-change"' not in response.content.decode()
