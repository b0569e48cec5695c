"""Nothing lost on the training pages: a course, a session or a place changed from a page
opened before someone else's save is refused, their change stays and is shown, and a second
save knowingly replaces it; the register refuses a mark from an older page that would undo
another's, naming the attendee."""

import pytest
from django.urls import reverse

from kscp.core.records import record_save
from tests.helpers import assert_refused_as_stale
from tests.training.helpers import statuses
from tests.training.test_course_forms import course_data
from tests.training.test_register import attendee_data, book, session_url
from tests.training.test_sessions import session_data
from training import services
from training.models import Attendance

pytestmark = pytest.mark.django_db


def _refused_then_replaced(client, url, opened, *, record, field, value, who, saved):
    record_save(type(record).objects.get(pk=record.pk), user=who, fields={field: value})
    response = client.post(url, opened)
    assert_refused_as_stale(response, who=who, noun=record._meta.verbose_name)
    assert value in response.content.decode()
    assert getattr(type(record).objects.get(pk=record.pk), field) == value
    again = client.post(url, response.context["form"].data)
    assert again.status_code == 302
    assert saved(type(record).objects.get(pk=record.pk))


def test_a_course_changed_meanwhile_is_not_overwritten(client, business_unit, trainer, course):
    client.force_login(business_unit)
    _refused_then_replaced(
        client,
        reverse("training:course_edit", args=[course.pk]),
        course_data(title=course.title, description="Mine", version=course.version),
        record=course,
        field="audience",
        value="Health visitors only",
        who=trainer,
        saved=lambda fresh: (
            (fresh.description, fresh.audience) == ("Mine", course_data()["audience"])
        ),
    )


def test_a_session_changed_meanwhile_is_not_overwritten(client, business_unit, trainer, session):
    client.force_login(business_unit)
    _refused_then_replaced(
        client,
        reverse("training:session_edit", args=[session.pk]),
        session_data(venue="Mine", version=session.version),
        record=session,
        field="trainers",
        value="A trainer of the police",
        who=trainer,
        saved=lambda fresh: (fresh.venue, fresh.trainers) == ("Mine", session_data()["trainers"]),
    )


def test_an_evaluation_changed_meanwhile_is_not_overwritten(
    client, business_unit, trainer, attendance
):
    client.force_login(business_unit)
    _refused_then_replaced(
        client,
        reverse("training:attendance_edit", args=[attendance.pk]),
        attendee_data(
            attendance.agency,
            name=attendance.name,
            status="attended",
            impact_comment="Mine",
            version=attendance.version,
        ),
        record=attendance,
        field="impact_comment",
        value="What the attendee told the trainer",
        who=trainer,
        saved=lambda fresh: fresh.impact_comment == "Mine",
    )


def test_a_mark_from_an_older_register_does_not_undo_anothers(
    client, business_unit, trainer, session, agency
):
    """Two people open the register; one marks X did not attend, the other (older page)
    marks Y cancelled: refused, naming X, and X stays did not attend."""
    x, y = book(session, agency, 2)
    marks = {x.pk: "attended", y.pk: "attended"}
    services.session_mark_register(
        session=session, user=business_unit, marks=marks, versions={x.pk: 1, y.pk: 1}
    )
    x.refresh_from_db()
    y.refresh_from_db()
    older = {
        f"status_{x.pk}": "attended",
        f"version_{x.pk}": x.version,
        f"status_{y.pk}": "cancelled",
        f"version_{y.pk}": y.version,
    }
    services.session_mark_register(
        session=session,
        user=trainer,
        marks={x.pk: "did_not_attend"},
        versions={x.pk: x.version},
    )

    client.force_login(business_unit)
    response = client.post(session_url(session), older)
    assert response.status_code == 200
    (refusal,) = response.context["register"].errors[f"status_{x.pk}"]
    before, after = services.REGISTER_ROW_CHANGED.split("{when}")
    assert refusal.startswith(before.format(who=trainer, attendee=x.name))
    assert after.format(status="did not attend") in refusal
    assert statuses(session) == {x.name: "did_not_attend", y.name: "attended"}

    again = client.post(session_url(session), response.context["register"].data)
    assert again.status_code == 302
    assert statuses(session) == {x.name: "attended", y.name: "cancelled"}
    assert Attendance.objects.get(pk=x.pk).history.first().history_user == business_unit
