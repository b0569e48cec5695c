"""How the "Workforce development" page counts: only attended places of delivered classroom
and virtual classroom sessions, e-learning in the year its period starts, formula cells
neutralised in the CSVs, and a fixed number of queries however many records there are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Agency, Sector
from tests.helpers import queries
from tests.pages import read_csv
from training.models import Attendance, Course, ElearningCompletion, Session
from training.statistics.base import coverage
from training.statistics.tables import (
    TABLES,
    cancelled_table,
    courses_table,
    elearning_table,
    sectors_table,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("training:statistics")


def csv_url(table, year):
    return f"{reverse('training:statistics_csv', args=[table])}?year={year}"


# --- how records are counted -------------------------------------------------------------------


@pytest.fixture
def counted(partnership, agency, police, course, elearning_course):
    """A delivered classroom session and a virtual one, a scheduled one and a cancelled one,
    each with places of every status, in 2025-26."""

    def add(status, delivery=Course.Delivery.CLASSROOM, day=6):
        run = course
        if delivery != course.delivery:
            run = Course.objects.create(partnership=partnership, title="Online", delivery=delivery)
        starts = timezone.make_aware(datetime.datetime(2025, 10, day, 9, 30))
        reason = "low_nominations" if status == Session.Status.CANCELLED else ""
        session = Session.objects.create(
            course=run, starts_at=starts, capacity=20, status=status, cancellation_reason=reason
        )
        statuses = ["cancelled"] if status == Session.Status.CANCELLED else Attendance.Status
        for n, state in enumerate(statuses):
            Attendance.objects.create(session=session, agency=agency, status=state, name=f"P{n}")
        return session

    add(Session.Status.DELIVERED)
    add(Session.Status.DELIVERED, Course.Delivery.VIRTUAL, day=7)
    add(Session.Status.SCHEDULED, day=8)
    add(Session.Status.CANCELLED, day=9)
    return partnership


def test_only_attended_places_of_delivered_classroom_and_virtual_sessions_count(counted):
    cover = coverage(counted, 2025)
    assert sectors_table(counted, cover).rows == [
        ["Local authority", None, 2],
        ["Grand total", None, 2],
    ]
    rows = courses_table(counted, cover).rows
    assert rows == [
        ["Online", None, None, 1, 1],
        ["Working Together to Safeguard Children", None, None, 1, 1],
        ["Total", None, None, 2, 2],
    ]
    assert cancelled_table(counted, cover).rows[-1] == ["Total", 0, 1, ""]


def test_e_learning_counts_in_the_year_its_period_starts(partnership, elearning_course):
    for start, end, count, platform in [
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), 5, "Old system"),
        (datetime.date(2025, 4, 1), datetime.date(2025, 7, 31), 7, "Old system"),
        (datetime.date(2025, 8, 1), datetime.date(2026, 3, 31), 11, "New system"),
    ]:
        ElearningCompletion.objects.create(
            course=elearning_course,
            period_start=start,
            period_end=end,
            count=count,
            platform=platform,
        )
    cover = coverage(partnership, 2025)
    assert elearning_table(partnership, cover).rows == [
        ["An Awareness of Child Abuse and Neglect", 5, "Old system", 18, "New system, Old system"],
        ["Total number of completed training", 5, "", 18, ""],
    ]


def test_a_formula_looking_course_title_is_neutralised_in_the_csv(
    client, business_unit, partnership, session, attendance
):
    Course.objects.filter(pk=session.course_id).update(title="=HYPERLINK(1)")
    client.force_login(business_unit)
    rows = read_csv(client.get(csv_url("courses", 2025)))
    assert rows[1][0] == "'=HYPERLINK(1)"


# --- queries --------------------------------------------------------------------------------


def grow(partnership, start, count):
    """`count` more courses in each of two financial years, each with two delivered sessions
    of three attendees from agencies of two sectors, a cancelled session, an evaluation, and
    an e-learning course with completions."""
    agencies = [
        Agency.objects.create(partnership=partnership, name=f"Agency {start}-{n}", sector=sector)
        for n, sector in enumerate([Sector.HEALTH, Sector.EDUCATION])
    ]
    for n in range(start, start + count):
        for year in (2024, 2025):
            course = Course.objects.create(
                partnership=partnership, title=f"Course {year}-{n}", delivery="classroom"
            )
            for day in (1, 2, 3):
                starts = timezone.make_aware(datetime.datetime(year, 5, day, 9, 30))
                session = Session.objects.create(
                    course=course,
                    starts_at=starts,
                    capacity=10,
                    status="cancelled" if day == 3 else "delivered",
                    cancellation_reason="low_nominations" if day == 3 else "",
                )
                if day == 3:
                    continue
                for k in range(3):
                    Attendance.objects.create(
                        session=session,
                        agency=agencies[k % 2],
                        status="attended",
                        confidence_before=2,
                        confidence_after=4,
                        impact_comment="Useful" if k == 0 else "",
                    )
            online = Course.objects.create(
                partnership=partnership, title=f"E-learning {year}-{n}", delivery="elearning"
            )
            ElearningCompletion.objects.create(
                course=online,
                period_start=datetime.date(year, 4, 1),
                period_end=datetime.date(year + 1, 3, 31),
                count=n,
                platform="Platform",
            )


@pytest.mark.parametrize("url", [f"{PAGE}?year=2025", *(csv_url(slug, 2025) for slug in TABLES)])
def test_statistics_queries_do_not_grow_with_records(client, partnership, business_unit, url):
    client.force_login(business_unit)
    grow(partnership, 1, 2)
    small = queries(client, url)
    grow(partnership, 10, 20)
    large = queries(client, url)
    assert small == large, (url, small, large)
