"""The business unit imports a booking system's export into a session (a bad file first,
refused whole), marks the register, and opens the workforce development statistics of the
year. axe-core checks every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kscp.core.models import Sector
from tests.e2e.conftest import assert_accessible
from training.models import Attendance, Session

pytestmark = pytest.mark.django_db(transaction=True)

BAD_EXPORT = (
    "Name,E-mail,Job title,Agency,Status\n"
    "Ada Example,ada.example@example.org,Social worker,Northdale Council,Booked\n"
    "Bob Example,bob.example@example.org,Teacher,Northdale Schols,Booked\n"
)
GOOD_EXPORT = BAD_EXPORT.replace("Northdale Schols", "northdale  police")


def test_business_unit_imports_a_booking_export_marks_the_register_and_reads_the_statistics(
    sign_in, page, business_unit, course, agency, police
):
    starts = timezone.now() - datetime.timedelta(days=1)
    session = Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Dewsbury Town Hall",
        capacity=12,
    )

    page = sign_in("bea_business")
    page.get_by_role("link", name="Training", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Training")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(f"^{course.title}")).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^\d+ \w+ \d{4}, \d\d:\d\d session$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session on")
    assert_accessible(page)

    # A file with an unknown agency is refused whole, the row and column named.
    page.get_by_role("link", name="Import attendees from a booking system").click()
    assert_accessible(page)
    upload = {"name": "booking-export.csv", "mimeType": "text/csv"}
    page.locator("input[type=file]").set_input_files({**upload, "buffer": BAD_EXPORT.encode()})
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Row 3")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Northdale Schols")
    assert_accessible(page)
    assert not Attendance.objects.filter(session=session).exists()

    # The corrected file is previewed, then imported.
    page.locator("input[type=file]").set_input_files({**upload, "buffer": GOOD_EXPORT.encode()})
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("cell", name="Northdale Police").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Import 2 attendees").click()
    expect(page.get_by_text(re.compile("2 attendees"))).to_be_visible()
    assert_accessible(page)

    # The register: Ada came, Bob did not.
    page.get_by_label(re.compile(r"^Attended: 1\. Ada Example")).check()
    page.get_by_label(re.compile(r"^Did not attend: 2\. Bob Example")).check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)
    statuses = dict(Attendance.objects.filter(session=session).values_list("name", "status"))
    assert statuses == {"Ada Example": "attended", "Bob Example": "did_not_attend"}

    # The year's workforce statistics count Ada's place under her agency's sector.
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="Workforce development statistics").click()
    year = session.starts_at.year if session.starts_at.month >= 4 else session.starts_at.year - 1
    page.get_by_label("Financial year").select_option(str(year))
    page.get_by_role("button", name=re.compile("Show")).click()
    council = page.locator("#sectors tbody tr", has=page.get_by_text(Sector.LOCAL_AUTHORITY.label))
    expect(council.locator("td").last).to_have_text("1")  # last year, then this year
    course_row = page.locator("#courses tbody tr", has=page.get_by_text(course.title))
    # Sessions and attendees of last year, then of this year: one session, one place.
    expect(course_row.locator("td").nth(2)).to_have_text("1")
    expect(course_row.locator("td").nth(3)).to_have_text("1")
    assert_accessible(page)
