"""Reading and checking import files: the whole file is checked, every problem is named by row
and column, names are matched without regard to case, spacing or punctuation, and a checked
file is imported whole or not at all."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from kscp.core.models import Agency, Sector
from tests.training.files.uploads import (
    BOOKING_HEADER,
    ELEARNING_HEADER,
    booking_csv,
    csv_file,
    elearning_csv,
    raw_file,
    xlsx_file,
)
from tests.training.helpers import refusal
from training import imports, services
from training.models import Attendance, ElearningCompletion, ImportBatch, Session

pytestmark = pytest.mark.django_db

MAX = settings.TRAINING_IMPORT_MAX_BYTES
ADA = ["Ada Example", "ada.example@example.org", "Social worker", "Northdale Council", "Attended"]


def read(upload):
    return imports.read_upload(upload, max_bytes=MAX)


def attendance_rows(upload, agencies, **kwargs):
    return imports.check_attendance(read(upload), agencies=agencies, **kwargs)


@pytest.fixture
def agencies(agency, police):
    police.aliases = "NPS\nNorthdale Constabulary"
    police.save()
    return [agency, police]


# --- reading ---------------------------------------------------------------------------------


def test_a_good_booking_csv_gives_every_row_as_it_will_be_saved(agencies, agency, police):
    rows = attendance_rows(booking_csv(), agencies)
    assert rows == [
        {
            "row": 2,
            "name": "Ada Example",
            "email": "ada.example@example.org",
            "job_title": "Social worker",
            "agency": agency.pk,
            "status": "attended",
        },
        {
            "row": 3,
            "name": "Bo Example",
            "email": "bo.example@example.org",
            "job_title": "Response officer",
            "agency": police.pk,
            "status": "did_not_attend",
        },
        {
            "row": 4,
            "name": "Cy Example",
            "email": "cy.example@example.org",
            "job_title": "School nurse",
            "agency": agency.pk,
            "status": "booked",
        },
    ]


def test_a_good_workbook_reads_like_the_same_csv(agencies):
    from tests.training.files.uploads import BOOKING_ROWS

    workbook = xlsx_file([BOOKING_HEADER, *BOOKING_ROWS])
    assert attendance_rows(workbook, agencies) == attendance_rows(booking_csv(), agencies)


def test_headers_are_matched_without_case_spacing_or_punctuation(agencies):
    header = ["  NAME ", "Work e-mail", "Job_Title", "AGENCY", "status", "Booking reference"]
    rows = attendance_rows(csv_file([header, [*ADA, "BK-1"]]), agencies)
    assert rows[0]["email"] == "ada.example@example.org"
    assert rows[0]["job_title"] == "Social worker"


@pytest.mark.parametrize("email_header", ["email", "E-mail", "Work e-mail", "Work Email"])
def test_the_e_mail_column_goes_by_its_usual_names(agencies, email_header):
    header = ["Name", email_header, "Job title", "Agency", "Status"]
    assert attendance_rows(csv_file([header, ADA]), agencies)[0]["email"]


@pytest.mark.parametrize(
    "written",
    ["northdale council", "NORTHDALE  COUNCIL", " Northdale Council. ", "Northdale-Council"],
)
def test_agency_names_are_matched_without_case_spacing_or_punctuation(agencies, agency, written):
    rows = attendance_rows(booking_csv(["Ada", "", "", written, "Attended"]), agencies)
    assert rows[0]["agency"] == agency.pk


@pytest.mark.parametrize("written", ["NPS", "n.p.s.", "northdale   constabulary"])
def test_agencies_are_matched_by_their_other_names(agencies, police, written):
    rows = attendance_rows(booking_csv(["Bo", "", "", written, "Attended"]), agencies)
    assert rows[0]["agency"] == police.pk


def test_a_name_two_agencies_go_by_is_refused_as_ambiguous(agencies, agency, police):
    agency.aliases = "NPS"
    agency.save()
    messages = refusal(
        lambda: attendance_rows(booking_csv(["Bo", "", "", "NPS", "Booked"]), agencies)
    )
    assert messages == [
        imports.AMBIGUOUS_AGENCY.format(
            row=2, value="NPS", agencies="Northdale Council or Northdale Police"
        )
    ]


@pytest.mark.parametrize(
    "word, status",
    [
        ("Attended", "attended"),
        ("attended", "attended"),
        ("DNA", "did_not_attend"),
        ("did not attend", "did_not_attend"),
        ("Did Not Attend", "did_not_attend"),
        ("Booked", "booked"),
        ("Cancelled", "cancelled"),
        ("canceled", "cancelled"),
    ],
)
def test_status_words_of_booking_systems_are_understood(agencies, word, status):
    rows = attendance_rows(booking_csv(["Ada", "", "", "Northdale Council", word]), agencies)
    assert rows[0]["status"] == status


def test_a_csv_saved_by_excel_in_windows_1252_is_read(agencies):
    text = (
        "Name,E-mail,Job title,Agency,Status\r\n"
        "Zoë Example,,Health visitor,Northdale Council,Booked\r\n"
    )
    rows = attendance_rows(raw_file(text.encode("cp1252")), agencies)
    assert rows[0]["name"] == "Zoë Example"


def test_a_csv_with_semicolons_is_read(agencies):
    upload = csv_file([BOOKING_HEADER, ADA], delimiter=";")
    assert attendance_rows(upload, agencies)[0]["name"] == "Ada Example"


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(agencies):
    upload = csv_file(
        [[], BOOKING_HEADER, ["", "", "", "", ""], ["Ada", "", "", "Northdale Council", "Booked"]]
    )
    assert attendance_rows(upload, agencies)[0]["row"] == 4


# --- files refused whole ---------------------------------------------------------------------


def test_every_bad_row_and_column_is_named(agencies):
    upload = booking_csv(
        ["Ada", "ada.example@example.org", "", "Northdale Council", "Attended"],
        ["Bo", "not-an-address", "", "Kirklees Cuncil", "maybe"],
        ["Cy", "ada.example@example.org", "", "", "Booked"],
    )
    assert refusal(lambda: attendance_rows(upload, agencies)) == [
        "Row 3, e-mail: “not-an-address” is not an e-mail address",
        "Row 3, agency: “Kirklees Cuncil” is not a known agency",
        "Row 3, status: “maybe” is not one of booked, attended, did not attend, cancelled",
        imports.CELL_REQUIRED.format(row=4, column="agency"),
        "Row 4, e-mail: “ada.example@example.org” is also on row 2",
    ]


def test_a_file_without_the_agency_column_is_refused(agencies):
    upload = csv_file([["Name", "E-mail", "Job title", "Status"], ["Ada", "", "", "Booked"]])
    assert refusal(lambda: attendance_rows(upload, agencies)) == ["The file has no ‘agency’ column"]


def test_every_missing_column_is_named(agencies):
    upload = csv_file([["Name", "Agency"], ["Ada", "Northdale Council"]])
    assert refusal(lambda: attendance_rows(upload, agencies)) == [
        imports.COLUMN_MISSING.format(column="e-mail"),
        imports.COLUMN_MISSING.format(column="job title"),
        imports.COLUMN_MISSING.format(column="status"),
    ]


def test_a_column_given_twice_is_refused(agencies):
    upload = csv_file([[*BOOKING_HEADER, "Organisation"], [*ADA, "Northdale Police"]])
    assert refusal(lambda: attendance_rows(upload, agencies)) == [
        imports.COLUMN_REPEATED.format(column="agency")
    ]


@pytest.mark.parametrize(
    "upload",
    [
        raw_file(b""),
        raw_file(b"\xef\xbb\xbf"),
        raw_file(b"\r\n ,, \r\n"),
        xlsx_file([]),
        xlsx_file([], name="blank.xlsx"),
    ],
    ids=["no bytes", "only a byte order mark", "blank lines", "empty workbook", "blank sheet"],
)
def test_an_empty_file_is_refused(upload):
    assert refusal(lambda: read(upload)) == [imports.FILE_EMPTY]


def test_a_file_with_only_its_header_is_refused():
    assert refusal(lambda: read(csv_file([BOOKING_HEADER]))) == [imports.NO_ROWS]


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", '=HYPERLINK("x")'])
def test_a_cell_starting_like_a_formula_is_refused_with_its_row_and_column(agencies, value):
    upload = booking_csv(ADA, ["Bo", "", value, "Northdale Police", "Booked"])
    assert refusal(lambda: attendance_rows(upload, agencies)) == [
        f"Row 3, job title: “{value}” starts with = + - or @ and is refused as a formula"
    ]


def test_a_formula_in_a_workbook_is_refused_not_calculated(agencies):
    upload = xlsx_file(
        [BOOKING_HEADER, ADA, ["Bo", "", "", '=CONCAT("Northdale ","Police")', "Booked"]]
    )
    assert refusal(lambda: attendance_rows(upload, agencies)) == [
        imports.CELL_FORMULA.format(row=3, column="agency", value='=CONCAT("Northdale ","Police")')
    ]


@pytest.mark.parametrize(
    "content", [b"Name,Agency\r\n\x81\x8d\x8f,x\r\n", b"Name,Agency\r\nA\x00B,x\r\n"]
)
def test_a_file_that_is_not_text_is_refused(content):
    assert refusal(lambda: read(raw_file(content))) == [imports.FILE_NOT_TEXT]


def test_a_file_that_is_not_a_csv_is_refused():
    content = b'Name,Agency\r\n"' + b"x" * 200_000 + b'",y\r\n'
    assert refusal(lambda: read(raw_file(content))) == [
        imports.FILE_NOT_CSV.format(reason="field larger than field limit (131072)")
    ]


def test_a_workbook_that_is_not_one_is_refused():
    assert refusal(lambda: read(raw_file(b"Name,Agency\r\n", name="booking.xlsx"))) == [
        imports.FILE_NOT_XLSX
    ]


@pytest.mark.parametrize("name", ["booking.xls", "booking.txt", "booking"])
def test_other_kinds_of_file_are_refused(name):
    assert refusal(lambda: read(raw_file(b"Name\r\nAda\r\n", name=name))) == [imports.FILE_TYPE]


class UnreadableUpload:
    """An upload of `size` bytes that fails the test if anything reads it."""

    def __init__(self, name, size):
        self.name, self.size = name, size

    def read(self, *args):
        raise AssertionError("the file was read")

    chunks = __iter__ = seek = read


@pytest.mark.parametrize("name", ["booking.csv", "booking.xlsx"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(name):
    assert refusal(lambda: read(UnreadableUpload(name, 50 * 1024 * 1024))) == [
        "The file must be 5 MB or smaller"
    ]
    assert refusal(lambda: imports.read_upload(UnreadableUpload(name, 11), max_bytes=10)) == [
        "The file must be 10 bytes or smaller"
    ]


def test_a_file_of_exactly_the_size_limit_is_read(agencies):
    upload = booking_csv()
    assert len(imports.read_upload(upload, max_bytes=upload.size).rows) == 3


def test_more_than_five_thousand_rows_are_refused(agencies):
    row = ["", "", "", "Northdale Council", "Booked"]
    assert len(attendance_rows(booking_csv(*[row] * 5000), agencies)) == 5000
    assert refusal(lambda: read(booking_csv(*[row] * 5001))) == [
        "The file has more than 5,000 rows: split it into smaller files"
    ]


def test_a_person_cannot_have_attended_a_cancelled_session(agencies):
    messages = refusal(lambda: attendance_rows(booking_csv(ADA), agencies, session_cancelled=True))
    assert messages == [imports.ATTENDED_CANCELLED.format(row=2)]


# --- importing attendance --------------------------------------------------------------------


def test_a_checked_file_is_imported_whole_and_its_rows_are_not_kept(
    session, agencies, business_unit
):
    batch = services.attendance_import_check(
        session=session, user=business_unit, upload=booking_csv()
    )
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert len(batch.rows) == 3
    assert not session.attendances.exists()

    added, updated = services.attendance_import_confirm(batch=batch, user=business_unit)

    assert (added, updated) == (3, 0)
    ada = session.attendances.get(email="ada.example@example.org")
    assert (ada.name, ada.job_title, ada.agency.name, ada.status) == (
        "Ada Example",
        "Social worker",
        "Northdale Council",
        "attended",
    )
    assert ada.history.get().history_user == business_unit
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert batch.imported_at is not None
    assert batch.rows == []


def test_someone_already_on_the_register_is_updated_not_booked_twice(
    session, attendance, agencies, business_unit
):
    ada = session.attendances.get(email="ada.example@example.org")
    upload = booking_csv(
        ["", "ADA.Example@example.org", "", "Northdale Council", "DNA"],
        ["Di Example", "di.example@example.org", "", "NPS", "Attended"],
    )
    batch = services.attendance_import_check(session=session, user=business_unit, upload=upload)
    assert services.attendance_import_confirm(batch=batch, user=business_unit) == (1, 1)
    ada.refresh_from_db()
    assert ada.status == Attendance.Status.DID_NOT_ATTEND
    assert ada.name == "Ada Example"  # the file left it blank
    assert (ada.confidence_before, ada.confidence_after) == (2, 4)
    assert session.attendances.count() == 3


def test_a_batch_is_imported_once(session, agencies, business_unit):
    batch = services.attendance_import_check(
        session=session, user=business_unit, upload=booking_csv()
    )
    services.attendance_import_confirm(batch=batch, user=business_unit)
    with pytest.raises(ValidationError) as raised:
        services.attendance_import_confirm(batch=batch, user=business_unit)
    assert raised.value.messages == [services.BATCH_ALREADY_IMPORTED.format(filename="booking.csv")]
    assert session.attendances.count() == 3


def test_a_discarded_batch_keeps_no_rows_and_cannot_be_imported(session, agencies, business_unit):
    batch = services.attendance_import_check(
        session=session, user=business_unit, upload=booking_csv()
    )
    services.import_batch_discard(batch=batch, user=business_unit)
    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportBatch.Status.DISCARDED, [])
    with pytest.raises(ValidationError) as raised:
        services.attendance_import_confirm(batch=batch, user=business_unit)
    assert raised.value.messages == [
        services.BATCH_ALREADY_DISCARDED.format(filename="booking.csv")
    ]
    assert not session.attendances.exists()


def test_a_row_that_cannot_be_saved_leaves_the_whole_register_unchanged(
    session, agencies, business_unit
):
    batch = services.attendance_import_check(
        session=session, user=business_unit, upload=booking_csv()
    )
    session.status = Session.Status.CANCELLED
    session.cancellation_reason = Session.CancellationReason.LOW_NOMINATIONS
    session.save()
    with pytest.raises(ValidationError) as raised:
        services.attendance_import_confirm(batch=batch, user=business_unit)
    assert raised.value.messages[0].startswith("Nothing was imported: row 2 could not be saved")
    assert not session.attendances.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_another_partnerships_agencies_are_not_known(session, agencies, other_partnership):
    Agency.objects.create(
        partnership=other_partnership, name="Southdale Council", sector=Sector.LOCAL_AUTHORITY
    )
    upload = booking_csv(["Ada", "", "", "Southdale Council", "Booked"])
    messages = refusal(
        lambda: services.attendance_import_check(session=session, user=None, upload=upload)
    )
    assert messages == ["Row 2, agency: “Southdale Council” is not a known agency"]
    assert not ImportBatch.objects.exists()


# --- e-learning completions ------------------------------------------------------------------

PLATFORM = "Previous training system"


def check_elearning(upload, elearning_course, business_unit, platform=PLATFORM):
    return services.elearning_import_check(
        partnership=elearning_course.partnership,
        user=business_unit,
        upload=upload,
        platform=platform,
    )


def test_a_good_elearning_file_is_imported_whole(elearning_course, business_unit):
    batch = check_elearning(elearning_csv(), elearning_course, business_unit)
    assert [row["count"] for row in batch.rows] == [1200, 3560]
    assert services.elearning_import_confirm(batch=batch, user=business_unit) == 4760
    completions = ElearningCompletion.objects.order_by("period_start")
    assert [(c.period_start, c.period_end, c.count, c.platform) for c in completions] == [
        (datetime.date(2019, 4, 1), datetime.date(2019, 7, 31), 1200, PLATFORM),
        (datetime.date(2019, 8, 1), datetime.date(2020, 3, 31), 3560, PLATFORM),
    ]


def test_an_elearning_workbook_with_date_cells_and_numbers_is_read(elearning_course, business_unit):
    upload = xlsx_file(
        [
            ELEARNING_HEADER,
            [
                "an awareness of child abuse  and neglect",
                datetime.date(2019, 4, 1),
                datetime.datetime(2020, 3, 31),
                4760,
            ],
        ],
        name="completions.xlsx",
    )
    batch = check_elearning(upload, elearning_course, business_unit)
    assert batch.rows == [
        {
            "row": 2,
            "course": elearning_course.pk,
            "period_start": "2019-04-01",
            "period_end": "2020-03-31",
            "count": 4760,
            "platform": PLATFORM,
        }
    ]


def test_every_bad_elearning_row_is_named(elearning_course, course, business_unit):
    upload = elearning_csv(
        ["Working Together to Safeguard Children", "01/04/2019", "31/03/2020", "3"],
        ["An Awareness of Child Abuse and Neglect", "31/02/2019", "2019-03-31", "-3"],
        ["An Awareness of Child Abuse and Neglect", "01/04/2019", "31/03/2019", "2.5"],
        ["An Awareness of Child Abuse and Neglect", "1 April 2019", "31 Mar 2020", "many"],
        ["An Awareness of Child Abuse and Neglect", "01-04-2019", "31.03.2020", "7"],
    )
    messages = refusal(lambda: check_elearning(upload, elearning_course, business_unit))
    assert messages == [
        "Row 2, course: “Working Together to Safeguard Children” is not one of the "
        "partnership’s e-learning courses",
        "Row 3, period start: “31/02/2019” is not a date, for example 31/07/2019",
        "Row 3, count: “-3” is not a whole number of 0 or more",
        "Row 4, period end: the period ends before it starts",
        "Row 4, count: “2.5” is not a whole number of 0 or more",
        "Row 5, count: “many” is not a whole number of 0 or more",
        "Row 6: the same course and period as row 5",
    ]
    assert not ImportBatch.objects.exists()


def test_completions_already_recorded_from_the_same_platform_are_refused(
    elearning_course, business_unit
):
    ElearningCompletion.objects.create(
        course=elearning_course,
        period_start=datetime.date(2019, 4, 1),
        period_end=datetime.date(2019, 7, 31),
        count=1200,
        platform=PLATFORM,
    )
    messages = refusal(
        lambda: check_elearning(
            elearning_csv(), elearning_course, business_unit, platform="previous  TRAINING system"
        )
    )
    assert messages == [
        "Row 2: completions of “An Awareness of Child Abuse and Neglect” from 1 April 2019 to "
        "31 July 2019 on Previous training system are already recorded"
    ]
    batch = check_elearning(
        elearning_csv(), elearning_course, business_unit, platform="New platform"
    )
    assert batch.rows[0]["platform"] == "New platform"


def test_a_completion_recorded_meanwhile_refuses_the_whole_elearning_file(
    elearning_course, business_unit
):
    batch = check_elearning(elearning_csv(), elearning_course, business_unit)
    ElearningCompletion.objects.create(
        course=elearning_course,
        period_start=datetime.date(2019, 8, 1),
        period_end=datetime.date(2020, 3, 31),
        count=1,
        platform=PLATFORM,
    )
    with pytest.raises(ValidationError) as raised:
        services.elearning_import_confirm(batch=batch, user=business_unit)
    assert raised.value.messages[0].startswith("Nothing was imported: row 3 could not be saved")
    assert ElearningCompletion.objects.count() == 1
