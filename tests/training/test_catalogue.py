"""The course catalogue (filtered, sorted, paginated, offered courses by default) and a
course's page (what it is, the objectives it serves, its sessions to come and past with their
fill rates, an e-learning course's completions), read by everyone of the partnership in a
fixed number of queries; and the "Training" entry of the service navigation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kscp.core.lists import PAGE_SIZE
from plans.models import Objective
from tests.helpers import queries
from tests.pages import markup_problems, page_tree
from training.filters import DELIVERY_INVALID, SORT_INVALID, THEME_INVALID
from training.models import (
    Attendance,
    Course,
    CourseTheme,
    ElearningCompletion,
    Session,
)
from training.selectors import PAST_SESSIONS_PAGE_SIZE

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2025, 11, 15, 12, 0))  # financial year 2025-26
CATALOGUE = reverse("training:catalogue")


@pytest.fixture(autouse=True)
def now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def at(days: int, hour: int = 9) -> datetime.datetime:
    """A moment `days` from NOW, at `hour` o'clock."""
    day = timezone.localdate(NOW) + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def make_session(course, days, status=Session.Status.SCHEDULED, capacity=12, **fields):
    if status == Session.Status.CANCELLED:
        fields.setdefault("cancellation_reason", Session.CancellationReason.LOW_NOMINATIONS)
    return Session.objects.create(
        course=course, starts_at=at(days), capacity=capacity, status=status, **fields
    )


def book(session, agency, count, status=Attendance.Status.BOOKED):
    Attendance.objects.bulk_create(
        Attendance(session=session, agency=agency, name=f"Attendee {n:04d}", status=status)
        for n in range(count)
    )


@pytest.fixture
def courses(partnership, course, elearning_course, session):
    """Besides the classroom course (with its session delivered on 7 October 2025) and the
    e-learning course: a virtual course on exploitation and a retired course."""
    exploitation = CourseTheme.objects.create(partnership=partnership, name="Exploitation")
    virtual = Course.objects.create(
        partnership=partnership,
        title="Child Exploitation Briefing",
        delivery=Course.Delivery.VIRTUAL,
        level=Course.Level.AWARENESS,
    )
    virtual.themes.add(exploitation)
    retired = Course.objects.create(
        partnership=partnership,
        title="Safeguarding Basics (old)",
        delivery=Course.Delivery.CLASSROOM,
        is_active=False,
    )
    return {
        "classroom": course,
        "elearning": elearning_course,
        "virtual": virtual,
        "retired": retired,
    }


def titles(response) -> list[str]:
    return [course.title for course in response.context["page"].object_list]


# --- the catalogue ---------------------------------------------------------------------------


def test_everyone_sees_the_offered_courses_by_title(client, member, courses):
    client.force_login(member)
    response = client.get(CATALOGUE)
    assert titles(response) == [
        "An Awareness of Child Abuse and Neglect",
        "Child Exploitation Briefing",
        "Working Together to Safeguard Children",
    ]
    assert "3 courses" in response.content.decode()
    assert response.context["filtered"] is False


def test_retired_courses_are_shown_when_asked(client, member, courses):
    client.force_login(member)
    assert titles(client.get(CATALOGUE, {"offered": "retired"})) == ["Safeguarding Basics (old)"]
    assert len(titles(client.get(CATALOGUE, {"offered": "all"}))) == 4


def test_the_catalogue_filters_by_delivery_theme_and_title(client, member, courses, partnership):
    client.force_login(member)
    assert titles(client.get(CATALOGUE, {"delivery": "virtual"})) == ["Child Exploitation Briefing"]
    neglect = CourseTheme.objects.get(partnership=partnership, name="Neglect")
    assert titles(client.get(CATALOGUE, {"theme": neglect.pk})) == [
        "Working Together to Safeguard Children"
    ]
    response = client.get(CATALOGUE, {"title": "together"})
    assert titles(response) == ["Working Together to Safeguard Children"]
    assert "1 course match the filters" in response.content.decode()


def test_a_theme_of_another_partnership_is_refused_in_words(
    client, member, courses, other_partnership
):
    theirs = CourseTheme.objects.create(partnership=other_partnership, name="Neglect")
    client.force_login(member)
    response = client.get(CATALOGUE, {"theme": theirs.pk})
    assert THEME_INVALID in response.content.decode()
    assert response.context["filter"].form.errors == {"theme": [THEME_INVALID]}


def test_an_unknown_delivery_or_sort_is_refused_in_words(client, member, courses):
    client.force_login(member)
    response = client.get(CATALOGUE, {"delivery": "carrier-pigeon", "sort": "price"})
    assert response.context["filter"].form.errors == {
        "delivery": [DELIVERY_INVALID],
        "sort": [SORT_INVALID],
    }


