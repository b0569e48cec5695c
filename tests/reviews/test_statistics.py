"""The "Learning from reviews" page: the tables of the Kirklees Annual Assurance Statement
2019/2020 reproduced from the demo records, the year switch, the CSV downloads, and a fixed
number of queries however many records there are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import User
from kscp.core.years import YEAR_INVALID, default_year
from reviews.models import (
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    Theme,
)
from reviews.statistics.tables import TABLES, numbers_table, referral_reasons_table
from tests.helpers import queries
from tests.pages import parse, read_csv, texts

pytestmark = pytest.mark.django_db

PAGE = reverse("reviews:statistics")


def csv_url(table, year):
    return f"{reverse('reviews:statistics_csv', args=[table])}?year={year}"


# --- the annual statement 2019/2020, from the demo data ------------------------------------


@pytest.fixture
def kirklees_client(demo_data, client):
    client.force_login(User.objects.get(username="sharon.hewitt"))
    return client


@pytest.fixture
def page_2019(kirklees_client):
    response = kirklees_client.get(PAGE, {"year": 2019})
    assert response.status_code == 200
    return parse(response)


def test_the_numbers_table_reproduces_the_statement_this_year_beside_last_year(page_2019):
    assert texts(page_2019, "numbers") == [
        ["Number", "2018-19", "2019-20"],
        ["Serious incident referrals to KSCP", "9", "9"],
        ["Rapid reviews", "3", "4"],
        ["Local case reviews (not referred to the Panel)", "1", "3"],
        ["SCRs / CSPRs", "2", "2"],
    ]


def test_the_referral_reasons_of_2019_20_are_as_printed_with_the_review_that_followed(page_2019):
    assert texts(page_2019, "referral-reasons") == [
        ["Referral reason", "Referrals that led to a review, 2019-20", "What followed"],
        ["Neglect", "0", ""],
        ["Physical abuse", "1", "Local learning review"],
        ["Sexual abuse", "0", ""],
        ["Fabricated illness", "0", ""],
        ["Murder or attempted murder", "1", "Local child safeguarding practice review"],
        ["Trafficking", "0", ""],
        [
            "Honour-based violence / forced marriage",
            "1",
            "Local child safeguarding practice review",
        ],
        ["Suicide", "1", "Local learning review"],
        ["Serious youth violence", "1", "Local learning review"],
    ]


def test_the_referral_reasons_say_in_words_what_they_count(kirklees_client):
    response = kirklees_client.get(PAGE, {"year": 2019})
    assert "that led to a rapid review or a local review" in response.content.decode()
    assert "The other 4 referrals of the year did not lead to a rapid review" in (
        response.content.decode()
    )


def test_lead_reviewer_cost_and_days_to_complete_came_down_over_three_years(page_2019):
    assert texts(page_2019, "cost-and-time") == [
        ["Financial year", "Reviews", "Average lead reviewer cost", "Average days to complete"],
        ["2017-18", "2", "£9,200", "400"],
        ["2018-19", "3", "£5,100", "260"],
        ["2019-20", "5", "£1,200", "125"],
    ]


def test_recommendation_themes_are_counted_over_the_last_three_years(page_2019):
    assert texts(page_2019, "themes") == [
        ["Theme", "2017-18", "2018-19", "2019-20", "Total"],
        ["Managing risk and effective decision making", "1", "2", "4", "7"],
        ["Information exchange", "2", "1", "3", "6"],
        ["Children's mental health and emotional wellbeing", "0", "1", "3", "4"],
        ["The impact of neglect in families", "1", "2", "0", "3"],
        ["Resistant families and disguised compliance", "1", "1", "1", "3"],
        ["All recommendations", "5", "7", "11", "23"],
    ]


def test_every_table_has_a_caption_row_headers_and_right_aligned_numbers(page_2019):
    assert set(page_2019.tables) == set(TABLES)
    for table_id, rows in page_2019.tables.items():
        assert page_2019.captions[table_id].strip(), table_id
        for row in rows[1:]:
            assert row[0][0] == "th", table_id
            for tag, classes, text in row[1:]:
                assert tag == "td", (table_id, text)
                is_number = text.replace(",", "").replace("£", "").isdigit()
                assert ("govuk-table__cell--numeric" in classes) == is_number, (table_id, text)


def test_every_table_links_to_its_csv_for_the_year_shown(kirklees_client):
    response = kirklees_client.get(PAGE, {"year": 2019})
    for slug in TABLES:
        assert csv_url(slug, 2019) in response.content.decode()


def test_the_csv_of_a_table_holds_the_numbers_of_the_page(kirklees_client):
    response = kirklees_client.get(csv_url("numbers", 2019))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "kscp-learning-from-reviews-2019-20-numbers.csv" in response["Content-Disposition"]
    assert read_csv(response) == [
        ["Number", "2018-19", "2019-20"],
        ["Serious incident referrals to KSCP", "9", "9"],
        ["Rapid reviews", "3", "4"],
        ["Local case reviews (not referred to the Panel)", "1", "3"],
        ["SCRs / CSPRs", "2", "2"],
    ]


def test_the_csv_of_cost_and_time_holds_whole_pounds_without_formatting(kirklees_client):
    rows = read_csv(kirklees_client.get(csv_url("cost-and-time", 2019)))
    assert rows[1:] == [
        ["2017-18", "2", "9200", "400"],
        ["2018-19", "3", "5100", "260"],
        ["2019-20", "5", "1200", "125"],
    ]


def test_the_csv_of_referral_reasons_has_every_reason(kirklees_client):
    rows = read_csv(kirklees_client.get(csv_url("referral-reasons", 2019)))
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Neglect", "0"),
        ("Physical abuse", "1"),
        ("Sexual abuse", "0"),
        ("Fabricated illness", "0"),
        ("Murder or attempted murder", "1"),
        ("Trafficking", "0"),
        ("Honour-based violence / forced marriage", "1"),
        ("Suicide", "1"),
        ("Serious youth violence", "1"),
    ]


def test_the_year_switch_shows_2018_19_beside_2017_18(kirklees_client):
    page = parse(kirklees_client.get(PAGE, {"year": 2018}))
    assert texts(page, "numbers") == [
        ["Number", "2017-18", "2018-19"],
        ["Serious incident referrals to KSCP", "0", "9"],
        ["Rapid reviews", "0", "3"],
        ["Local case reviews (not referred to the Panel)", "0", "1"],
        ["SCRs / CSPRs", "2", "2"],
    ]
    assert texts(page, "cost-and-time")[1][0] == "2016-17"


def test_national_reviews_are_counted_in_no_table(kirklees_client):
    assert Review.objects.filter(kind=Review.Kind.NATIONAL, decided_on__year=2019).exists()
    page = parse(kirklees_client.get(PAGE, {"year": 2019}))
    assert texts(page, "cost-and-time")[3][1] == "5"  # F, G, H, J, K: not the two national


def test_an_empty_year_shows_an_empty_state_with_the_years_that_have_records(kirklees_client):
    response = kirklees_client.get(PAGE, {"year": 2021})
    body = response.content.decode()
    assert response.status_code == 200
    assert "No serious incident referrals, rapid reviews or reviews are recorded for " in body
    assert "April 2021 to March 2022" in body
    assert not parse(response).tables
    for year in (2019, 2018, 2017):
        assert f'href="?year={year}"' in body


def test_without_a_choice_the_page_shows_the_latest_financial_year_that_has_ended(
    kirklees_client,
):
    response = kirklees_client.get(PAGE)
    assert response.context["page"].year == default_year(timezone.localdate())


@pytest.mark.parametrize("year", ["abc", "1990", "2200"])
def test_a_year_not_in_the_list_is_an_error_and_the_default_year_is_shown(kirklees_client, year):
    response = kirklees_client.get(PAGE, {"year": year})
    body = response.content.decode()
    assert response.status_code == 200
    assert YEAR_INVALID in body
    assert "<title>Error: " in body
    assert response.context["page"].year == default_year(timezone.localdate())


def test_a_csv_for_a_year_not_in_the_list_answers_404(kirklees_client):
    assert kirklees_client.get(csv_url("numbers", 1990)).status_code == 404


def test_an_unknown_table_answers_404(kirklees_client):
    assert kirklees_client.get(csv_url("salaries", 2019)).status_code == 404


def test_a_member_of_the_demo_practice_review_sub_group_sees_the_statistics(demo_data, client):
    client.force_login(User.objects.get(username="nadia.wrenfield"))
    assert client.get(PAGE, {"year": 2019}).status_code == 200


def test_the_demo_agency_representative_does_not_see_the_statistics(demo_data, client):
    client.force_login(User.objects.get(username="tamsin.ardingley"))
    assert client.get(PAGE, {"year": 2019}).status_code == 404
    assert client.get(csv_url("numbers", 2019)).status_code == 404


# --- how records are counted -----------------------------------------------------------------


def test_default_year_is_the_financial_year_before_the_current_one():
    assert default_year(datetime.date(2026, 3, 31)) == 2024
    assert default_year(datetime.date(2026, 4, 1)) == 2025


def test_a_rapid_review_counts_in_the_year_of_its_meeting(partnership, notification):
    notification.la_aware_on = datetime.date(2025, 3, 27)
    notification.incident_on = datetime.date(2025, 3, 26)
    notification.panel_notified_on = datetime.date(2025, 3, 28)
    notification.save()
    RapidReview.objects.create(notification=notification, meeting_on=datetime.date(2025, 4, 10))
    rows = numbers_table(partnership, 2025).rows
    assert rows[0][1:] == [1, 0]  # referrals: last year 1, this year 0
    assert rows[1][1:] == [0, 1]  # rapid reviews: this year


def test_a_review_counts_in_the_year_of_its_decision_and_by_kind(partnership, review):
    Review.objects.create(
        partnership=partnership,
        kind=Review.Kind.LOCAL,
        title="Child B",
        decided_on=datetime.date(2025, 3, 31),
    )
    rows = numbers_table(partnership, 2025).rows
    assert rows[2][1:] == [1, 0]  # the local review of 2024-25
    assert rows[3][1:] == [0, 1]  # the CSPR of 2025-26


def test_a_notification_with_a_rapid_review_and_no_review_yet_says_so(partnership, rapid_review):
    rapid_review.decision = RapidReview.Decision.NO_FURTHER
    rapid_review.save()
    rows = referral_reasons_table(partnership, 2025).rows
    assert ["Physical abuse", 1, "Rapid review: No further review"] in rows


def test_a_formula_looking_referral_reason_is_neutralised_in_the_csv(
    client, business_unit, partnership
):
    ReferralReason.objects.create(partnership=partnership, name="=HYPERLINK(1)", position=99)
    client.force_login(business_unit)
    rows = read_csv(client.get(csv_url("referral-reasons", 2025)))
    assert rows[-1][0] == "'=HYPERLINK(1)"


# --- queries --------------------------------------------------------------------------------


def grow(partnership, business_unit, start, count):
    """`count` more cases in each of three financial years: a notification, its rapid review,
    a review with a cost and two recommendations."""
    reasons = list(ReferralReason.objects.filter(partnership=partnership))
    themes = list(Theme.objects.filter(partnership=partnership))
    for n in range(start, start + count):
        for year in (2023, 2024, 2025):
            aware = datetime.date(year, 5, 1) + datetime.timedelta(days=n)
            notification = Notification.objects.create(
                partnership=partnership,
                reference=f"NSCP-{year}-{n}",
                incident_on=aware,
                la_aware_on=aware,
                panel_notified_on=aware,
                nature=Notification.Nature.SERIOUS_HARM,
                referral_reason=reasons[n % len(reasons)],
                age_band=Notification.AgeBand.UNKNOWN,
            )
            RapidReview.objects.create(
                notification=notification,
                meeting_on=aware + datetime.timedelta(days=10),
                completed_on=aware + datetime.timedelta(days=12),
                chair=business_unit,
                decision=RapidReview.Decision.LOCAL_LEARNING,
                rationale="Proportionate",
            )
            review = Review.objects.create(
                partnership=partnership,
                notification=notification,
                kind=Review.Kind.LOCAL,
                title=f"Child {year}-{n}",
                decided_on=aware + datetime.timedelta(days=12),
                started_on=aware + datetime.timedelta(days=20),
                completed_on=aware + datetime.timedelta(days=120),
                cost=n * 100,
            )
            for number in (1, 2):
                LearningPoint.objects.create(
                    review=review,
                    number=number,
                    text="Share concerns",
                    scope=LearningPoint.Scope.MULTI_AGENCY,
                    theme=themes[(n + number) % len(themes)],
                )


@pytest.mark.parametrize(
    "url",
    [f"{PAGE}?year=2025", *(csv_url(slug, 2025) for slug in TABLES)],
)
def test_statistics_queries_do_not_grow_with_records(client, partnership, business_unit, url):
    client.force_login(business_unit)
    grow(partnership, business_unit, 1, 2)
    small = queries(client, url)
    grow(partnership, business_unit, 10, 25)
    large = queries(client, url)
    assert small == large, (url, small, large)
