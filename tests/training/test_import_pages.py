"""The import pages: upload, the rows shown as they will be saved, then import or discard.
A bad file is refused whole with its problems named on the page and nothing saved; a huge file
is refused before it is received; only those who manage training import."""

import datetime
import io

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.pages import markup_problems, page_tree
from tests.training.files.uploads import (
    BOOKING_HEADER,
    BOOKING_ROWS,
    booking_csv,
    csv_file,
    elearning_csv,
    raw_file,
    xlsx_file,
)
from training import imports, services
from training.forms.imports import (
    FILE_REQUIRED,
    PLATFORM_FORMULA,
    PLATFORM_HINT,
    PLATFORM_REQUIRED,
    PLATFORM_TOO_LONG,
)
from training.models import Attendance, ElearningCompletion, ImportBatch
from training.views import imports as views

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def records(session, agency, police):
    """What the tests count: nothing may be saved by a refused file."""
    return lambda: (Attendance.objects.count(), ImportBatch.objects.count())


def upload_attendance(client, session, upload):
    return client.post(reverse("training:import_attendance", args=[session.pk]), {"file": upload})


def problems_on(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- a good file, whole ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload",
    [booking_csv(), xlsx_file([BOOKING_HEADER, *BOOKING_ROWS])],
    ids=["csv", "xlsx"],
)
def test_a_good_file_is_previewed_then_imported_whole(manager, session, records, upload):
    response = upload_attendance(manager, session, upload)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("training:import_preview", args=[batch.pk])
    assert not session.attendances.exists()

    preview = manager.get(response.url)
    text = preview.content.decode()
    assert "Bo Example" in text and "bo.example@example.org" in text
    assert "Northdale Police" in text and "Police" in text
    assert "Import 3 attendees" in text
    assert markup_problems(page_tree(preview)) == []

    response = manager.post(reverse("training:import_confirm", args=[batch.pk]))

    assert response.url == reverse("training:session", args=[session.pk])
    assert session.attendances.count() == 3
    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportBatch.Status.IMPORTED, [])
    message = views.ATTENDANCE_IMPORTED.format(
        count="3 attendees", filename=upload.name, added=3, updated=0
    )
    assert message in manager.get(response.url).content.decode()


def test_the_preview_counts_attendees_by_status_and_agency(manager, session, records):
    upload_attendance(manager, session, booking_csv())
    preview = manager.get(reverse("training:import_preview", args=[ImportBatch.objects.get().pk]))
    tables = page_tree(preview).tags("table")
    by_status = [row.text() for row in tables[0].tags("tr")]
    assert by_status == [
        "Status Attendees",
        "Booked 1",
        "Attended 1",
        "Did not attend 1",
        "Cancelled 0",
        "Total 3",
    ]
    by_agency = [row.text() for row in tables[1].tags("tr")]
    assert by_agency == [
        "Agency Sector Attendees",
        "Northdale Council Local authority 2",
        "Northdale Police Police 1",
    ]


def test_an_imported_file_cannot_be_imported_again(manager, session, records):
    upload_attendance(manager, session, booking_csv())
    batch = ImportBatch.objects.get()
    confirm = reverse("training:import_confirm", args=[batch.pk])
    manager.post(confirm)
    response = manager.post(confirm, follow=True)
    assert services.BATCH_ALREADY_IMPORTED.format(filename="booking.csv") in problems_on(response)
    assert session.attendances.count() == 3
    preview = manager.get(reverse("training:import_preview", args=[batch.pk]))
    assert "Import 3 attendees" not in preview.content.decode()
    assert markup_problems(page_tree(preview)) == []


def test_a_discarded_file_saves_nothing_and_cannot_be_imported(manager, session, records):
    upload_attendance(manager, session, booking_csv())
    batch = ImportBatch.objects.get()
    response = manager.post(reverse("training:import_discard", args=[batch.pk]), follow=True)
    assert views.BATCH_DISCARDED.format(filename="booking.csv") in problems_on(response)
    response = manager.post(reverse("training:import_confirm", args=[batch.pk]), follow=True)
    assert services.BATCH_ALREADY_DISCARDED.format(filename="booking.csv") in problems_on(response)
    assert not session.attendances.exists()
    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportBatch.Status.DISCARDED, [])