def test_each_row_shows_the_next_session_and_the_sessions_delivered_this_year(
    client, member, courses, agency
):
    classroom = courses["classroom"]
    make_session(classroom, 30)
    make_session(classroom, 10)
    make_session(classroom, 5, status=Session.Status.CANCELLED)
    make_session(classroom, -400, status=Session.Status.DELIVERED)  # the year before
    make_session(classroom, -20, status=Session.Status.DELIVERED)
    client.force_login(member)
    response = client.get(CATALOGUE)
    row = next(c for c in response.context["page"].object_list if c.pk == classroom.pk)
    assert row.next_session_at == at(10)
    assert row.delivered_this_year == 2  # 7 October 2025 and twenty days ago
    html = response.content.decode()
    assert "25 Nov 2025" in html
    assert "None scheduled" in html  # the virtual course has no session
    assert "Online, any time" in html  # nor does the e-learning course
    assert "Core practice (level 2)" in html
    assert "Neglect" in html


def test_the_catalogue_sorts_by_next_session_with_courses_without_one_last(client, member, courses):
    make_session(courses["virtual"], 3)
    make_session(courses["classroom"], 40)
    client.force_login(member)
    assert titles(client.get(CATALOGUE, {"sort": "next_session"})) == [
        "Child Exploitation Briefing",
        "Working Together to Safeguard Children",
        "An Awareness of Child Abuse and Neglect",
    ]
    assert titles(client.get(CATALOGUE, {"sort": "-delivery"}))[0] == (
        "An Awareness of Child Abuse and Neglect"
    )


def test_the_catalogue_is_paginated_with_the_count_of_matches(client, member, partnership):
    Course.objects.bulk_create(
        Course(partnership=partnership, title=f"Course {n:02d}", delivery="classroom")
        for n in range(PAGE_SIZE + 3)
    )
    client.force_login(member)
    first = client.get(CATALOGUE)
    assert len(titles(first)) == PAGE_SIZE
    assert f"{PAGE_SIZE + 3} courses, page 1 of 2" in first.content.decode()
    assert titles(client.get(CATALOGUE, {"page": 2})) == ["Course 25", "Course 26", "Course 27"]


def test_an_empty_catalogue_says_so(client, member):
    client.force_login(member)
    assert "No courses have been added yet." in client.get(CATALOGUE).content.decode()


def test_a_catalogue_with_no_match_offers_to_clear_the_filters(client, member, courses):
    client.force_login(member)
    html = client.get(CATALOGUE, {"title": "astrophysics"}).content.decode()
    assert "No courses match these filters." in html
    assert "Clear the filters" in html


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("business_unit", True), ("trainer", True), ("member", False), ("executive", False)],
)
def test_only_those_who_manage_training_are_offered_to_add_a_course(
    client, request, training_group, persona, offered
):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(CATALOGUE).content.decode()
    assert ("Add a course" in html) is offered


def test_the_catalogue_reads_with_a_fixed_number_of_queries(client, member, courses, partnership):
    theme = CourseTheme.objects.get(partnership=partnership, name="Neglect")

    def grow(start, count):
        for n in range(start, start + count):
            course = Course.objects.create(
                partnership=partnership, title=f"Course {n:03d}", delivery="virtual"
            )
            course.themes.add(theme)
            make_session(course, n % 20 + 1)
            make_session(course, -n % 30 - 1, status=Session.Status.DELIVERED)

    client.force_login(member)
    grow(0, 2)
    small = queries(client, CATALOGUE)
    grow(10, 20)
    assert queries(client, CATALOGUE) == small


def test_the_catalogue_keeps_the_markup_rules(client, member, courses):
    client.force_login(member)
    assert markup_problems(page_tree(client.get(CATALOGUE))) == []


# --- the service navigation ----------------------------------------------------------------


def _training_item(tree):
    links = [a for a in tree.with_class("govuk-service-navigation__link") if a.text() == "Training"]
    assert len(links) == 1
    return links[0]


