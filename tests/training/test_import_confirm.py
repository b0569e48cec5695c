"""Importing a checked file whole: a database failure part-way saves nothing and leaves the
file waiting at its preview; an e-learning file is saved in a number of queries that does not
grow with its rows, and refused whole when a figure of it is recorded already; and every
service of training and reviews saves a record through the same helper."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

import reviews.services
import training.services
from kscp.core.records import record_save
from tests.training.files.uploads import booking_csv, elearning_csv
from tests.training.helpers import statuses
from training import services
from training.models import Attendance, Course, CourseTheme, ElearningCompletion, ImportBatch
from training.views import imports as views

pytestmark = pytest.mark.django_db

AWARENESS = "An Awareness of Child Abuse and Neglect"
PLATFORM = "New e-learning platform"


# --- a database failure saves nothing ------------------------------------------------------


def failing_after_saving(*args, **kwargs):
    """The bulk create does its work, then the database fails."""
    bulk_create_with_history(*args, **kwargs)
    raise DatabaseError("the database went away")


def test_a_database_failure_during_an_attendance_import_saves_nothing(
    manager, session, attendance, business_unit
):
    upload = booking_csv(
        ["", "ada.example@example.org", "", "Northdale Council", "DNA"],
        ["Bo Example", "bo.example@example.org", "", "Northdale Police", "Attended"],
        ["Cy Example", "cy.example@example.org", "", "Northdale Council", "Booked"],
    )
    batch = services.attendance_import_check(session=session, user=business_unit, upload=upload)
    before = statuses(session)
    history = Attendance.history.count()
    with mock.patch(
        "training.services.imports.bulk_create_with_history", side_effect=failing_after_saving
    ):
        response = manager.post(reverse("training:import_confirm", args=[batch.pk]))

    assert response.status_code == 302
    assert response.url == reverse("training:import_preview", args=[batch.pk])
    assert statuses(session) == before
    assert Attendance.history.count() == history
    batch.refresh_from_db()
    assert (batch.status, len(batch.rows)) == (ImportBatch.Status.PREVIEWED, 3)
    page = manager.get(response.url).content.decode()
    assert views.IMPORT_FAILED.format(filename="booking.csv") in page
    assert "Import 3 attendees" in page

    response = manager.post(reverse("training:import_confirm", args=[batch.pk]))
    assert response.url == reverse("training:session", args=[session.pk])
    assert statuses(session) == {
        "Ada Example": Attendance.Status.DID_NOT_ATTEND,
        "Pat Example": Attendance.Status.DID_NOT_ATTEND,
        "Bo Example": Attendance.Status.ATTENDED,
        "Cy Example": Attendance.Status.BOOKED,
    }


def test_a_database_failure_during_an_elearning_import_saves_nothing(
    manager, elearning_course, business_unit
):
    batch = services.elearning_import_check(
        partnership=elearning_course.partnership,
        user=business_unit,
        upload=elearning_csv(),
        platform=PLATFORM,
    )
    with mock.patch(
        "training.services.imports.bulk_create_with_history", side_effect=failing_after_saving
    ):
        response = manager.post(reverse("training:import_confirm", args=[batch.pk]), follow=True)

    assert response.status_code == 200
    assert views.IMPORT_FAILED.format(filename="completions.csv") in response.content.decode()
    assert not ElearningCompletion.objects.exists()
    assert not ElearningCompletion.history.exists()
    batch.refresh_from_db()
    assert (batch.status, len(batch.rows)) == (ImportBatch.Status.PREVIEWED, 2)


# --- e-learning in a fixed number of queries -----------------------------------------------


def elearning_batch(course, user, count: int) -> ImportBatch:
    first = datetime.date(2019, 4, 1)
    days = [first + datetime.timedelta(days=n) for n in range(count)]
    rows = [[AWARENESS, f"{day:%d/%m/%Y}", f"{day:%d/%m/%Y}", str(n)] for n, day in enumerate(days)]
    return services.elearning_import_check(
        partnership=course.partnership, user=user, upload=elearning_csv(*rows), platform=PLATFORM
    )


def confirm_queries(batch, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.elearning_import_confirm(batch=batch, user=user)
    return len(queries)


def test_an_elearning_import_takes_as_many_queries_for_sixty_rows_as_for_two(
    elearning_course, business_unit
):
    small = elearning_batch(elearning_course, business_unit, 2)
    few = confirm_queries(small, business_unit)
    ElearningCompletion.objects.all().delete()
    large = elearning_batch(elearning_course, business_unit, 60)
    assert confirm_queries(large, business_unit) == few
    assert few <= 15  # the batch, the courses, the clashes, two inserts, the batch saved
    assert ElearningCompletion.objects.count() == 60
    history = ElearningCompletion.history.filter(history_type="+")
    assert set(history.values_list("history_user", flat=True)) == {business_unit.pk}
    assert history.count() == 62


def test_a_figure_recorded_since_the_preview_is_named_and_nothing_is_saved(
    elearning_course, business_unit
):
    batch = elearning_batch(elearning_course, business_unit, 3)
    ElearningCompletion.objects.create(
        course=elearning_course,
        period_start=datetime.date(2019, 4, 2),
        period_end=datetime.date(2019, 4, 2),
        count=1,
        platform=PLATFORM,
    )
    with pytest.raises(ValidationError) as raised:
        services.elearning_import_confirm(batch=batch, user=business_unit)
    reason = services.IMPORT_ALREADY_RECORDED.format(platform=PLATFORM)
    assert raised.value.messages == [services.IMPORT_ROW_REFUSED.format(row=3, reason=reason)]
    assert ElearningCompletion.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_a_figure_given_twice_in_a_batch_is_refused_whole(elearning_course, business_unit):
    batch = elearning_batch(elearning_course, business_unit, 2)
    batch.rows[1].update(period_start=batch.rows[0]["period_start"], period_end="2019-04-01")
    batch.save()
    with pytest.raises(ValidationError) as raised:
        services.elearning_import_confirm(batch=batch, user=business_unit)
    reason = services.IMPORT_ALREADY_RECORDED.format(platform=PLATFORM)
    assert raised.value.messages == [services.IMPORT_ROW_REFUSED.format(row=3, reason=reason)]
    assert not ElearningCompletion.objects.exists()


# --- one save for every service -------------------------------------------------------------


def test_training_and_reviews_save_through_the_same_helper():
    assert reviews.services.record_save is record_save
    assert training.services.courses.record_save is record_save
    assert not hasattr(reviews.services, "_save")
    assert not hasattr(training.services, "_save")


def test_record_save_validates_saves_and_names_the_user(partnership, business_unit):
    theme = CourseTheme.objects.create(partnership=partnership, name="Neglect")
    course = Course(partnership=partnership)
    fields = {"title": "Neglect toolkit", "delivery": Course.Delivery.CLASSROOM}
    record_save(course, user=business_unit, fields=fields, m2m={"themes": [theme]})
    course.refresh_from_db()
    assert (course.title, list(course.themes.all())) == ("Neglect toolkit", [theme])
    assert course.history.first().history_user == business_unit

    with pytest.raises(ValidationError) as raised:
        record_save(course, user=business_unit, fields={"delivery": "by pigeon"})
    assert "delivery" in raised.value.message_dict
    with pytest.raises(FieldDoesNotExist):
        record_save(course, user=business_unit, fields={"colour": "blue"})
    course.refresh_from_db()
    assert course.delivery == Course.Delivery.CLASSROOM
