"""Every row of a table of people's places is announced by its header: on the attendance
list, the course of the place, linking to its session, each link named apart from the others;
on the preview of an import, the attendee's name."""

import pytest
from django.urls import reverse

from tests.pages import markup_problems, page_tree
from tests.training.files.uploads import booking_csv

pytestmark = pytest.mark.django_db


def body_rows(tree, caption_start):
    table = next(
        table
        for table in tree.tags("table")
        if table.tags("caption")[0].text().startswith(caption_start)
    )
    return table.tags("tbody")[0].tags("tr")


def test_each_place_is_headed_by_its_course_linking_to_its_session(
    client, executive, session, attendance
):
    client.force_login(executive)
    tree = page_tree(client.get(reverse("training:agency_attendance")))
    rows = body_rows(tree, "Places booked on training sessions")
    assert len(rows) == 2
    for number, row in enumerate(rows, start=1):
        header = row.tags("th")[0]
        assert header.attrs["scope"] == "row"
        (link,) = header.tags("a")
        assert link.attrs["href"] == reverse("training:session", args=[session.pk])
        assert link.text() == f"{session.course.title} on 7 Oct 2025, place {number}"
    assert markup_problems(tree) == []


def test_each_attendee_of_an_import_preview_is_headed_by_their_name(
    client, business_unit, session, agency, police
):
    client.force_login(business_unit)
    response = client.post(
        reverse("training:import_attendance", args=[session.pk]), {"file": booking_csv()}
    )
    tree = page_tree(client.get(response.url))
    rows = body_rows(tree, "The attendees as they will be saved")
    headers = [row.tags("th")[0] for row in rows]
    assert [header.attrs["scope"] for header in headers] == ["row"] * 3
    assert [header.text() for header in headers] == ["Ada Example", "Bo Example", "Cy Example"]
    assert markup_problems(tree) == []
