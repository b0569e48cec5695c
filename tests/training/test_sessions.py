"""Adding, changing and cancelling a session: its date as a GOV.UK date input and its times
as hours and minutes in the partnership's time zone; places from 1; a cancelled session
says why; a session somebody attended cannot be cancelled; only those who manage training."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kscp.core.forms import DATE_NOT_REAL, DATE_REQUIRED, date_out_of_range
from tests.form_data import date_fields
from tests.helpers import form_errors
from tests.pages import markup_problems, page_tree
from training import services
from training.forms.courses import (
    END_TIME_INVALID,
    PLACES_INVALID,
    PLACES_TOO_FEW,
    PLACES_TOO_MANY,
    SESSION_YEARS_AHEAD,
    START_TIME_INVALID,
    START_TIME_REQUIRED,
    STATUS_REQUIRED,
)
from training.models import (
    CANCELLATION_REASON_REQUIRED,
    CAPACITY_REQUIRED,
    ENDS_BEFORE_START,
    Attendance,
    Session,
)
from training.views.sessions import (
    NO_SESSIONS_FOR_ELEARNING,
    ONLY_SCHEDULED_CANCELLED,
    SESSION_ADDED,
    SESSION_CANCELLED,
    SESSION_SAVED,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 16)  # British Summer Time: 09:30 there is 08:30 UTC


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def session_data(**changes) -> dict:
    data = {
        **date_fields("date", DAY),
        "start_time": "09:30",
        "end_time": "12:30",
        "venue": "Huddersfield Town Hall",
        "trainers": "Two trainers of the training pool",
        "capacity": "24",
        "status": "scheduled",
        "cancellation_note": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def add_url(course) -> str:
    return reverse("training:session_add", args=[course.pk])


@pytest.fixture
def scheduled(course):
    return Session.objects.create(
        course=course,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        capacity=12,
        venue="Dewsbury Town Hall",
    )


# --- adding a session ------------------------------------------------------------------------


def test_the_business_unit_adds_a_session_in_local_time(client, business_unit, course):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(is_online="on"), follow=True)
    session = Session.objects.get(course=course)
    assert response.redirect_chain[-1][0] == reverse("training:session", args=[session.pk])
    assert SESSION_ADDED.format(date="16 June 2026") in response.content.decode()
    assert session.starts_at == local(DAY, 9, 30)
    assert session.starts_at.astimezone(datetime.UTC).hour == 8
    assert session.ends_at == local(DAY, 12, 30)
    assert (session.capacity, session.status, session.is_online) == (24, "scheduled", True)
    assert session.history.first().history_user == business_unit


def test_the_learning_and_development_sub_group_adds_a_session_without_an_end_time(
    client, trainer, training_group, course
):
    client.force_login(trainer)
    response = client.post(add_url(course), session_data(start_time="14.00", end_time=""))
    assert response.status_code == 302
    session = Session.objects.get(course=course)
    assert (session.starts_at, session.ends_at) == (local(DAY, 14), None)


@pytest.mark.parametrize("year", [1999, datetime.date.today().year + 3])
def test_a_session_more_than_two_years_ahead_or_before_2000_is_refused_naming_the_date(
    client, business_unit, course, year
):
    client.force_login(business_unit)
    response = client.post(
        add_url(course), session_data(**date_fields("date", DAY.replace(year=year)))
    )
    assert form_errors(response)["date"] == [date_out_of_range("Date", SESSION_YEARS_AHEAD)]
    assert not Session.objects.filter(course=course).exists()


def test_a_session_ending_before_it_starts_is_refused(client, business_unit, course):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(start_time="13:00", end_time="09:00"))
    assert form_errors(response) == {"end_time": [ENDS_BEFORE_START]}
    assert ENDS_BEFORE_START in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize("typed", ["9", "half nine", "25:00", "09:60", "9:3", "-1:00"])
def test_a_start_time_not_in_hours_and_minutes_is_refused(client, business_unit, course, typed):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(start_time=typed))
    assert form_errors(response) == {"start_time": [START_TIME_INVALID]}
    assert not Session.objects.exists()


def test_an_end_time_not_in_hours_and_minutes_is_refused(client, business_unit, course):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(end_time="noon"))
    assert form_errors(response) == {"end_time": [END_TIME_INVALID]}


def test_a_session_needs_a_date_a_start_time_places_and_a_status(client, business_unit, course):
    client.force_login(business_unit)
    data = session_data(**date_fields("date", None), start_time="", capacity="", status=None)
    assert form_errors(client.post(add_url(course), data)) == {
        "date": [DATE_REQUIRED.format(what="date")],
        "start_time": [START_TIME_REQUIRED],
        "capacity": [CAPACITY_REQUIRED],
        "status": [STATUS_REQUIRED],
    }


def test_a_date_that_does_not_exist_is_refused(client, business_unit, course):
    client.force_login(business_unit)
    data = session_data(date_day="31", date_month="2", date_year="2026")
    assert form_errors(client.post(add_url(course), data)) == {
        "date": [DATE_NOT_REAL.format(label="Date")]
    }


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ("0", PLACES_TOO_FEW),
        ("-5", PLACES_TOO_FEW),
        ("ten", PLACES_INVALID),
        ("2.5", PLACES_INVALID),
    ],
)
def test_places_must_be_a_whole_number_from_one(client, business_unit, course, places, message):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(capacity=places))
    assert form_errors(response) == {"capacity": [message]}
    assert not Session.objects.exists()


def test_more_places_than_a_session_can_have_are_refused(client, business_unit, course):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(capacity="5000"))
    assert form_errors(response) == {"capacity": [PLACES_TOO_MANY]}


def test_a_cancelled_session_needs_a_reason(client, business_unit, course):
    client.force_login(business_unit)
    response = client.post(add_url(course), session_data(status="cancelled"))
    assert form_errors(response) == {"cancellation_reason": [CANCELLATION_REASON_REQUIRED]}
    assert not Session.objects.exists()


def test_an_unknown_status_or_reason_is_refused(client, business_unit, course):
    client.force_login(business_unit)
    data = session_data(status="postponed", cancellation_reason="weather")
    assert set(form_errors(client.post(add_url(course), data))) == {"status", "cancellation_reason"}


def test_a_reason_left_ticked_on_a_session_not_cancelled_is_dropped(client, business_unit, course):
    client.force_login(business_unit)
    client.post(add_url(course), session_data(cancellation_reason="low_nominations"))
    assert Session.objects.get(course=course).cancellation_reason == ""


def test_an_e_learning_course_has_no_sessions_to_add(client, business_unit, elearning_course):
    client.force_login(business_unit)
    response = client.get(add_url(elearning_course), follow=True)
    assert response.redirect_chain[-1][0] == reverse("training:course", args=[elearning_course.pk])
    assert NO_SESSIONS_FOR_ELEARNING in response.content.decode()


def test_the_session_form_keeps_the_markup_rules(client, business_unit, course):
    client.force_login(business_unit)
    tree = page_tree(client.post(add_url(course), session_data(start_time="late")))
    assert markup_problems(tree) == []
    summary = tree.with_class("govuk-error-summary__list")[0]
    assert [a.attrs["href"] for a in summary.tags("a")] == ["#id_start_time"]


# --- changing a session ----------------------------------------------------------------------


def test_the_change_page_shows_the_session_in_local_time(client, business_unit, session):
    client.force_login(business_unit)
    form = client.get(reverse("training:session_edit", args=[session.pk])).context["form"]
    html = str(form)
    assert 'name="date_day" value="7"' in html and 'name="date_year" value="2025"' in html
    assert 'value="09:30"' in html and 'value="12:30"' in html
    assert form["capacity"].value() == 20


def test_the_business_unit_changes_a_session(client, business_unit, session):
    client.force_login(business_unit)
    data = session_data(
        **date_fields("date", datetime.date(2025, 10, 8)),
        status="delivered",
        version=session.version,
    )
    response = client.post(reverse("training:session_edit", args=[session.pk]), data, follow=True)
    assert SESSION_SAVED.format(date="8 October 2025") in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == local(datetime.date(2025, 10, 8), 9, 30)
    assert session.capacity == 24


def test_a_session_somebody_attended_cannot_be_cancelled(client, business_unit, attendance):
    session = attendance.session
    client.force_login(business_unit)
    data = session_data(status="cancelled", cancellation_reason="venue", version=session.version)
    response = client.post(reverse("training:session_edit", args=[session.pk]), data)
    assert form_errors(response) == {"status": [services.CANCELLED_WITH_ATTENDEES]}
    session.refresh_from_db()
    assert session.status == "delivered"


# --- cancelling a session --------------------------------------------------------------------


def test_the_session_page_offers_managers_to_cancel_a_scheduled_session(
    client, business_unit, member, scheduled, session
):
    client.force_login(business_unit)
    assert (
        "Cancel this session"
        in client.get(reverse("training:session", args=[scheduled.pk])).content.decode()
    )
    assert (
        "Cancel this session"
        not in client.get(reverse("training:session", args=[session.pk])).content.decode()
    )
    client.force_login(member)
    assert (
        "Cancel this session"
        not in client.get(reverse("training:session", args=[scheduled.pk])).content.decode()
    )


def test_a_scheduled_session_is_cancelled_for_low_nominations(client, business_unit, scheduled):
    client.force_login(business_unit)
    response = client.post(
        reverse("training:session_cancel", args=[scheduled.pk]),
        {"reason": "low_nominations", "note": "Four bookings by the closing date"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("training:session", args=[scheduled.pk])
    html = response.content.decode()
    assert (
        SESSION_CANCELLED.format(date=f"{timezone.localtime(scheduled.starts_at):%-d %B %Y}")
        in html
    )
    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.cancellation_reason) == ("cancelled", "low_nominations")
    assert scheduled.cancellation_note == "Four bookings by the closing date"
    assert scheduled.history.first().history_user == business_unit


def test_cancelling_needs_a_reason(client, business_unit, scheduled):
    client.force_login(business_unit)
    url = reverse("training:session_cancel", args=[scheduled.pk])
    for data in ({"note": "No reason given"}, {"reason": "boredom"}):
        response = client.post(url, data)
        assert form_errors(response) == {"reason": [CANCELLATION_REASON_REQUIRED]}
    scheduled.refresh_from_db()
    assert scheduled.status == "scheduled"


def test_only_a_scheduled_session_can_be_cancelled(client, business_unit, session):
    client.force_login(business_unit)
    response = client.post(
        reverse("training:session_cancel", args=[session.pk]), {"reason": "venue"}, follow=True
    )
    assert ONLY_SCHEDULED_CANCELLED in response.content.decode()
    session.refresh_from_db()
    assert session.status == "delivered"


def test_the_cancel_service_refuses_a_session_somebody_attended(business_unit, scheduled, agency):
    Attendance.objects.create(session=scheduled, agency=agency, status="attended")
    with pytest.raises(ValidationError) as refused:
        services.session_cancel(session=scheduled, user=business_unit, reason="venue")
    assert refused.value.message_dict == {"status": [services.CANCELLED_WITH_ATTENDEES]}
    scheduled.refresh_from_db()
    assert scheduled.status == "scheduled"


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "executive", "scrutineer", "agency_rep", "lead"])
def test_people_who_do_not_manage_training_cannot_add_change_or_cancel_a_session(
    client, request, course, session, scheduled, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(add_url(course), session_data()).status_code == 403
    edit = reverse("training:session_edit", args=[session.pk])
    assert client.post(edit, session_data(capacity="99")).status_code == 403
    cancel = reverse("training:session_cancel", args=[scheduled.pk])
    assert client.post(cancel, {"reason": "venue"}).status_code == 403
    assert Session.objects.count() == 2
    session.refresh_from_db()
    scheduled.refresh_from_db()
    assert (session.capacity, scheduled.status) == (20, "scheduled")


def test_another_partnership_cannot_reach_the_sessions(client, outsider, course, session):
    client.force_login(outsider)
    assert client.post(add_url(course), session_data()).status_code == 404
    edit = reverse("training:session_edit", args=[session.pk])
    assert client.post(edit, session_data(capacity="99")).status_code == 404
    session.refresh_from_db()
    assert session.capacity == 20
