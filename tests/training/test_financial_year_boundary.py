"""The financial year turns at midnight on 1 April in UK time, not in UTC: a session starting
at 00:30 BST on 1 April (23:30 UTC on 31 March) counts in the new financial year, and one
starting at 23:30 UK time on 31 March in the old, on the "Workforce development" page and in
the financial-year filter of the attendance list."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.pages import parse, texts
from training.models import Attendance, Session

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
STATISTICS = reverse("training:statistics")
ATTENDANCE = reverse("training:agency_attendance")


@pytest.fixture
def sessions(course, agency, police):
    """Two delivered sessions either side of midnight on 1 April 2024 in UK time: the first
    of the new year with two places the council attended, the last of the old year with one
    place the police attended."""

    def delivered(starts_at, places):
        session = Session.objects.create(
            course=course, starts_at=starts_at, capacity=20, status=Session.Status.DELIVERED
        )
        for name, of_agency in places:
            Attendance.objects.create(
                session=session, name=name, agency=of_agency, status=Attendance.Status.ATTENDED
            )
        return session

    first_of_new = delivered(
        datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC),
        [("Nia Example", agency), ("Ned Example", agency)],
    )
    last_of_old = delivered(
        datetime.datetime(2024, 3, 31, 23, 30, tzinfo=UK), [("Olly Example", police)]
    )
    return first_of_new, last_of_old


def test_the_sessions_fall_either_side_of_midnight_in_uk_time_but_not_in_utc(sessions):
    first_of_new, last_of_old = sessions
    assert first_of_new.starts_at == datetime.datetime(2024, 4, 1, 0, 30, tzinfo=UK)
    assert last_of_old.starts_at == datetime.datetime(2024, 3, 31, 22, 30, tzinfo=datetime.UTC)


def test_a_session_at_half_past_midnight_bst_on_1_april_counts_in_the_new_year_on_the_statistics(
    client, business_unit, sessions
):
    client.force_login(business_unit)
    response = client.get(STATISTICS, {"year": 2024})
    assert response.context["page"].years_with_records == [2024, 2023]
    page = parse(response)
    assert texts(page, "courses") == [
        [
            "Course",
            "Sessions 2023-24",
            "Attendees 2023-24",
            "Sessions 2024-25",
            "Attendees 2024-25",
        ],
        ["Working Together to Safeguard Children", "1", "1", "1", "2"],
        ["Total", "1", "1", "1", "2"],
    ]
    assert texts(page, "sectors") == [
        ["Agency sector", "Places attended 2023-24", "Places attended 2024-25"],
        ["Local authority", "0", "2"],
        ["Police", "1", "0"],
        ["Grand total", "1", "2"],
    ]


def test_a_session_at_half_past_midnight_bst_on_1_april_is_in_the_new_year_of_the_filter(
    client, executive, sessions
):
    client.force_login(executive)
    years = client.get(ATTENDANCE).context["filter"].form.fields["year"].choices
    assert [label for _, label in years] == ["All years", "2024-25", "2023-24"]
    new_year = client.get(ATTENDANCE, {"year": "2024"}).context["page"].object_list
    assert sorted(place.name for place in new_year) == ["Ned Example", "Nia Example"]
    old_year = client.get(ATTENDANCE, {"year": "2023"}).context["page"].object_list
    assert [place.name for place in old_year] == ["Olly Example"]
