"""Your agency's training: a person of an agency sees the places their agency booked and
nobody else's; those who read every agency's attendance see them all, with an agency filter;
filtered by financial year and status, with totals, paginated; a person of no agency is told
why they see none."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kscp.core.lists import PAGE_SIZE
from kscp.core.models import Agency, Sector
from kscp.core.years import YEAR_INVALID
from tests.pages import markup_problems, page_tree
from training.filters import AGENCY_INVALID, STATUS_INVALID
from training.models import Attendance, Session

pytestmark = pytest.mark.django_db

URL = reverse("training:agency_attendance")


def names(response) -> list[str]:
    return [a.name for a in response.context["page"].object_list]


@pytest.fixture
def last_year(course, agency, police):
    """A session of the financial year 2024-25 with a place of each agency."""
    session = Session.objects.create(
        course=course,
        starts_at=timezone.make_aware(datetime.datetime(2025, 2, 11, 13, 0)),
        capacity=15,
        status=Session.Status.DELIVERED,
    )
    for name, of_agency, status in [
        ("Cleo Example", agency, Attendance.Status.ATTENDED),
        ("Dan Example", police, Attendance.Status.ATTENDED),
        ("Eli Example", police, Attendance.Status.CANCELLED),
    ]:
        Attendance.objects.create(
            session=session, agency=of_agency, name=name, job_title="Officer", status=status
        )
    return session


def test_an_agency_representative_sees_their_agencys_places_only(
    client, agency_rep, attendance, last_year
):
    client.force_login(agency_rep)
    response = client.get(URL)
    assert names(response) == ["Pat Example", "Dan Example", "Eli Example"]
    html = response.content.decode()
    assert "Your agency's training" in html
    assert "Ada Example" not in html and "Cleo Example" not in html
    assert 'name="agency"' not in html
    totals = response.context["totals"]
    assert (totals.booked, totals.attended, totals.did_not_attend, totals.cancelled) == (
        0,
        1,
        1,
        1,
    )
    assert totals.total == 3


def test_an_agency_filter_in_the_address_shows_no_other_agency(
    client, agency_rep, agency, attendance, last_year
):
    client.force_login(agency_rep)
    assert names(client.get(URL, {"agency": agency.pk})) == [
        "Pat Example",
        "Dan Example",
        "Eli Example",
    ]


def test_the_lead_of_the_council_sees_the_councils_places(client, lead, attendance, last_year):
    client.force_login(lead)
    assert names(client.get(URL)) == ["Ada Example", "Cleo Example"]


@pytest.mark.parametrize("persona", ["member", "reviewer"])
def test_a_person_of_no_agency_is_told_why_they_see_none(client, request, attendance, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    html = response.content.decode()
    assert "You are not recorded as working for an agency" in html
    assert "Ada Example" not in html and "Pat Example" not in html
    assert response.context["totals"].total == 0


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "business_unit", "trainer"])
def test_those_who_read_all_attendance_see_every_agency_and_filter_by_agency(
    client, request, training_group, police, attendance, last_year, persona
):
    client.force_login(request.getfixturevalue(persona))
    everyone = client.get(URL)
    assert len(names(everyone)) == 5
    assert "Attendance of training" in everyone.content.decode()
    assert names(client.get(URL, {"agency": police.pk})) == [
        "Pat Example",
        "Dan Example",
        "Eli Example",
    ]


def test_places_filter_by_financial_year_and_status(client, executive, attendance, last_year):
    client.force_login(executive)
    years = client.get(URL).context["filter"].form.fields["year"].choices
    assert [label for _, label in years] == ["All years", "2025-26", "2024-25"]
    response = client.get(URL, {"year": "2024", "status": "attended"})
    assert names(response) == ["Cleo Example", "Dan Example"]
    totals = response.context["totals"]
    assert (totals.attended, totals.total) == (2, 2)
    assert "2 places match the filters" in response.content.decode()
    assert names(client.get(URL, {"year": "2025"})) == ["Ada Example", "Pat Example"]


def test_filters_not_offered_are_refused_in_words(client, executive, attendance, other_partnership):
    theirs = Agency.objects.create(
        partnership=other_partnership, name="Southdale Police", sector=Sector.POLICE
    )
    client.force_login(executive)
    response = client.get(URL, {"year": "1999", "status": "asleep", "agency": theirs.pk})
    assert response.context["filter"].form.errors == {
        "year": [YEAR_INVALID],
        "status": [STATUS_INVALID],
        "agency": [AGENCY_INVALID],
    }


def test_places_are_paginated(client, agency_rep, session, police):
    Attendance.objects.bulk_create(
        Attendance(session=session, agency=police, name=f"Attendee {n:04d}")
        for n in range(PAGE_SIZE + 2)
    )
    client.force_login(agency_rep)
    first = client.get(URL)
    assert len(names(first)) == PAGE_SIZE
    assert f"{PAGE_SIZE + 2} places, page 1 of 2" in first.content.decode()
    assert names(client.get(URL, {"page": 2})) == ["Attendee 0025", "Attendee 0026"]
    assert first.context["totals"].booked == PAGE_SIZE + 2


def test_no_places_yet_says_so(client, agency_rep):
    client.force_login(agency_rep)
    assert "No places have been booked by Northdale Police yet." in (
        client.get(URL).content.decode()
    )


def test_a_place_whose_name_was_removed_says_so(client, agency_rep, attendance):
    Attendance.objects.filter(pk=attendance.pk).update(name="", anonymised_at=timezone.now())
    client.force_login(agency_rep)
    assert "Name removed" in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", ["agency_rep", "executive"])
def test_the_attendance_page_reads_with_a_fixed_number_of_queries(
    client, request, course, police, agency, persona
):
    client.force_login(request.getfixturevalue(persona))

    def grow(start, count):
        for n in range(start, start + count):
            session = Session.objects.create(
                course=course,
                starts_at=timezone.make_aware(datetime.datetime(2023 + n % 3, 1 + n % 12, 3)),
                capacity=10,
            )
            Attendance.objects.create(session=session, agency=police, name=f"P {n}")
            Attendance.objects.create(session=session, agency=agency, name=f"C {n}")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    grow(0, 2)
    small = queries()
    grow(10, 30)
    assert queries() == small


def test_the_attendance_page_keeps_the_markup_rules(client, executive, attendance, last_year):
    client.force_login(executive)
    assert markup_problems(page_tree(client.get(URL))) == []
