"""The case-review lists: notifications with their statutory clocks, and the reviews that
follow, filtered, sorted and paginated for those who see case records."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.lists import PAGE_SIZE
from reviews import clocks
from reviews.filters import notification_overdue_q
from reviews.list_selectors import with_notification_clocks
from reviews.models import (
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 7, 2)  # a Wednesday


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def reason(partnership, name):
    return ReferralReason.objects.get(partnership=partnership, name=name)


def make_notification(
    partnership,
    reference,
    aware,
    notified=None,
    rapid=None,
    reason_name="Neglect",
    nature=Notification.Nature.SERIOUS_HARM,
    required=True,
):
    """A notification; `rapid`: the fields of its rapid review, if one is recorded;
    `required`: whether the Panel must be notified."""
    notification = Notification.objects.create(
        partnership=partnership,
        reference=reference,
        incident_on=aware,
        la_aware_on=aware,
        panel_notified_on=notified,
        panel_notification_required=required,
        nature=nature,
        referral_reason=reason(partnership, reason_name),
        age_band=Notification.AgeBand.UNDER_1,
    )
    if rapid is not None:
        RapidReview.objects.create(notification=notification, **rapid)
    return notification


DECIDED = {"decision": RapidReview.Decision.LOCAL_CSPR, "rationale": "Agencies to learn"}


@pytest.fixture
def notifications(partnership):
    """At TODAY: one done, one with the Panel not notified in time, one with the Panel due
    next week, one rapid review running late, one rapid review not recorded and late, one
    not recorded and not yet due, and one of an earlier year."""
    rows = [
        ("N-DONE", D(2025, 4, 1), D(2025, 4, 3), {"completed_on": D(2025, 4, 17), **DECIDED}),
        ("N-PANEL-LATE", D(2025, 6, 20), None, None),
        ("N-PANEL-DUE", D(2025, 7, 1), None, None),
        ("N-RAPID-LATE", D(2025, 5, 1), D(2025, 5, 2), {"meeting_on": D(2025, 5, 20)}),
        ("N-NO-RAPID", D(2025, 5, 6), D(2025, 5, 7), None),
        ("N-NO-RAPID-YET", D(2025, 6, 30), D(2025, 7, 1), None),
        ("N-OLD", D(2024, 2, 10), D(2024, 2, 12), {"completed_on": D(2024, 3, 1), **DECIDED}),
    ]
    made = {}
    for reference, aware, notified, rapid in rows:
        made[reference] = make_notification(partnership, reference, aware, notified, rapid)
    made["N-PANEL-LATE"].nature = Notification.Nature.DEATH
    made["N-PANEL-LATE"].referral_reason = reason(partnership, "Suicide")
    made["N-PANEL-LATE"].save()
    return made


def references(response):
    return [n.reference for n in response.context["rows"]]


@pytest.fixture
def signed_in(client, business_unit):
    client.force_login(business_unit)
    return client


LIST = reverse("reviews:list")
REVIEWS = reverse("reviews:review_list")


# --- who sees the lists -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["lead", "member", "agency_rep"])
def test_people_who_do_not_see_case_records_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 404
    assert client.get(REVIEWS).status_code == 404


@pytest.mark.parametrize("persona", ["business_unit", "executive", "scrutineer", "reviewer"])
def test_those_who_see_case_records_see_the_lists(client, request, review_group, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 200
    assert client.get(REVIEWS).status_code == 200


def test_another_partnerships_notifications_are_not_listed(
    client, outsider, notifications, other_partnership
):
    make_notification(other_partnership, "SSCP-01", D(2025, 6, 2), D(2025, 6, 3))
    client.force_login(outsider)
    assert references(client.get(LIST)) == ["SSCP-01"]


# --- the notifications and their clocks -------------------------------------------------


def test_notifications_are_listed_most_recent_first(signed_in, notifications):
    assert references(signed_in.get(LIST)) == [
        "N-PANEL-DUE",
        "N-NO-RAPID-YET",
        "N-PANEL-LATE",
        "N-NO-RAPID",
        "N-RAPID-LATE",
        "N-DONE",
        "N-OLD",
    ]


def test_each_notification_shows_its_clocks_in_words(signed_in, notifications):
    response = signed_in.get(LIST)
    rows = {n.reference: n for n in response.context["rows"]}
    assert rows["N-PANEL-LATE"].panel.status == "Overdue by 3 working days"
    assert rows["N-PANEL-DUE"].panel.status == "4 working days left"
    assert rows["N-DONE"].panel.status == "Done on time"
    assert rows["N-DONE"].rapid.status == "Done on time"
    assert rows["N-RAPID-LATE"].rapid.deadline == D(2025, 5, 27)
    assert rows["N-RAPID-LATE"].rapid.is_overdue
    # Not recorded yet: the clock the rapid review will have, from the Panel notification.
    assert rows["N-NO-RAPID-YET"].rapid.deadline == D(2025, 7, 22)
    assert rows["N-NO-RAPID-YET"].rapid.status == "14 working days left"
    content = response.content.decode()
    assert (
        '<strong class="govuk-tag app-tag--clock govuk-tag--red">Overdue by 3 working days</strong>'
        in content
    )
    assert "Due 27 Jun 2025" in content
    assert "4 working days left" in content
    assert "Hold a local child safeguarding practice review" in content
    assert "Not decided yet" in content
    assert "Suicide" in content and "Child death" in content


def test_the_panel_is_due_five_working_days_after_awareness(signed_in, notifications):
    row = next(n for n in signed_in.get(LIST).context["rows"] if n.reference == "N-PANEL-LATE")
    assert row.panel.deadline == D(2025, 6, 27)


IN_PROGRESS = ["N-PANEL-DUE", "N-NO-RAPID-YET", "N-PANEL-LATE", "N-NO-RAPID", "N-RAPID-LATE"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"overdue": "on"}, ["N-PANEL-LATE", "N-NO-RAPID", "N-RAPID-LATE"]),
        ({"in_progress": "on"}, IN_PROGRESS),
        ({"year": "2023"}, ["N-OLD"]),
        ({"nature": "death"}, ["N-PANEL-LATE"]),
        ({"decision": "local_cspr"}, ["N-DONE", "N-OLD"]),
        ({"decision": "none", "year": "2025"}, IN_PROGRESS),
        (
            {"sort": "reference"},
            [
                "N-DONE",
                "N-NO-RAPID",
                "N-NO-RAPID-YET",
                "N-OLD",
                "N-PANEL-DUE",
                "N-PANEL-LATE",
                "N-RAPID-LATE",
            ],
        ),
        ({"sort": "-panel", "overdue": "on"}, ["N-PANEL-LATE", "N-NO-RAPID", "N-RAPID-LATE"]),
        # Recorded rapid reviews by their deadline, then those not recorded, most recent first.
        (
            {"sort": "rapid_review"},
            ["N-OLD", "N-DONE", "N-RAPID-LATE", "N-PANEL-DUE", "N-NO-RAPID-YET", "N-PANEL-LATE"]
            + ["N-NO-RAPID"],
        ),
    ],
)
def test_notification_filters_and_sorting(signed_in, notifications, query, expected):
    assert references(signed_in.get(LIST, query)) == expected


def test_the_referral_reason_filter_offers_the_partnerships_reasons(
    signed_in, notifications, partnership, other_partnership
):
    suicide = reason(partnership, "Suicide")
    response = signed_in.get(LIST, {"referral_reason": suicide.pk})
    assert references(response) == ["N-PANEL-LATE"]
    offered = response.context["filter"].form.fields["referral_reason"].queryset
    assert set(offered) == set(ReferralReason.objects.filter(partnership=partnership))
    theirs = reason(other_partnership, "Suicide")
    refused = signed_in.get(LIST, {"referral_reason": theirs.pk})
    assert refused.context["filter"].form.errors
    assert "<title>Error: " in refused.content.decode()


def test_the_financial_years_offered_are_those_of_the_records(signed_in, notifications):
    field = signed_in.get(LIST).context["filter"].form.fields["year"]
    assert [label for value, label in field.choices if value] == ["2025-26", "2023-24"]


def test_the_overdue_filter_agrees_with_every_clock_shown(partnership, business_unit):
    """Awareness on each of sixty days, with and without a Panel notification and a rapid
    review, and for incidents the Panel need not be told of: the database filter picks
    exactly the notifications whose clocks say overdue."""
    start = TODAY - datetime.timedelta(days=60)
    for n in range(60):
        aware = start + datetime.timedelta(days=n)
        kinds = [
            ("A", None, None, True),
            ("B", aware, None, True),
            ("C", aware, {}, True),
            ("D", None, None, False),
            ("E", None, {}, False),
        ]
        for suffix, notified, rapid, required in kinds:
            make_notification(
                partnership, f"X-{n}-{suffix}", aware, notified, rapid, required=required
            )
    every = Notification.objects.filter(partnership=partnership).select_related("rapid_review")
    shown = with_notification_clocks(every, TODAY)
    overdue_by_clock = {n.reference for n in shown if n.panel.is_overdue or n.rapid.is_overdue}
    overdue_in_db = set(
        Notification.objects.filter(notification_overdue_q(TODAY)).values_list(
            "reference", flat=True
        )
    )
    assert overdue_in_db == overdue_by_clock
    assert overdue_by_clock  # the range reaches back past both deadlines


def test_an_incident_the_panel_need_not_be_told_of_has_no_clocks(signed_in, partnership):
    local = make_notification(partnership, "LOCAL-ONLY", D(2025, 4, 1), required=False)
    response = signed_in.get(LIST)
    row = response.context["rows"][0]
    assert (row.panel.status, row.rapid.status) == ("Not required", "Not required")
    assert not row.panel.is_overdue and not row.rapid.is_overdue
    assert '<strong class="govuk-tag app-tag--clock govuk-tag--grey">Not required</strong>' in (
        response.content.decode()
    )
    assert references(signed_in.get(LIST, {"overdue": "on"})) == []
    assert references(signed_in.get(LIST, {"in_progress": "on"})) == []
    RapidReview.objects.create(notification=local, meeting_on=D(2025, 4, 20))
    assert references(signed_in.get(LIST, {"in_progress": "on"})) == ["LOCAL-ONLY"]


def test_a_rapid_review_due_today_is_not_overdue_and_one_due_yesterday_is(partnership):
    due_today = next(
        TODAY - datetime.timedelta(days=n)
        for n in range(1, 40)
        if clocks.rapid_review_deadline(TODAY - datetime.timedelta(days=n)) == TODAY
    )
    make_notification(partnership, "DUE-TODAY", due_today, due_today)
    day_before = due_today - datetime.timedelta(days=1)
    while clocks.rapid_review_deadline(day_before) == TODAY:
        day_before -= datetime.timedelta(days=1)
    make_notification(partnership, "DUE-EARLIER", day_before, day_before)
    overdue = Notification.objects.filter(notification_overdue_q(TODAY))
    assert list(overdue.values_list("reference", flat=True)) == ["DUE-EARLIER"]


def test_the_count_of_matches_and_an_empty_state(signed_in, notifications):
    content = signed_in.get(LIST, {"overdue": "on"}).content.decode()
    assert "3 notifications match the filters" in content
    empty = signed_in.get(LIST, {"nature": "death", "decision": "local_cspr"}).content.decode()
    assert "0 notifications match the filters" in empty
    assert "No notifications match these filters" in empty


def test_an_empty_list_says_nothing_has_been_recorded(signed_in):
    content = signed_in.get(LIST).content.decode()
    assert "No serious incident notifications have been recorded yet" in content


def test_sortable_columns_keep_the_filters(signed_in, notifications):
    headers = signed_in.get(LIST, {"overdue": "on", "sort": "reference"}).context["headers"]
    by_label = {h["label"]: h for h in headers}
    assert by_label["Reference"]["aria_sort"] == "ascending"
    assert by_label["Reference"]["url"] == "?overdue=on&sort=-reference#notifications"
    assert by_label["Rapid review"]["url"] == "?overdue=on&sort=rapid_review#notifications"
    assert "url" not in by_label["Nature"]


def test_by_default_the_date_column_reads_as_sorted_most_recent_first(signed_in, notifications):
    headers = signed_in.get(LIST).context["headers"]
    aware = next(h for h in headers if h["label"] == "Local authority aware")
    assert aware["aria_sort"] == "descending"


def test_the_list_is_paginated_keeping_the_filters(signed_in, partnership):
    for n in range(PAGE_SIZE + 3):
        make_notification(partnership, f"P-{n:02d}", D(2025, 6, 2), None)
    first = signed_in.get(LIST, {"in_progress": "on"})
    assert len(first.context["rows"]) == PAGE_SIZE
    content = first.content.decode()
    assert f"{PAGE_SIZE + 3} notifications match the filters, page 1 of 2" in content
    assert 'href="?in_progress=on&amp;page=2"' in content
    second = signed_in.get(LIST, {"in_progress": "on", "page": 2})
    assert len(second.context["rows"]) == 3


def test_only_the_business_unit_is_offered_to_record_a_notification(
    client, business_unit, executive
):
    add_url = reverse("reviews:notification_add")
    client.force_login(business_unit)
    assert f'href="{add_url}"' in client.get(LIST).content.decode()
    client.force_login(executive)
    assert f'href="{add_url}"' not in client.get(LIST).content.decode()


def test_each_notification_links_to_its_page(signed_in, notifications):
    content = signed_in.get(LIST).content.decode()
    url = reverse("reviews:notification", args=[notifications["N-DONE"].pk])
    assert f'href="{url}"' in content


# --- the reviews ------------------------------------------------------------------------


def titles(response):
    return [r.title for r in response.context["rows"]]


def add_learning(review, recommendations, learning_points=0, actions=(), agency=None):
    """Recommendations and learning points numbered from 1; `actions`: the RAG of each
    action on the first recommendation."""
    points = []
    for n in range(1, recommendations + learning_points + 1):
        points.append(
            LearningPoint.objects.create(
                review=review,
                number=n,
                text=f"Point {n}",
                scope=LearningPoint.Scope.MULTI_AGENCY,
                is_recommendation=n <= recommendations,
            )
        )
    for rag in actions:
        ReviewAction.objects.create(
            learning_point=points[0], description="Act", owner_agency=agency, rag=rag
        )


@pytest.fixture
def reviews(partnership, police):
    suicide = make_notification(
        partnership, "R-1", D(2024, 11, 20), D(2024, 11, 21), reason_name="Suicide"
    )
    rows = [
        ("Child A", Review.Kind.CSPR, Review.Stage.IN_PROGRESS, D(2024, 12, 1), None, suicide),
        ("Child B", Review.Kind.CSPR, Review.Stage.SCOPING, D(2025, 5, 1), None, None),
        ("Child C", Review.Kind.LOCAL, Review.Stage.DRAFT, D(2025, 4, 10), None, None),
        ("SUDI", Review.Kind.NATIONAL, Review.Stage.PUBLISHED, D(2024, 3, 1), D(2025, 1, 9), None),
        ("Child D", Review.Kind.CSPR, Review.Stage.PUBLISHED, D(2024, 6, 1), D(2024, 11, 1), None),
    ]
    made = {}
    for title, kind, stage, decided, published, notification in rows:
        made[title] = Review.objects.create(
            partnership=partnership,
            notification=notification,
            title=title,
            kind=kind,
            stage=stage,
            decided_on=decided,
            published_on=published,
        )
    made["Child A"].themes.add(
        Theme.objects.get(partnership=partnership, name="Information exchange")
    )
    add_learning(made["Child A"], 2, 1, actions=["amber", "green", "complete"], agency=police)
    add_learning(made["Child D"], 3, actions=["complete"], agency=police)
    return made


def test_reviews_are_listed_by_the_most_recent_decision(signed_in, reviews):
    assert titles(signed_in.get(REVIEWS)) == ["Child B", "Child C", "Child A", "Child D", "SUDI"]


def test_each_review_shows_its_stage_clock_and_counts(signed_in, reviews):
    response = signed_in.get(REVIEWS)
    rows = {r.title: r for r in response.context["rows"]}
    child_a = rows["Child A"]
    assert (child_a.recommendation_count, child_a.open_action_count) == (2, 2)
    assert child_a.publication.deadline == D(2025, 6, 1)
    assert child_a.publication.is_overdue
    assert (rows["Child D"].recommendation_count, rows["Child D"].open_action_count) == (3, 0)
    assert rows["Child D"].publication.status == "Done on time"
    assert rows["Child C"].publication is None
    assert rows["Child B"].publication.status.endswith("working days left")
    content = response.content.decode()
    assert '<strong class="govuk-tag govuk-tag--blue">In progress</strong>' in content
    assert "No deadline: not a local CSPR" in content
    assert "Local child safeguarding practice review" in content
    assert ">Overdue by 23 working days<" in content


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "cspr"}, ["Child B", "Child A", "Child D"]),
        ({"stage": ["scoping", "draft"]}, ["Child B", "Child C"]),
        ({"year": "2024"}, ["Child A", "Child D"]),
        ({"year": "2023"}, ["SUDI"]),
        ({"overdue": "on"}, ["Child A"]),
        ({"sort": "stage"}, ["Child B", "Child A", "Child C", "Child D", "SUDI"]),
        ({"sort": "-recommendations"}, ["Child D", "Child A", "Child B", "Child C", "SUDI"]),
        ({"sort": "open_actions", "kind": "cspr"}, ["Child B", "Child D", "Child A"]),
        ({"sort": "publication"}, ["Child D", "Child A", "Child B", "Child C", "SUDI"]),
    ],
)
def test_review_filters_and_sorting(signed_in, reviews, query, expected):
    assert titles(signed_in.get(REVIEWS, query)) == expected


def test_reviews_filter_by_referral_reason_and_theme(signed_in, reviews, partnership):
    suicide = reason(partnership, "Suicide")
    assert titles(signed_in.get(REVIEWS, {"referral_reason": suicide.pk})) == ["Child A"]
    theme = Theme.objects.get(partnership=partnership, name="Information exchange")
    reviews["Child D"].themes.add(theme)
    reviews["Child D"].themes.add(Theme.objects.get(partnership=partnership, position=1))
    response = signed_in.get(REVIEWS, {"theme": theme.pk, "sort": "-recommendations"})
    assert titles(response) == ["Child D", "Child A"]  # once each, counts not multiplied
    assert [r.recommendation_count for r in response.context["rows"]] == [3, 2]


def test_an_empty_reviews_list_says_nothing_has_been_recorded(signed_in):
    assert "No reviews have been recorded yet" in signed_in.get(REVIEWS).content.decode()


def test_each_review_links_to_its_page(signed_in, reviews):
    content = signed_in.get(REVIEWS).content.decode()
    assert f'href="{reverse("reviews:review", args=[reviews["Child A"].pk])}"' in content


# --- navigation -------------------------------------------------------------------------


def test_the_service_navigation_offers_case_reviews_only_to_those_who_see_them(
    client, business_unit, lead
):
    client.force_login(business_unit)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{LIST}">Case reviews</a>' in home
    client.force_login(lead)
    assert ">Case reviews</a>" not in client.get(reverse("home")).content.decode()


def test_the_case_reviews_tab_is_the_current_page(signed_in):
    content = signed_in.get(LIST).content.decode()
    assert f'href="{LIST}" aria-current="page">Case reviews</a>' in content
    assert f'href="{LIST}" aria-current="page">Notifications and rapid reviews</a>' in content
    assert (
        f'href="{REVIEWS}" aria-current="page">Reviews</a>'
        in signed_in.get(REVIEWS).content.decode()
    )


# --- queries ----------------------------------------------------------------------------


def grow(partnership, police, start, count):
    for n in range(start, start + count):
        notification = make_notification(
            partnership,
            f"G-{n}",
            D(2025, 1 + n % 6, 2),
            D(2025, 1 + n % 6, 3),
            {"meeting_on": D(2025, 1 + n % 6, 10)} if n % 2 else None,
        )
        review = Review.objects.create(
            partnership=partnership,
            notification=notification,
            kind=Review.Kind.CSPR,
            title=f"Child G{n}",
            decided_on=D(2025, 1 + n % 6, 20),
        )
        review.themes.add(*Theme.objects.filter(partnership=partnership)[:2])
        add_learning(review, 2, 1, actions=["red", "complete"], agency=police)


def queries(client, url, query):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url, query",
    [
        (LIST, {}),
        (LIST, {"overdue": "on", "sort": "rapid_review"}),
        (REVIEWS, {}),
        (REVIEWS, {"theme": "", "overdue": "on", "sort": "open_actions"}),
    ],
)
def test_list_queries_do_not_grow_with_rows(signed_in, partnership, police, url, query):
    grow(partnership, police, 1, 3)
    small = queries(signed_in, url, query)
    grow(partnership, police, 10, 40)
    large = queries(signed_in, url, query)
    print(f"{url} {query} queries: {small} small, {large} large")
    assert small == large


# --- the Decision column (issue 14, item 14) ------------------------------------------------


def test_a_notification_whose_review_was_held_without_a_rapid_review_shows_the_review(
    signed_in, partnership
):
    """A death the Panel need not be told of, where the practice review sub-group decided
    on a local learning review, since closed: the review is the decision."""
    notification = make_notification(partnership, "N-LOCAL", D(2025, 4, 7), required=False)
    Review.objects.create(
        partnership=partnership,
        notification=notification,
        kind=Review.Kind.LOCAL,
        title="Child L",
        stage=Review.Stage.CLOSED,
        decided_on=D(2025, 4, 22),
    )
    response = signed_in.get(LIST)
    (row,) = response.context["rows"]
    assert row.decision == "Local learning review, decided 22 Apr 2025"
    assert ">Not decided yet</td>" not in response.content.decode()
    assert references(signed_in.get(LIST, {"decision": "none"})) == []


def test_a_notification_needing_no_rapid_review_is_not_waiting_for_a_decision(
    signed_in, partnership
):
    make_notification(partnership, "N-NO-PANEL", D(2025, 4, 7), required=False)
    (row,) = signed_in.get(LIST).context["rows"]
    assert row.decision == "No rapid review"


def test_a_clock_tag_stays_on_one_line_unless_its_table_needs_the_room(signed_in, notifications):
    content = signed_in.get(LIST).content.decode()
    assert '<strong class="govuk-tag app-tag--clock govuk-tag--blue">4 working days left' in content
    css = (settings.BASE_DIR / "static" / "kscp" / "app.css").read_text()
    assert ".app-tag--clock { max-width: none; white-space: nowrap; }" in css
    # In a table it wraps between its words, as the table needs: tests/e2e/test_phone_widths.py.
    assert ".govuk-table .app-tag--clock, .govuk-table .app-nowrap { white-space: normal; }" in css
