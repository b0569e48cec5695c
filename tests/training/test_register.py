"""A session's page and its register: everyone of the partnership reads the facts and counts,
only those who read every agency's attendance see names, and those who manage training mark
everyone in one form saved all or nothing; adding an attendee by hand and recording their
evaluation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.modelforms import CHOICE_NOT_OFFERED
from kscp.core.models import Agency, Sector
from tests.pages import markup_problems, page_tree
from tests.training.helpers import statuses
from training import services
from training.forms.attendance import AGENCY_REQUIRED, EMAIL_INVALID, NAME_REQUIRED
from training.models import ATTENDED_CANCELLED_SESSION, CONFIDENCE_RANGE, Attendance, Session
from training.views.attendance import ATTENDANCE_SAVED, ATTENDEE_ADDED
from training.views.sessions import REGISTER_SAVED

pytestmark = pytest.mark.django_db

AGENCY_NOT_OFFERED = CHOICE_NOT_OFFERED.format(label="agency")


def session_url(session) -> str:
    return reverse("training:session", args=[session.pk])


def book(session, agency, count, start=0):
    return [
        Attendance.objects.create(
            session=session,
            agency=agency,
            name=f"Attendee {n:04d}",
            email=f"attendee{n:04d}@example.org",
            job_title="Family support worker",
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def council(attendance, agency):
    """The council's attendee (Ada Example) of the session, who attended."""
    return Attendance.objects.get(session=attendance.session, agency=agency)


@pytest.fixture
def scheduled(course):
    return Session.objects.create(
        course=course,
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        capacity=10,
    )


