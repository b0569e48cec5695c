"""A classroom course with a delivered session attended from two agencies, an e-learning
course, and the business unit signed in to manage them. (tests/e2e and tests/overview import
the records: their pages show every app.)"""

import datetime

import pytest
from django.utils import timezone

from training.models import Attendance, Course, CourseTheme, Session


@pytest.fixture
def course(partnership):
    course = Course.objects.create(
        partnership=partnership,
        title="Working Together to Safeguard Children",
        delivery=Course.Delivery.CLASSROOM,
        audience="Practitioners of every agency",
        level=Course.Level.CORE,
    )
    course.themes.add(CourseTheme.objects.create(partnership=partnership, name="Neglect"))
    return course


@pytest.fixture
def elearning_course(partnership):
    return Course.objects.create(
        partnership=partnership,
        title="An Awareness of Child Abuse and Neglect",
        delivery=Course.Delivery.ELEARNING,
    )


@pytest.fixture
def session(course):
    starts = timezone.make_aware(datetime.datetime(2025, 10, 7, 9, 30))
    return Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Huddersfield Town Hall",
        trainers="Two trainers of the training pool",
        capacity=20,
        status=Session.Status.DELIVERED,
    )


@pytest.fixture
def attendance(session, agency, police):
    Attendance.objects.create(
        session=session,
        name="Ada Example",
        email="ada.example@example.org",
        job_title="Social worker",
        agency=agency,
        status=Attendance.Status.ATTENDED,
        confidence_before=2,
        confidence_after=4,
        impact_comment="I will use the escalation policy sooner.",
    )
    return Attendance.objects.create(
        session=session,
        name="Pat Example",
        email="pat.example@example.org",
        job_title="Response officer",
        agency=police,
        status=Attendance.Status.DID_NOT_ATTEND,
    )


@pytest.fixture
def manager(client, business_unit):
    client.force_login(business_unit)
    return client
