"""Importing a booking export over a register already taken: "booked" never undoes an
attended or did-not-attend mark, and the preview says what becomes of everyone already on the
register."""

import pytest
from django.urls import reverse

from tests.pages import markup_problems, page_tree
from tests.training.files.uploads import booking_csv
from tests.training.helpers import statuses
from training import selectors, services
from training.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(session, attendance, agency):
    """Ada attended, Pat did not attend (the `attendance` fixture), Cy is booked."""
    Attendance.objects.create(
        session=session,
        name="Cy Example",
        email="cy.example@example.org",
        agency=agency,
        status=Attendance.Status.BOOKED,
    )
    return session


def rebooked():
    return booking_csv(
        ["Ada Example", "ada.example@example.org", "", "Northdale Council", "Booked"],
        ["Pat Example", "pat.example@example.org", "", "Northdale Police", "Booked"],
        ["Cy Example", "cy.example@example.org", "", "Northdale Council", "Attended"],
        ["Di Example", "di.example@example.org", "", "Northdale Police", "Booked"],
    )


# --- "booked" never undoes the register ----------------------------------------------------


def test_booked_in_a_file_leaves_attended_and_did_not_attend_as_they_are(register, business_unit):
    batch = services.attendance_import_check(
        session=register, user=business_unit, upload=rebooked()
    )
    assert services.attendance_import_confirm(batch=batch, user=business_unit) == (1, 3)
    assert statuses(register) == {
        "Ada Example": Attendance.Status.ATTENDED,
        "Pat Example": Attendance.Status.DID_NOT_ATTEND,
        "Cy Example": Attendance.Status.ATTENDED,
        "Di Example": Attendance.Status.BOOKED,
    }


def test_a_cancellation_in_a_file_still_changes_an_attended_place(register, business_unit):
    upload = booking_csv(["", "ada.example@example.org", "", "Northdale Council", "Cancelled"])
    batch = services.attendance_import_check(session=register, user=business_unit, upload=upload)
    services.attendance_import_confirm(batch=batch, user=business_unit)
    assert statuses(register)["Ada Example"] == Attendance.Status.CANCELLED


def test_the_preview_shows_each_updated_place_s_status_now_and_after(
    manager, register, business_unit
):
    batch = services.attendance_import_check(
        session=register, user=business_unit, upload=rebooked()
    )
    preview = selectors.import_preview_attendance(batch)
    assert [(row["name"], row["status"], row["updates"]) for row in preview.rows] == [
        ("Ada Example", "Attended (kept: the file says booked)", True),
        ("Pat Example", "Did not attend (kept: the file says booked)", True),
        ("Cy Example", "Booked → Attended", True),
        ("Di Example", "Booked", False),
    ]
    assert preview.totals == [
        ("Booked", 1),
        ("Attended", 2),
        ("Did not attend", 1),
        ("Cancelled", 0),
    ]

    page = manager.get(reverse("training:import_preview", args=[batch.pk]))
    text = page.content.decode()
    assert selectors.IMPORT_STATUS_KEPT.format(status="Attended", incoming="booked") in text
    assert selectors.IMPORT_STATUS_CHANGED.format(old="Booked", new="Attended") in text
    assert markup_problems(page_tree(page)) == []


def test_the_preview_says_when_a_status_stays_the_same(register, business_unit):
    upload = booking_csv(["", "pat.example@example.org", "", "Northdale Police", "DNA"])
    batch = services.attendance_import_check(session=register, user=business_unit, upload=upload)
    [row] = selectors.import_preview_attendance(batch).rows
    assert row["status"] == selectors.IMPORT_STATUS_UNCHANGED.format(status="Did not attend")