# --- the session page ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "agency_rep", "lead"])
def test_everyone_sees_the_facts_and_counts_but_not_the_names(client, request, attendance, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(session_url(attendance.session))
    html = response.content.decode()
    assert "Huddersfield Town Hall" in html and "09:30 to 12:30" in html
    counts = response.context["counts"]
    assert (counts.booked, counts.attended, counts.did_not_attend) == (2, 1, 1)
    assert response.context["fill_rate"] == 5
    assert "Ada Example" not in html and "Pat Example" not in html
    assert "Save the register" not in html


@pytest.mark.parametrize("persona", ["executive", "scrutineer"])
def test_those_who_read_all_attendance_see_the_attendees_without_a_register(
    client, request, attendance, persona
):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(session_url(attendance.session)).content.decode()
    assert "Ada Example" in html and "Pat Example" in html
    assert "I will use the escalation policy sooner." in html
    assert "Save the register" not in html
    assert reverse("training:attendance_edit", args=[attendance.pk]) not in html


def test_managers_get_a_register_row_named_for_each_attendee(
    client, business_unit, attendance, council
):
    client.force_login(business_unit)
    tree = page_tree(client.get(session_url(attendance.session)))
    legends = [legend.text() for legend in tree.tags("legend") if "Attendance of" in legend.text()]
    assert legends == [
        "Attendance of 1. Ada Example, Northdale Council",
        "Attendance of 2. Pat Example, Northdale Police",
    ]
    checked = {
        node.attrs["id"]: node.attrs["value"]
        for node in tree.tags("input")
        if node.attrs.get("type") == "radio" and "checked" in node.attrs
    }
    assert checked == {
        f"id_status_{council.pk}_0": "attended",
        f"id_status_{attendance.pk}_1": "did_not_attend",
    }
    labels = [label.text() for label in tree.tags("label") if "Pat Example" in label.text()]
    assert labels == [
        "Attended: 2. Pat Example, Northdale Police",
        "Did not attend: 2. Pat Example, Northdale Police",
        "Cancelled: 2. Pat Example, Northdale Police",
    ]


def test_the_session_page_keeps_the_markup_rules(client, business_unit, executive, attendance):
    for person in (business_unit, executive):
        client.force_login(person)
        assert markup_problems(page_tree(client.get(session_url(attendance.session)))) == []


@pytest.mark.parametrize("persona", ["business_unit", "executive", "member"])
def test_the_session_page_reads_with_a_fixed_number_of_queries(
    client, request, training_group, session, agency, persona
):
    client.force_login(request.getfixturevalue(persona))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(session_url(session)).status_code == 200
        return len(captured)

    book(session, agency, 3)
    small = queries()
    book(session, agency, 40, start=100)
    assert queries() == small


# --- taking the register ---------------------------------------------------------------------


def test_the_register_is_saved_for_everyone_in_one_post(
    client, business_unit, session, agency, police
):
    first, second = book(session, agency, 2)
    third = book(session, police, 1, start=2)[0]
    client.force_login(business_unit)
    response = client.post(
        session_url(session),
        {
            f"status_{first.pk}": "attended",
            f"version_{first.pk}": first.version,
            f"status_{second.pk}": "did_not_attend",
            f"version_{second.pk}": second.version,
            f"status_{third.pk}": "cancelled",
            f"version_{third.pk}": third.version,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == session_url(session) + "#register"
    assert statuses(session) == {
        "Attendee 0000": "attended",
        "Attendee 0001": "did_not_attend",
        "Attendee 0002": "cancelled",
    }
    message = REGISTER_SAVED.format(attended=1, did_not_attend=1, cancelled=1)
    assert message in response.content.decode()
    assert first.history.first().history_user == business_unit


def test_a_place_left_unmarked_keeps_its_status(client, business_unit, session, agency):
    first, second = book(session, agency, 2)
    client.force_login(business_unit)
    client.post(
        session_url(session),
        {f"status_{first.pk}": "attended", f"version_{first.pk}": first.version},
    )
    assert statuses(session) == {"Attendee 0000": "attended", "Attendee 0001": "booked"}
    assert second.history.count() == 1


def test_a_bad_mark_refuses_the_whole_register(client, business_unit, session, agency):
    first, second = book(session, agency, 2)
    client.force_login(business_unit)
    response = client.post(
        session_url(session),
        {
            f"status_{first.pk}": "attended",
            f"version_{first.pk}": first.version,
            f"status_{second.pk}": "maybe",
            f"version_{second.pk}": second.version,
        },
    )
    assert response.status_code == 200
    assert response.context["register"].errors == {
        f"status_{second.pk}": [services.REGISTER_STATUS_INVALID]
    }
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_status_{second.pk}_0"' in html
    assert statuses(session) == {"Attendee 0000": "booked", "Attendee 0001": "booked"}


def test_the_register_service_checks_every_mark_before_saving_any(
    business_unit, session, scheduled, agency
):
    mine = book(session, agency, 1)[0]
    elsewhere = book(scheduled, agency, 1, start=5)[0]
    with pytest.raises(ValidationError) as refused:
        services.session_mark_register(
            session=session,
            user=business_unit,
            marks={mine.pk: "attended", elsewhere.pk: "attended", "x": "attended"},
            versions={mine.pk: mine.version},
        )
    assert refused.value.message_dict == {
        str(elsewhere.pk): [services.REGISTER_NOT_ON_SESSION],
        "x": [services.REGISTER_NOT_ON_SESSION],
    }
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (mine.status, elsewhere.status) == ("booked", "booked")


def test_the_register_service_refuses_anybody_attending_a_cancelled_session(
    business_unit, course, agency
):
    cancelled = Session.objects.create(
        course=course,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        capacity=10,
        status=Session.Status.CANCELLED,
        cancellation_reason=Session.CancellationReason.LOW_NOMINATIONS,
    )
    place = book(cancelled, agency, 1)[0]
    with pytest.raises(ValidationError) as refused:
        services.session_mark_register(
            session=cancelled,
            user=business_unit,
            marks={place.pk: "attended"},
            versions={place.pk: place.version},
        )
    assert refused.value.message_dict == {str(place.pk): [ATTENDED_CANCELLED_SESSION]}
    counts = services.session_mark_register(
        session=cancelled,
        user=business_unit,
        marks={place.pk: "cancelled"},
        versions={place.pk: place.version},
    )
    assert counts["cancelled"] == 1


def test_a_cancelled_session_shows_its_attendees_without_a_register(
    client, business_unit, course, agency
):
    cancelled = Session.objects.create(
        course=course,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        capacity=10,
        status=Session.Status.CANCELLED,
        cancellation_reason=Session.CancellationReason.VENUE,
    )
    book(cancelled, agency, 1)
    client.force_login(business_unit)
    html = client.get(session_url(cancelled)).content.decode()
    assert "Attendee 0000" in html
    assert "Save the register" not in html
    assert "Venue unavailable" in html


def test_taking_the_register_of_a_session_that_has_started_records_it_as_delivered(
    client, business_unit, scheduled, agency
):
    place = book(scheduled, agency, 1)[0]
    client.force_login(business_unit)
    client.post(
        session_url(scheduled),
        {f"status_{place.pk}": "attended", f"version_{place.pk}": place.version},
    )
    scheduled.refresh_from_db()
    assert scheduled.status == Session.Status.DELIVERED
    assert scheduled.history.first().history_user == business_unit


def test_taking_the_register_of_a_session_to_come_leaves_it_scheduled(
    client, business_unit, course, agency
):
    coming = Session.objects.create(
        course=course, starts_at=timezone.now() + datetime.timedelta(days=3), capacity=10
    )
    place = book(coming, agency, 1)[0]
    client.force_login(business_unit)
    client.post(
        session_url(coming),
        {f"status_{place.pk}": "cancelled", f"version_{place.pk}": place.version},
    )
    coming.refresh_from_db()
    assert coming.status == Session.Status.SCHEDULED


@pytest.mark.parametrize(
    ("persona", "status"),
    [("executive", 403), ("scrutineer", 403), ("agency_rep", 403), ("member", 403)],
)
def test_people_who_do_not_manage_training_cannot_take_the_register(
    client, request, attendance, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        session_url(attendance.session),
        {f"status_{attendance.pk}": "attended", f"version_{attendance.pk}": attendance.version},
    )
    assert response.status_code == status
    attendance.refresh_from_db()
    assert attendance.status == "did_not_attend"


def test_another_partnership_cannot_take_the_register(client, outsider, attendance):
    client.force_login(outsider)
    response = client.post(
        session_url(attendance.session),
        {f"status_{attendance.pk}": "attended", f"version_{attendance.pk}": attendance.version},
    )
    assert response.status_code == 404
    attendance.refresh_from_db()
    assert attendance.status == "did_not_attend"


# --- adding an attendee ------------------------------------------------------------------------


def attendee_data(of_agency, **changes) -> dict:
    data = {
        "name": "Grace Example",
        "email": "grace.example@example.org",
        "job_title": "School nurse",
        "agency": of_agency.pk,
        "status": "booked",
    }
    data.update(changes)
    return data


def test_the_business_unit_adds_an_attendee_by_hand(client, business_unit, session, police):
    client.force_login(business_unit)
    url = reverse("training:attendance_add", args=[session.pk])
    assert client.get(url).context["form"]["status"].value() == "booked"
    response = client.post(url, attendee_data(police), follow=True)
    assert response.redirect_chain[-1][0] == session_url(session) + "#register"
    assert ATTENDEE_ADDED.format(name="Grace Example") in response.content.decode()
    place = session.attendances.get(name="Grace Example")
    assert (place.agency, place.job_title, place.status) == (police, "School nurse", "booked")
    assert place.history.first().history_user == business_unit


def test_an_attendee_needs_a_name_a_valid_e_mail_and_an_agency(
    client, business_unit, session, agency
):
    client.force_login(business_unit)
    url = reverse("training:attendance_add", args=[session.pk])
    response = client.post(url, attendee_data(agency, name=" ", email="grace@", agency=""))
    assert response.context["form"].errors == {
        "name": [NAME_REQUIRED],
        "email": [EMAIL_INVALID],
        "agency": [AGENCY_REQUIRED],
    }
    assert session.attendances.count() == 0


def test_an_unknown_agency_is_refused(client, business_unit, session, agency):
    client.force_login(business_unit)
    url = reverse("training:attendance_add", args=[session.pk])
    for unknown in ("999999", "police"):
        response = client.post(url, attendee_data(agency, agency=unknown))
        assert response.context["form"].errors == {"agency": [AGENCY_NOT_OFFERED]}
    assert session.attendances.count() == 0


def test_an_agency_of_another_partnership_is_refused(
    client, business_unit, session, other_partnership
):
    theirs = Agency.objects.create(
        partnership=other_partnership, name="Southdale Police", sector=Sector.POLICE
    )
    client.force_login(business_unit)
    url = reverse("training:attendance_add", args=[session.pk])
    response = client.post(url, attendee_data(theirs))
    assert response.context["form"].errors == {"agency": [AGENCY_NOT_OFFERED]}
    assert "Southdale" not in client.get(url).content.decode()
    assert session.attendances.count() == 0


def test_nobody_is_added_as_attending_a_cancelled_session(client, business_unit, course, agency):
    cancelled = Session.objects.create(
        course=course,
        starts_at=timezone.now(),
        capacity=10,
        status=Session.Status.CANCELLED,
        cancellation_reason=Session.CancellationReason.EMERGENCY,
    )
    client.force_login(business_unit)
    url = reverse("training:attendance_add", args=[cancelled.pk])
    response = client.post(url, attendee_data(agency, status="attended"))
    assert response.context["form"].errors == {"status": [ATTENDED_CANCELLED_SESSION]}


# --- a place and its evaluation ----------------------------------------------------------------


def test_the_evaluation_of_an_attendee_is_recorded(client, trainer, training_group, attendance):
    client.force_login(trainer)
    url = reverse("training:attendance_edit", args=[attendance.pk])
    data = attendee_data(
        attendance.agency,
        name="Pat Example",
        status="attended",
        confidence_before="2",
        confidence_after="5",
        impact_comment="I now check the police records before a strategy meeting.",
        version=attendance.version,
    )
    response = client.post(url, data, follow=True)
    assert ATTENDANCE_SAVED.format(name="Pat Example") in response.content.decode()
    attendance.refresh_from_db()
    assert (attendance.confidence_before, attendance.confidence_after) == (2, 5)
    assert attendance.status == "attended"
    assert attendance.impact_comment.startswith("I now check")


def test_a_confidence_outside_one_to_five_is_refused(client, business_unit, attendance):
    client.force_login(business_unit)
    url = reverse("training:attendance_edit", args=[attendance.pk])
    data = attendee_data(
        attendance.agency,
        confidence_before="0",
        confidence_after="7",
        version=attendance.version,
    )
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "confidence_before": [CONFIDENCE_RANGE],
        "confidence_after": [CONFIDENCE_RANGE],
    }


def test_a_confidence_can_be_cleared(client, business_unit, council):
    client.force_login(business_unit)
    url = reverse("training:attendance_edit", args=[council.pk])
    form = client.get(url).context["form"]
    assert (form["confidence_before"].value(), form["confidence_after"].value()) == (2, 4)
    data = attendee_data(
        council.agency,
        name="Ada Example",
        status="attended",
        confidence_before="",
        confidence_after="4",
        version=council.version,
    )
    assert client.post(url, data).status_code == 302
    council.refresh_from_db()
    assert (council.confidence_before, council.confidence_after) == (None, 4)


def test_an_anonymised_place_has_no_name_or_e_mail_to_change(client, business_unit, attendance):
    Attendance.objects.filter(pk=attendance.pk).update(
        name="", email="", anonymised_at=timezone.now()
    )
    client.force_login(business_unit)
    url = reverse("training:attendance_edit", args=[attendance.pk])
    form = client.get(url).context["form"]
    assert "name" not in form.fields and "email" not in form.fields
    data = {
        "job_title": "Officer",
        "agency": attendance.agency_id,
        "status": "attended",
        "version": attendance.version,
    }
    assert client.post(url, data).status_code == 302
    attendance.refresh_from_db()
    assert (attendance.name, attendance.status) == ("", "attended")


@pytest.mark.parametrize("persona", ["executive", "agency_rep", "member"])
def test_people_who_do_not_manage_training_cannot_add_or_change_a_place(
    client, request, attendance, police, persona
):
    client.force_login(request.getfixturevalue(persona))
    add = reverse("training:attendance_add", args=[attendance.session_id])
    assert client.post(add, attendee_data(police)).status_code == 403
    edit = reverse("training:attendance_edit", args=[attendance.pk])
    assert client.post(edit, attendee_data(police, status="attended")).status_code in (403, 404)
    attendance.refresh_from_db()
    assert attendance.status == "did_not_attend"
    assert attendance.session.attendances.count() == 2


def test_the_attendee_forms_keep_the_markup_rules(client, business_unit, attendance, agency):
    client.force_login(business_unit)
    edit = reverse("training:attendance_edit", args=[attendance.pk])
    assert markup_problems(page_tree(client.get(edit))) == []
    add = reverse("training:attendance_add", args=[attendance.session_id])
    assert markup_problems(page_tree(client.post(add, attendee_data(agency, name="")))) == []