def test_opening_the_import_address_shows_the_preview(manager, session, records):
    upload_attendance(manager, session, booking_csv())
    batch = ImportBatch.objects.get()
    for name in ("training:import_confirm", "training:import_discard"):
        response = manager.get(reverse(name, args=[batch.pk]))
        assert response.url == reverse("training:import_preview", args=[batch.pk])
    assert not session.attendances.exists()


# --- bad files, refused whole ----------------------------------------------------------------

BAD_FILES = {
    "unknown agency": (
        booking_csv(*BOOKING_ROWS[:2], ["Cy", "", "", "Kirklees Cuncil", "Booked"]),
        "Row 4, agency: “Kirklees Cuncil” is not a known agency",
    ),
    "missing column": (
        csv_file([["Name", "E-mail", "Job title", "Status"], ["Ada", "", "", "Booked"]]),
        "The file has no ‘agency’ column",
    ),
    "bad status": (
        booking_csv(BOOKING_ROWS[0], ["Bo", "", "", "Northdale Police", "maybe"]),
        "Row 3, status: “maybe” is not one of booked, attended, did not attend, cancelled",
    ),
    "empty file": (raw_file(b""), "The file is empty"),
    "empty workbook": (xlsx_file([], name="empty.xlsx"), "The file is empty"),
    "formula": (
        booking_csv(BOOKING_ROWS[0], ["=1+1", "", "", "Northdale Police", "Booked"]),
        "Row 3, name: “=1+1” starts with = + - or @ and is refused as a formula",
    ),
    "formula in a workbook": (
        xlsx_file([BOOKING_HEADER, ["Ada", "", "=A1", "Northdale Council", "Booked"]]),
        "Row 2, job title: “=A1” starts with = + - or @ and is refused as a formula",
    ),
    "other kind of file": (raw_file(b"Name", name="booking.pdf"), imports.FILE_TYPE),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_whole_with_its_problem_named(manager, session, records, kind):
    upload, problem = BAD_FILES[kind]
    upload.seek(0)
    before = records()
    response = upload_attendance(manager, session, upload)
    assert problem in problems_on(response)
    assert records() == before
    assert markup_problems(page_tree(response)) == []


def test_every_problem_of_a_file_is_listed_and_linked_to_the_upload(manager, session, records):
    upload = booking_csv(
        ["Ada", "", "", "Kirklees Cuncil", "Attended"],
        ["Bo", "", "", "Northdale Police", "maybe"],
        ["Cy", "", "@cmd", "Northdale Council", "Booked"],
    )
    response = upload_attendance(manager, session, upload)
    summary = page_tree(response).with_class("govuk-error-summary__list")[0]
    assert [(link.attrs["href"], link.text()) for link in summary.tags("a")] == [
        ("#id_file", "Row 2, agency: “Kirklees Cuncil” is not a known agency"),
        ("#id_file", imports.BAD_STATUS.format(row=3, value="maybe")),
        ("#id_file", imports.CELL_FORMULA.format(row=4, column="job title", value="@cmd")),
    ]
    assert views.FILE_PROBLEMS.format(count="3") in response.content.decode()
    assert response.content.decode().count("<title>Error: ") == 1


def test_a_file_with_very_many_problems_lists_the_first_thousand(manager, session, records):
    upload = booking_csv(*[["Ada", "", "", "Nowhere", "Booked"]] * 1100)
    text = problems_on(upload_attendance(manager, session, upload))
    assert imports.UNKNOWN_AGENCY.format(row=1001, value="Nowhere") in text
    assert imports.UNKNOWN_AGENCY.format(row=1002, value="Nowhere") not in text
    assert "And 100 more problems" in text
    assert views.FILE_PROBLEMS.format(count="1,100") in text
    assert records() == (0, 0)


def test_no_file_chosen_is_refused(manager, session, records):
    response = manager.post(reverse("training:import_attendance", args=[session.pk]), {})
    assert FILE_REQUIRED in problems_on(response)
    assert records() == (0, 0)


def test_a_file_just_over_the_limit_is_refused_and_nothing_saved(manager, session, records):
    upload = raw_file(b"Name,E-mail,Job title,Agency,Status\r\n" + b"x" * (5 * MB))
    response = upload_attendance(manager, session, upload)
    assert "The file must be 5 MB or smaller" in problems_on(response)
    assert records() == (0, 0)


@override_settings(TRAINING_IMPORT_MAX_BYTES=1024)
def test_the_size_limit_is_a_setting(manager, session, records):
    response = upload_attendance(manager, session, booking_csv(*BOOKING_ROWS * 10))
    assert "The file must be 1 KB or smaller" in problems_on(response)
    assert records() == (0, 0)


class MultipartBody(io.RawIOBase):
    """A request body uploading a file of `size` bytes, made as it is read, counting what the
    server reads of it."""

    BOUNDARY = "upload-boundary"

    def __init__(self, size: int):
        self.head = (
            f"--{self.BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        body_end = self.length - len(self.tail)
        count = min(len(buffer), self.length - self.position)
        for i in range(count):
            at = self.position + i
            if at < len(self.head):
                buffer[i] = self.head[at]
            elif at < body_end:
                buffer[i] = ord("x")
            else:
                buffer[i] = self.tail[at - body_end]
        self.position += count
        return count


def test_a_50_mb_upload_is_refused_without_being_read(manager, session, records):
    body = MultipartBody(50 * MB)
    environ = manager._base_environ(
        PATH_INFO=reverse("training:import_attendance", args=[session.pk]),
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={MultipartBody.BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    response = manager.handler(environ)
    assert "The file must be 5 MB or smaller" in problems_on(response)
    assert body.position == 0
    assert records() == (0, 0)


def test_an_upload_needs_the_form_s_csrf_token(business_unit, session, records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(business_unit)
    assert upload_attendance(client, session, booking_csv()).status_code == 403
    assert records() == (0, 0)
    page = client.get(reverse("training:import_attendance", args=[session.pk]))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("training:import_attendance", args=[session.pk]),
        {"file": booking_csv(), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert ImportBatch.objects.count() == 1


# --- e-learning ------------------------------------------------------------------------------


def test_elearning_completions_are_previewed_then_imported(manager, elearning_course):
    url = reverse("training:import_elearning")
    page = manager.get(url)
    assert PLATFORM_HINT in page.content.decode()
    assert markup_problems(page_tree(page)) == []
    response = manager.post(url, {"platform": "Previous training system", "file": elearning_csv()})
    batch = ImportBatch.objects.get()
    preview = manager.get(response.url)
    assert "Import 2 completion figures" in preview.content.decode()
    assert markup_problems(page_tree(preview)) == []

    response = manager.post(reverse("training:import_confirm", args=[batch.pk]), follow=True)

    message = views.ELEARNING_IMPORTED.format(
        count="2 completion figures", filename="completions.csv", total=4760
    )
    assert message in problems_on(response)
    assert sum(ElearningCompletion.objects.values_list("count", flat=True)) == 4760
    assert markup_problems(page_tree(response)) == []


@pytest.mark.parametrize(
    "platform, problem",
    [
        ("", PLATFORM_REQUIRED),
        ("=cmd", PLATFORM_FORMULA),
        ("x" * 101, PLATFORM_TOO_LONG),
    ],
)
def test_the_platform_is_required_in_words(manager, elearning_course, platform, problem):
    response = manager.post(
        reverse("training:import_elearning"), {"platform": platform, "file": elearning_csv()}
    )
    assert problem in problems_on(response)
    assert not ImportBatch.objects.exists()


def test_a_bad_elearning_file_is_refused_whole(manager, elearning_course):
    upload = elearning_csv(
        ["An Awareness of Child Abuse and Neglect", "01/04/2019", "31/07/2019", "12"],
        ["Unknown course", "01/04/2019", "31/07/2019", "12"],
    )
    response = manager.post(
        reverse("training:import_elearning"), {"platform": "New platform", "file": upload}
    )
    assert imports.UNKNOWN_COURSE.format(row=3, value="Unknown course") in problems_on(response)
    assert not ImportBatch.objects.exists()
    assert not ElearningCompletion.objects.exists()


def test_a_count_too_large_for_any_workforce_is_refused_at_the_check(manager, elearning_course):
    """99,999,999,999 passed the check and the preview and failed only at the import."""
    upload = elearning_csv([elearning_course.title, "01/04/2019", "31/07/2019", "99999999999"])
    response = manager.post(
        reverse("training:import_elearning"), {"platform": "New platform", "file": upload}
    )
    problem = imports.COUNT_TOO_LARGE.format(row=2, value=99_999_999_999, limit=imports.MAX_COUNT)
    assert problem == "Row 2, count: 99,999,999,999 is more than 1,000,000"
    assert problem in problems_on(response)
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    "start, end, column, value",
    [
        ("01/04/1000", "31/07/2019", "period start", "1 April 1000"),
        ("01/04/2019", "31/07/9999", "period end", "31 July 9999"),
    ],
)
def test_a_period_outside_the_sensible_dates_is_refused_naming_the_column(
    manager, elearning_course, start, end, column, value
):
    upload = elearning_csv([elearning_course.title, start, end, "12"])
    response = manager.post(
        reverse("training:import_elearning"), {"platform": "New platform", "file": upload}
    )
    latest = datetime.date.today().year + 5
    problem = imports.DATE_OUT_OF_RANGE.format(
        row=2, column=column, value=value, earliest="1 January 2000", latest=f"31 December {latest}"
    )
    assert problem in problems_on(response)
    assert not ImportBatch.objects.exists()


# --- who may import --------------------------------------------------------------------------

NOT_MANAGERS = ["lead", "member", "executive", "scrutineer", "agency_rep", "outsider"]


@pytest.fixture
def people(lead, member, executive, scrutineer, agency_rep, outsider, business_unit):
    return {
        "lead": lead,
        "member": member,
        "executive": executive,
        "scrutineer": scrutineer,
        "agency_rep": agency_rep,
        "outsider": outsider,
        "business_unit": business_unit,
    }


@pytest.fixture
def batch(session, agency, police, business_unit):
    return services.attendance_import_check(
        session=session, user=business_unit, upload=booking_csv()
    )


@pytest.mark.parametrize("persona", NOT_MANAGERS)
def test_uploading_without_the_right_saves_nothing(client, people, session, records, persona):
    client.force_login(people[persona])
    response = upload_attendance(client, session, booking_csv())
    assert response.status_code == (404 if persona == "outsider" else 403)
    assert records() == (0, 0)


@pytest.mark.parametrize("persona", NOT_MANAGERS)
@pytest.mark.parametrize("action", ["training:import_confirm", "training:import_discard"])
def test_importing_without_the_right_changes_nothing(client, people, batch, persona, action):
    client.force_login(people[persona])
    response = client.post(reverse(action, args=[batch.pk]))
    assert response.status_code == (404 if persona == "outsider" else 403)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert len(batch.rows) == 3
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona", NOT_MANAGERS[:-1])
def test_uploading_elearning_without_the_right_saves_nothing(
    client, people, elearning_course, persona
):
    client.force_login(people[persona])
    response = client.post(
        reverse("training:import_elearning"),
        {"platform": "New platform", "file": elearning_csv()},
    )
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_learning_and_development_sub_group_imports(client, trainer, training_group, batch):
    client.force_login(trainer)
    client.post(reverse("training:import_confirm", args=[batch.pk]))
    assert Attendance.objects.count() == 3


def test_a_batch_of_another_partnership_is_not_found(client, outsider, batch):
    client.force_login(outsider)
    for name in ("training:import_preview", "training:import_confirm", "training:import_discard"):
        assert client.post(reverse(name, args=[batch.pk])).status_code == 404
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
