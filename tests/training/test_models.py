"""The rules of the training records, kept by the models (their clean()) and by the database:
a session ends after it starts, a cancelled session says why and only a cancelled one does,
confidence runs from 1 to 5, an attendee's agency is of the partnership, nobody attends a
cancelled session, e-learning completions belong to e-learning courses over ordered periods;
the unique keys; and the history of every change, which never holds an attendee's name or
e-mail."""

import datetime

import pytest

from kscp.core.fields import NOTE_MAX_LENGTH, text_too_long
from kscp.core.models import Agency, Sector
from tests.helpers import errors_of, refused_by_database
from training.models import (
    AGENCY_OTHER_PARTNERSHIP,
    ATTENDED_CANCELLED_SESSION,
    CANCELLATION_REASON_REQUIRED,
    CONFIDENCE_RANGE,
    ELEARNING_ONLY,
    ENDS_BEFORE_START,
    PERIOD_ORDER,
    REASON_ONLY_WHEN_CANCELLED,
    Attendance,
    Course,
    CourseTheme,
    ElearningCompletion,
    Session,
)

pytestmark = pytest.mark.django_db

D = datetime.date


# --- sessions --------------------------------------------------------------------------------


def test_a_session_ending_before_it_starts_is_refused(session):
    session.ends_at = session.starts_at - datetime.timedelta(minutes=30)
    assert errors_of(session) == {"ends_at": [ENDS_BEFORE_START]}


def test_a_session_ending_as_it_starts_is_refused(session):
    session.ends_at = session.starts_at
    assert errors_of(session) == {"ends_at": [ENDS_BEFORE_START]}


def test_the_database_refuses_a_session_ending_before_it_starts(course, session):
    refused_by_database(
        lambda: Session.objects.create(
            course=course,
            starts_at=session.starts_at,
            ends_at=session.starts_at - datetime.timedelta(hours=1),
            capacity=10,
        )
    )


def test_a_session_without_an_end_time_is_accepted(session):
    session.ends_at = None
    session.full_clean()


def test_a_cancelled_session_must_say_why(session):
    session.status = Session.Status.CANCELLED
    assert errors_of(session) == {"cancellation_reason": [CANCELLATION_REASON_REQUIRED]}


def test_only_a_cancelled_session_has_a_cancellation_reason(session):
    session.cancellation_reason = Session.CancellationReason.LOW_NOMINATIONS
    assert errors_of(session) == {"cancellation_reason": [REASON_ONLY_WHEN_CANCELLED]}


def test_a_session_cancelled_for_low_nominations_is_accepted(session):
    session.attendances.all().delete()
    session.status = Session.Status.CANCELLED
    session.cancellation_reason = Session.CancellationReason.LOW_NOMINATIONS
    session.full_clean()
    session.save()


def test_the_database_refuses_a_cancelled_session_without_a_reason(course, session):
    refused_by_database(
        lambda: Session.objects.create(
            course=course,
            starts_at=session.starts_at,
            capacity=10,
            status=Session.Status.CANCELLED,
        )
    )


def test_the_database_refuses_a_reason_on_a_session_not_cancelled(course, session):
    refused_by_database(
        lambda: Session.objects.create(
            course=course,
            starts_at=session.starts_at,
            capacity=10,
            status=Session.Status.SCHEDULED,
            cancellation_reason=Session.CancellationReason.VENUE,
        )
    )


# --- attendance ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["confidence_before", "confidence_after"])
@pytest.mark.parametrize("value", [0, 6])
def test_confidence_outside_one_to_five_is_refused(attendance, field, value):
    setattr(attendance, field, value)
    assert errors_of(attendance) == {field: [CONFIDENCE_RANGE]}


@pytest.mark.parametrize("value", [1, 5, None])
def test_confidence_from_one_to_five_or_none_is_accepted(attendance, value):
    attendance.confidence_before = value
    attendance.confidence_after = value
    attendance.full_clean()


@pytest.mark.parametrize("field", ["confidence_before", "confidence_after"])
def test_the_database_refuses_a_confidence_above_five(session, agency, field):
    refused_by_database(
        lambda: Attendance.objects.create(session=session, agency=agency, **{field: 6})
    )


def test_an_agency_of_another_partnership_is_refused(attendance, other_partnership):
    elsewhere = Agency.objects.create(
        partnership=other_partnership, name="Southdale Police", sector=Sector.POLICE
    )
    attendance.agency = elsewhere
    assert errors_of(attendance) == {"agency": [AGENCY_OTHER_PARTNERSHIP]}


