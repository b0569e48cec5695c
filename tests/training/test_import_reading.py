"""Reading odd and hostile workbooks: a workbook that would unpack into far more than was
uploaded is refused before it is opened, broken sheet XML is refused as unreadable, a cell of
any type gives a named problem or text (never an error page), and names match whatever their
accents."""

import datetime
import io
import zipfile
from unittest import mock

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from kscp.core.models import Agency, Sector
from tests.training.files.uploads import (
    BOOKING_HEADER,
    ELEARNING_HEADER,
    XLSX_TYPE,
    booking_csv,
    xlsx_bytes,
    xlsx_file,
)
from tests.training.helpers import refusal
from training import imports, services
from training.models import ImportBatch

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
ADA = ["Ada Example", "ada.example@example.org", "Social worker", "Northdale Council", "Attended"]
AWARENESS = "An Awareness of Child Abuse and Neglect"


def read(upload):
    return imports.read_upload(upload, max_bytes=settings.TRAINING_IMPORT_MAX_BYTES)


def rebuilt(workbook: bytes, parts: dict[str, bytes], *, name="booking.xlsx"):
    """The workbook with some of its parts replaced, as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
    return SimpleUploadedFile(name, buffer.getvalue(), XLSX_TYPE)


def padded_workbook(padding: int):
    """A good booking workbook whose sheet carries `padding` spaces: valid XML that unpacks
    into far more than it takes zipped."""
    workbook = xlsx_bytes([BOOKING_HEADER, ADA])
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read(SHEET)
    padded = sheet.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
    return rebuilt(workbook, {SHEET: padded})


@pytest.fixture
def agencies(agency, police):
    return [agency, police]


# --- a zip bomb -----------------------------------------------------------------------------


def test_a_workbook_that_unpacks_into_too_much_is_refused_before_it_is_opened():
    upload = padded_workbook(imports.MAX_UNPACKED_BYTES)
    assert upload.size < 100 * 1024  # a few kilobytes uploaded, 25 MB once unpacked
    with mock.patch("kscp.core.imports.reading.load_workbook") as load_workbook:
        assert refusal(lambda: read(upload)) == [imports.FILE_UNPACKS_TOO_BIG.format(limit="25 MB")]
    load_workbook.assert_not_called()


def test_a_workbook_a_little_padded_is_read(agencies):
    rows = imports.check_attendance(read(padded_workbook(MB)), agencies=agencies)
    assert [row["name"] for row in rows] == ["Ada Example"]


def test_the_unpacked_limit_grows_with_the_upload_limit():
    assert imports.max_unpacked_bytes() == 25 * MB
    with override_settings(TRAINING_IMPORT_MAX_BYTES=10 * MB):
        assert imports.max_unpacked_bytes() == 50 * MB
    with override_settings(TRAINING_IMPORT_MAX_BYTES=1024):
        assert imports.max_unpacked_bytes() == 25 * MB


def test_the_upload_page_names_a_zip_bomb_and_keeps_nothing(client, business_unit, session, agency):
    client.force_login(business_unit)
    response = client.post(
        reverse("training:import_attendance", args=[session.pk]),
        {"file": padded_workbook(imports.MAX_UNPACKED_BYTES)},
    )
    assert response.status_code == 200
    assert imports.FILE_UNPACKS_TOO_BIG.format(limit="25 MB") in response.content.decode()
    assert not ImportBatch.objects.exists()


# --- broken workbooks -----------------------------------------------------------------------


def broken_workbook(kind: str):
    """A workbook whose sheet opens well and breaks further on, where only reading its rows
    finds it (or, "not XML", breaks at once)."""
    workbook = xlsx_bytes([BOOKING_HEADER, ADA, ADA])
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read(SHEET)
    third = sheet.index(b'<row r="3"')
    broken = {
        "cut short": sheet[: third + 20],
        "bad row": sheet[:third] + b'<row r="3" <<' + sheet[third + len(b'<row r="3"') :],
        "mismatched tags": sheet.replace(b"</row>", b"</rows>", 2),
        "not XML": b"\x00\x01 this is not a sheet",
    }[kind]
    return rebuilt(workbook, {SHEET: broken})


BROKEN = ["cut short", "bad row", "mismatched tags", "not XML"]


@pytest.mark.parametrize("kind", BROKEN)
def test_a_workbook_with_a_broken_sheet_is_refused_as_unreadable(kind):
    assert refusal(lambda: read(broken_workbook(kind))) == [imports.FILE_NOT_XLSX]


@pytest.mark.parametrize("kind", BROKEN[:2])
def test_the_upload_page_names_a_broken_sheet(client, business_unit, session, agency, kind):
    client.force_login(business_unit)
    response = client.post(
        reverse("training:import_attendance", args=[session.pk]),
        {"file": broken_workbook(kind)},
    )
    assert response.status_code == 200
    assert imports.FILE_NOT_XLSX in response.content.decode()
    assert not ImportBatch.objects.exists()


# --- cells of any type ----------------------------------------------------------------------

DAY = datetime.date(2019, 4, 1)


@pytest.mark.parametrize(
    "cell, problem",
    [
        (DAY, imports.BAD_EMAIL.format(row=2, value="2019-04-01")),
        (datetime.datetime(2019, 4, 1, 9, 30), imports.BAD_EMAIL.format(row=2, value="2019-04-01")),
        (12345, imports.BAD_EMAIL.format(row=2, value="12345")),
        (True, imports.BAD_EMAIL.format(row=2, value="True")),
    ],
    ids=["date", "date and time", "number", "true"],
)
def test_a_cell_of_another_type_in_the_e_mail_column_is_named(agencies, cell, problem):
    upload = xlsx_file([BOOKING_HEADER, ["Ada Example", cell, "", "Northdale Council", "Booked"]])
    assert refusal(lambda: imports.check_attendance(read(upload), agencies=agencies)) == [problem]


@pytest.mark.parametrize(
    "cell, text",
    [(DAY, "2019-04-01"), (42, "42"), (2.5, "2.5"), (False, "False")],
    ids=["date", "whole number", "number", "false"],
)
def test_a_name_or_job_title_of_another_type_is_kept_as_text(
    agencies, session, business_unit, cell, text
):
    upload = xlsx_file([BOOKING_HEADER, [cell, "", cell, "Northdale Council", "Booked"]])
    rows = imports.check_attendance(read(upload), agencies=agencies)
    assert (rows[0]["name"], rows[0]["job_title"]) == (text, text)
    upload.seek(0)
    batch = services.attendance_import_check(session=session, user=business_unit, upload=upload)
    batch.refresh_from_db()
    assert (batch.rows[0]["name"], batch.rows[0]["job_title"]) == (text, text)


@pytest.mark.parametrize(
    "cell, problem",
    [
        (DAY, imports.UNKNOWN_AGENCY.format(row=2, value="2019-04-01")),
        (7, imports.UNKNOWN_AGENCY.format(row=2, value="7")),
    ],
    ids=["date", "number"],
)
def test_an_agency_of_another_type_is_named(agencies, cell, problem):
    upload = xlsx_file([BOOKING_HEADER, ["Ada Example", "", "", cell, "Booked"]])
    assert refusal(lambda: imports.check_attendance(read(upload), agencies=agencies)) == [problem]


def test_a_status_of_another_type_is_named(agencies):
    upload = xlsx_file([BOOKING_HEADER, ["Ada Example", "", "", "Northdale Council", DAY]])
    assert refusal(lambda: imports.check_attendance(read(upload), agencies=agencies)) == [
        imports.BAD_STATUS.format(row=2, value="2019-04-01")
    ]


def elearning_rows(row, courses):
    upload = xlsx_file([ELEARNING_HEADER, row], name="completions.xlsx")
    return imports.check_elearning(read(upload), courses=courses, platform="P", recorded=set())


@pytest.mark.parametrize(
    "cell, problem",
    [
        (DAY, imports.BAD_COUNT.format(row=2, value="2019-04-01")),
        (True, imports.BAD_COUNT.format(row=2, value="True")),
        (12.5, imports.BAD_COUNT.format(row=2, value="12.5")),
        (-4, imports.BAD_COUNT.format(row=2, value="-4")),
    ],
    ids=["date", "true", "fraction", "negative"],
)
def test_a_count_of_another_type_is_named(elearning_course, cell, problem):
    row = [AWARENESS, DAY, datetime.date(2019, 7, 31), cell]
    assert refusal(lambda: elearning_rows(row, [elearning_course])) == [problem]


def test_a_whole_number_count_cell_is_read(elearning_course):
    row = [AWARENESS, DAY, datetime.date(2019, 7, 31), 1200.0]
    assert elearning_rows(row, [elearning_course])[0]["count"] == 1200


@pytest.mark.parametrize(
    "cell, problem",
    [
        (DAY, imports.UNKNOWN_COURSE.format(row=2, value="2019-04-01")),
        (3, imports.UNKNOWN_COURSE.format(row=2, value="3")),
    ],
    ids=["date", "number"],
)
def test_a_course_of_another_type_is_named(elearning_course, cell, problem):
    row = [cell, DAY, datetime.date(2019, 7, 31), 12]
    assert refusal(lambda: elearning_rows(row, [elearning_course])) == [problem]


@pytest.mark.parametrize(
    "cell, problem",
    [
        (43556, imports.BAD_DATE.format(row=2, column="period start", value="43556")),
        (True, imports.BAD_DATE.format(row=2, column="period start", value="True")),
        (
            datetime.time(9, 30),
            imports.BAD_DATE.format(row=2, column="period start", value="09:30:00"),
        ),
    ],
    ids=["number", "true", "time"],
)
def test_a_period_cell_that_is_not_a_date_is_named(elearning_course, cell, problem):
    row = [AWARENESS, cell, datetime.date(2019, 7, 31), 12]
    assert refusal(lambda: elearning_rows(row, [elearning_course])) == [problem]


def test_the_upload_page_names_a_date_in_the_e_mail_column(client, business_unit, session, agency):
    client.force_login(business_unit)
    upload = xlsx_file([BOOKING_HEADER, ["Ada Example", DAY, "", "Northdale Council", "Booked"]])
    response = client.post(
        reverse("training:import_attendance", args=[session.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert imports.BAD_EMAIL.format(row=2, value="2019-04-01") in response.content.decode()


# --- names with accents ---------------------------------------------------------------------


def test_names_are_compared_without_their_accents():
    assert imports.key("Éire Council") == imports.key("Eire Council") == "eirecouncil"
    assert imports.key("Ysgol Gymraeg Bro Ŵyr") == "ysgolgymraegbrowyr"
    assert imports.key("Zoë’s Café & Crèche") == "zoescafeandcreche"


@pytest.mark.parametrize(
    "known, written",
    [("Eire Council", "Éire Council"), ("Éire Council", "Eire Council"), ("Éire Council", "ÉIRE")],
)
def test_an_agency_is_found_whatever_its_accents(partnership, known, written):
    eire = Agency.objects.create(
        partnership=partnership, name=known, aliases="Éire", sector=Sector.LOCAL_AUTHORITY
    )
    upload = booking_csv(["Ada", "", "", written, "Booked"])
    assert imports.check_attendance(read(upload), agencies=[eire])[0]["agency"] == eire.pk