@pytest.mark.parametrize("persona", ["member", "agency_rep", "executive", "business_unit"])
def test_everyone_signed_in_has_training_in_the_service_navigation(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    tree = page_tree(client.get(reverse("home")))
    link = _training_item(tree)
    assert link.attrs["href"] == CATALOGUE
    assert "aria-current" not in link.attrs
    names = [a.text() for a in tree.with_class("govuk-service-navigation__link")]
    assert names[:3] == ["Home", "Dashboard", "Groups"]


def test_training_is_the_current_item_on_training_pages(client, member, course):
    client.force_login(member)
    catalogue = _training_item(page_tree(client.get(CATALOGUE)))
    assert catalogue.attrs.get("aria-current") == "page"
    assert "govuk-service-navigation__item--active" in catalogue.parent.classes
    course_page = _training_item(
        page_tree(client.get(reverse("training:course", args=[course.pk])))
    )
    assert "govuk-service-navigation__item--active" in course_page.parent.classes
    assert "aria-current" not in course_page.attrs


# --- a course's page -----------------------------------------------------------------------


def course_url(course) -> str:
    return reverse("training:course", args=[course.pk])


def test_the_course_page_says_what_the_course_is_and_the_objectives_it_serves(
    client, member, course, objective
):
    course.description = "The statutory guidance, for practitioners of every agency."
    course.save()
    course.objectives.add(objective)
    client.force_login(member)
    html = client.get(course_url(course)).content.decode()
    assert "The statutory guidance, for practitioners of every agency." in html
    assert "Practitioners of every agency" in html
    assert "Core practice (level 2)" in html
    assert "Neglect" in html
    assert ">Offered</strong>" in html
    assert reverse("plans:objective", args=[objective.pk]) in html
    assert "Objective 1.1 of Northdale Business Plan 2025/2027" in html


def test_the_course_page_splits_sessions_to_come_from_past_ones_with_fill_rates(
    client, member, course, session, agency, attendance
):
    coming = make_session(course, 12, capacity=12)
    book(coming, agency, 3)
    book(coming, agency, 1, status=Attendance.Status.CANCELLED)
    called_off = make_session(course, -3, status=Session.Status.CANCELLED)
    client.force_login(member)
    response = client.get(course_url(course))
    page = response.context["page"]
    assert [s.pk for s in page.upcoming] == [coming.pk]
    assert [s.pk for s in page.past_rows] == [called_off.pk, session.pk]
    assert (page.upcoming[0].booked_count, page.upcoming[0].fill_rate) == (3, 25)
    delivered = page.past_rows[1]
    # Two places on 20 booked, one attended: a delivered session counts who came.
    assert (delivered.booked_count, delivered.attended_count, delivered.fill_rate) == (2, 1, 5)
    assert page.past_rows[0].fill_rate is None
    html = response.content.decode()
    assert "25%" in html and "5%" in html
    assert ">Cancelled</strong>" in html and "Low nominations" in html


def test_past_sessions_are_paginated(client, member, course):
    for n in range(PAST_SESSIONS_PAGE_SIZE + 2):
        make_session(course, -n - 1, status=Session.Status.DELIVERED)
    client.force_login(member)
    first = client.get(course_url(course)).context["page"]
    assert len(first.past_rows) == PAST_SESSIONS_PAGE_SIZE
    second = client.get(course_url(course), {"page": 2}).context["page"]
    assert [s.starts_at for s in second.past_rows] == [at(-26), at(-27)]


def test_an_e_learning_course_shows_its_completions_per_period_and_platform(
    client, member, elearning_course, business_unit
):
    for start, end, count, platform in [
        (datetime.date(2019, 4, 1), datetime.date(2019, 7, 31), 1200, "Old platform"),
        (datetime.date(2019, 8, 1), datetime.date(2020, 3, 31), 2100, "New platform"),
    ]:
        ElearningCompletion.objects.create(
            course=elearning_course,
            period_start=start,
            period_end=end,
            count=count,
            platform=platform,
        )
    client.force_login(member)
    response = client.get(course_url(elearning_course))
    assert response.context["page"].completions_total == 3300
    html = response.content.decode()
    assert "1 Apr 2019 to 31 Jul 2019" in html and "Old platform" in html
    assert "New platform" in html and "3300" in html
    assert "Upcoming sessions" not in html
    client.force_login(business_unit)
    assert "Add a session" not in client.get(course_url(elearning_course)).content.decode()


@pytest.mark.parametrize(
    ("persona", "offered"),
    [("business_unit", True), ("trainer", True), ("executive", False), ("agency_rep", False)],
)
def test_only_those_who_manage_training_may_add_a_session_or_change_the_course(
    client, request, training_group, course, persona, offered
):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(course_url(course)).content.decode()
    assert ("Add a session" in html) is offered
    assert ("Change the course" in html) is offered


def test_the_course_page_reads_with_a_fixed_number_of_queries(
    client, business_unit, course, objective, other_objective, agency
):
    course.objectives.add(objective, other_objective)

    def grow(start, count):
        for n in range(start, start + count):
            book(make_session(course, n + 1), agency, 2)
            book(make_session(course, -n - 1, status=Session.Status.DELIVERED), agency, 3)

    client.force_login(business_unit)
    grow(0, 2)
    small = queries(client, course_url(course))
    grow(10, 30)
    assert queries(client, course_url(course)) == small


def test_the_course_page_keeps_the_markup_rules(
    client, business_unit, course, session, attendance, objective
):
    course.objectives.add(objective)
    make_session(course, 4)
    client.force_login(business_unit)
    assert markup_problems(page_tree(client.get(course_url(course)))) == []


def test_another_partnership_cannot_see_the_course(client, outsider, course):
    client.force_login(outsider)
    assert client.get(course_url(course)).status_code == 404


def test_objectives_of_a_course_are_listed_by_plan(client, member, course, objective):
    second = Objective.objects.create(
        plan=objective.plan, priority=objective.priority, number="1.3", action="Train everyone"
    )
    course.objectives.add(second, objective)
    client.force_login(member)
    page = client.get(course_url(course)).context["page"]
    assert [o.number for o in page.objectives] == ["1.1", "1.3"]