def test_nobody_can_have_attended_a_cancelled_session(session, agency):
    session.attendances.all().delete()
    session.status = Session.Status.CANCELLED
    session.cancellation_reason = Session.CancellationReason.TRAINER_UNAVAILABLE
    session.save()
    place = Attendance(session=session, agency=agency, status=Attendance.Status.ATTENDED)
    assert errors_of(place) == {"status": [ATTENDED_CANCELLED_SESSION]}
    place.status = Attendance.Status.CANCELLED
    place.full_clean()


def test_an_attendee_needs_no_name_once_anonymised(session, agency):
    Attendance(session=session, agency=agency, status=Attendance.Status.ATTENDED).full_clean()


# --- e-learning completions -------------------------------------------------------------------


def test_completions_are_recorded_against_an_e_learning_course_only(course):
    completion = ElearningCompletion(
        course=course, period_start=D(2019, 4, 1), period_end=D(2019, 7, 31), count=3, platform="A"
    )
    assert errors_of(completion) == {"course": [ELEARNING_ONLY]}


def test_a_completion_period_ending_before_it_starts_is_refused(elearning_course):
    completion = ElearningCompletion(
        course=elearning_course,
        period_start=D(2019, 8, 1),
        period_end=D(2019, 7, 31),
        count=3,
        platform="Platform A",
    )
    assert errors_of(completion) == {"period_end": [PERIOD_ORDER]}


def test_the_database_refuses_a_completion_period_out_of_order(elearning_course):
    refused_by_database(
        lambda: ElearningCompletion.objects.create(
            course=elearning_course,
            period_start=D(2019, 8, 1),
            period_end=D(2019, 7, 31),
            count=3,
            platform="Platform A",
        )
    )


def test_a_one_day_completion_period_is_accepted(elearning_course):
    ElearningCompletion(
        course=elearning_course,
        period_start=D(2019, 7, 31),
        period_end=D(2019, 7, 31),
        count=1,
        platform="Platform A",
    ).full_clean()


# --- unique keys ---------------------------------------------------------------------------


def test_a_course_title_is_unique_for_its_delivery_in_a_partnership(
    course, partnership, other_partnership
):
    same = Course(partnership=partnership, title=course.title, delivery=course.delivery)
    assert "__all__" in errors_of(same)
    refused_by_database(
        lambda: Course.objects.create(
            partnership=partnership, title=course.title, delivery=course.delivery
        )
    )
    Course.objects.create(
        partnership=partnership, title=course.title, delivery=Course.Delivery.VIRTUAL
    )
    Course.objects.create(
        partnership=other_partnership, title=course.title, delivery=course.delivery
    )


def test_a_theme_name_is_unique_in_a_partnership(course, partnership, other_partnership):
    refused_by_database(lambda: CourseTheme.objects.create(partnership=partnership, name="Neglect"))
    CourseTheme.objects.create(partnership=other_partnership, name="Neglect")


def test_a_completion_is_recorded_once_per_period_and_platform(elearning_course):
    fields = {
        "course": elearning_course,
        "period_start": D(2019, 4, 1),
        "period_end": D(2019, 7, 31),
        "platform": "Platform A",
    }
    ElearningCompletion.objects.create(count=5, **fields)
    refused_by_database(lambda: ElearningCompletion.objects.create(count=6, **fields))
    ElearningCompletion.objects.create(count=6, **{**fields, "platform": "Platform B"})


# --- history -------------------------------------------------------------------------------


def test_a_change_to_a_course_is_recorded_with_who_made_it(course, business_unit):
    before = course.history.count()
    course.is_active = False
    course._history_user = business_unit
    course.save()
    latest = course.history.first()
    assert latest.is_active is False
    assert latest.history_user == business_unit
    assert course.history.count() == before + 1


def test_a_change_to_a_session_is_recorded(session, business_unit):
    session.capacity = 25
    session._history_user = business_unit
    session.save()
    assert [h.capacity for h in session.history.all()] == [25, 20]


def test_attendance_history_never_holds_a_name_or_an_e_mail(attendance, business_unit):
    attendance.status = Attendance.Status.ATTENDED
    attendance._history_user = business_unit
    attendance.save()
    historical_fields = {field.name for field in attendance.history.model._meta.get_fields()}
    assert "name" not in historical_fields
    assert "email" not in historical_fields
    assert {"status", "agency", "job_title"} <= historical_fields
    rows = list(attendance.history.values())
    assert len(rows) == 2
    for row in rows:
        assert attendance.name not in [str(value) for value in row.values()]
        assert attendance.email not in [str(value) for value in row.values()]


def test_an_attendance_refuses_an_impact_comment_over_2000_characters(attendance):
    attendance.impact_comment = "x" * 2_001
    assert errors_of(attendance) == {
        "impact_comment": [text_too_long("Impact on practice", NOTE_MAX_LENGTH)]
    }
