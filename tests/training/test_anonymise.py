"""`manage.py anonymise_attendance`: attendees' names, e-mail addresses and job titles leave
old attendance records and their history; agencies, statuses and evaluations stay, so the
workforce statistics do not change; a second run changes nothing."""

import datetime
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kscp.core.models import Partnership
from tests.training.helpers import run
from training.forms.attendance import AttendanceEditForm
from training.loading import load_training
from training.management.commands.anonymise_attendance import YEARS_INVALID, years_before
from training.models import Attendance, ImportBatch, Session
from training.statistics.page import WORKFORCE_DEVELOPMENT, years_with_records

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

NOW = timezone.now()
OLD = NOW - datetime.timedelta(days=4 * 365 + 30)
RECENT = NOW - datetime.timedelta(days=30)
PEOPLE = [
    ("Ada Example", "ada.example@example.org", "Designated safeguarding lead"),
    ("Bo Example", "bo.example@example.org", "Response officer"),
    ("Cy Example", "cy.example@example.org", "School nurse"),
]


def make_session(course, starts_at, status=Session.Status.DELIVERED, reason=""):
    return Session.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        capacity=20,
        status=status,
        cancellation_reason=reason,
    )


@pytest.fixture
def old_session(course, agency, police):
    session = make_session(course, OLD)
    for (name, email, job), agency_of, status in zip(
        PEOPLE,
        [agency, police, agency],
        [Attendance.Status.ATTENDED, Attendance.Status.DID_NOT_ATTEND, Attendance.Status.ATTENDED],
        strict=True,
    ):
        attendance = Attendance(
            session=session,
            name=name,
            email=email,
            job_title=job,
            agency=agency_of,
            status=status,
            confidence_before=2,
            confidence_after=4,
            impact_comment="I now escalate concerns sooner.",
        )
        attendance.save()
        attendance.status = status  # a second history row, from before the record was kept
        attendance.save()
    return session


@pytest.fixture
def recent_session(course, agency):
    session = make_session(course, RECENT)
    Attendance.objects.create(
        session=session,
        name="Di Example",
        email="di.example@example.org",
        job_title="Social worker",
        agency=agency,
        status=Attendance.Status.ATTENDED,
    )
    return session


def financial_year(moment: datetime.datetime) -> int:
    local = timezone.localtime(moment)
    return local.year if local.month >= 4 else local.year - 1


def counts_with_the_orm() -> dict:
    """What the workforce statistics count: attended by sector and financial year, sessions
    and attendees per course, evaluations and impact comments."""
    attended = Attendance.objects.filter(status=Attendance.Status.ATTENDED)
    rows = attended.values_list(
        "agency__sector", "session__starts_at", "session__course__title", "session_id"
    )
    return {
        "by_sector": Counter((sector, financial_year(at)) for sector, at, _, _ in rows),
        "by_course": Counter(title for _, _, title, _ in rows),
        "sessions": Counter(title for title, _ in {(row[2], row[3]) for row in rows}),
        "by_status": Counter(Attendance.objects.values_list("status", flat=True)),
        "evaluations": Counter(
            Attendance.objects.values_list("confidence_before", "confidence_after")
        ),
        "comments": sorted(Attendance.objects.values_list("impact_comment", flat=True)),
    }


def statistics_tables(partnership) -> list:
    records = years_with_records(partnership)
    return [
        (year, table.slug, table.rows)
        for year in records
        for table in WORKFORCE_DEVELOPMENT.page(partnership, year=year, records=records).tables
    ]


def test_old_attendance_loses_names_e_mails_and_job_titles_and_keeps_the_rest(
    old_session, recent_session
):
    output = run()

    assert output.startswith("Anonymised 3 attendance records of sessions that started before")
    for record in old_session.attendances.all():
        assert (record.name, record.email, record.job_title) == ("", "", "")
        assert record.anonymised_at is not None
        assert record.impact_comment == "I now escalate concerns sooner."
        assert (record.confidence_before, record.confidence_after) == (2, 4)
    assert sorted(old_session.attendances.values_list("agency__name", "status")) == [
        ("Northdale Council", "attended"),
        ("Northdale Council", "attended"),
        ("Northdale Police", "did_not_attend"),
    ]
    di = recent_session.attendances.get()
    assert (di.name, di.email, di.job_title, di.anonymised_at) == (
        "Di Example",
        "di.example@example.org",
        "Social worker",
        None,
    )


def test_no_history_row_keeps_a_name_e_mail_or_job_title(old_session):
    run()
    history = Attendance.history.filter(session_id=old_session.pk)
    assert history.count() == 9  # two rows each before, one for the anonymisation
    field_names = {field.name for field in Attendance.history.model._meta.fields}
    assert {"name", "email"}.isdisjoint(field_names)
    kept = [str(value) for row in history.values() for value in row.values()]
    for name, email, job in PEOPLE:
        assert not [value for value in kept if name in value or email in value or job in value]
    assert set(history.values_list("job_title", flat=True)) == {""}


def test_a_second_run_changes_nothing(old_session, recent_session):
    run()
    history = Attendance.history.count()
    assert run().startswith("Anonymised 0 attendance records")
    assert Attendance.history.count() == history


def test_a_dry_run_says_what_would_change_and_changes_nothing(old_session):
    assert run("--dry-run").startswith("Would anonymise 3 attendance records")
    assert sorted(old_session.attendances.values_list("name", flat=True)) == [
        "Ada Example",
        "Bo Example",
        "Cy Example",
    ]
    assert not old_session.attendances.filter(anonymised_at__isnull=False).exists()


def test_the_years_kept_come_from_the_settings_or_the_command(old_session, recent_session):
    assert run("--years", "5").startswith("Anonymised 0 attendance records")
    with override_settings(ATTENDANCE_RETENTION_YEARS=5):
        assert run().startswith("Anonymised 0 attendance records")
    with override_settings(ATTENDANCE_RETENTION_YEARS=4):
        assert run().startswith("Anonymised 3 attendance records")


@pytest.mark.parametrize("years", ["0", "-1"])
def test_keeping_personal_data_for_no_years_is_refused(old_session, years):
    with pytest.raises(CommandError, match=YEARS_INVALID):
        run("--years", years)


def test_the_statistics_do_not_change(old_session, recent_session, course, partnership):
    make_session(
        course,
        OLD + datetime.timedelta(days=7),
        Session.Status.CANCELLED,
        Session.CancellationReason.LOW_NOMINATIONS,
    )
    counts, tables = counts_with_the_orm(), statistics_tables(partnership)
    assert counts["by_course"] and tables

    run()

    assert counts_with_the_orm() == counts
    assert statistics_tables(partnership) == tables


def test_the_rows_of_old_import_batches_are_emptied(old_session, partnership, business_unit):
    old, recent = (
        ImportBatch.objects.create(
            partnership=partnership,
            kind=ImportBatch.Kind.ATTENDANCE,
            session=old_session,
            filename=f"{when}.csv",
            uploaded_by=business_unit,
            rows=[{"row": 2, "name": "Ada Example", "email": "ada.example@example.org"}],
        )
        for when in ("old", "recent")
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=OLD)

    assert "emptied the rows of 1 import batch." in run()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.rows, old.status) == ([], ImportBatch.Status.DISCARDED)
    assert recent.rows and recent.status == ImportBatch.Status.PREVIEWED
    assert "emptied the rows of 0 import batches." in run()


def test_an_anonymised_place_is_never_asked_its_name_e_mail_or_job_title(
    client, business_unit, old_session
):
    run()
    record = old_session.attendances.order_by("pk").first()
    form = AttendanceEditForm(instance=record, session=old_session)
    assert {"name", "email", "job_title"}.isdisjoint(form.fields)
    assert {"agency", "status", "confidence_before", "impact_comment"} <= set(form.fields)

    client.force_login(business_unit)
    url = reverse("training:attendance_edit", args=[record.pk])
    page = client.get(url).content.decode()
    assert 'name="job_title"' not in page and 'name="email"' not in page
    response = client.post(
        url,
        {
            "name": "Ada Example",
            "email": "ada.example@example.org",
            "job_title": "Designated safeguarding lead",
            "agency": record.agency_id,
            "status": record.status,
            "version": record.version,
            "confidence_before": 2,
            "confidence_after": 4,
            "impact_comment": record.impact_comment,
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.name, record.email, record.job_title) == ("", "", "")


def test_a_29_february_is_kept_until_28_february():
    leap = datetime.datetime(2024, 2, 29, 12, tzinfo=datetime.UTC)
    assert years_before(leap, 3) == datetime.datetime(2021, 2, 28, 12, tzinfo=datetime.UTC)


@pytest.fixture
def demo_training(demo_data):
    """The demo data with its training records (loaded again here: loading twice changes
    nothing)."""
    for path in sorted(FIXTURES.glob("*/training.yaml")):
        partnership = Partnership.objects.get(slug=path.parent.name)
        load_training(partnership, yaml.safe_load(path.read_text()))


def test_the_demo_statistics_are_identical_after_anonymising(demo_training):
    partnerships = list(Partnership.objects.all())
    counts = counts_with_the_orm()
    tables = {p.pk: statistics_tables(p) for p in partnerships}
    assert Attendance.objects.exists()

    run("--years", "1")

    assert (
        not Attendance.objects.exclude(name="", email="", job_title="")
        .filter(session__starts_at__lt=years_before(timezone.now(), 1))
        .exists()
    )
    assert counts_with_the_orm() == counts
    assert {p.pk: statistics_tables(p) for p in partnerships} == tables


def test_old_import_files_lose_their_names_in_the_record_and_its_history(
    old_session, partnership, business_unit
):
    batch = ImportBatch.objects.create(
        partnership=partnership,
        kind=ImportBatch.Kind.ATTENDANCE,
        session=old_session,
        filename="Ada Example booking.CSV",
        uploaded_by=business_unit,
        rows=[],
        status=ImportBatch.Status.IMPORTED,
    )
    recent = ImportBatch.objects.create(
        partnership=partnership,
        kind=ImportBatch.Kind.ELEARNING,
        filename="Bo Example completions.xlsx",
        uploaded_by=business_unit,
        rows=[],
        status=ImportBatch.Status.IMPORTED,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=OLD)

    run()

    batch.refresh_from_db()
    assert batch.filename == f"File {batch.pk} (name removed).csv"
    assert not batch.history.filter(filename__contains="Ada").exists()
    recent.refresh_from_db()
    assert recent.filename == "Bo Example completions.xlsx"
    assert "emptied the rows of 0 import batches." in run()


def test_messages_stored_in_sessions_lose_the_names_removed(client, business_unit, old_session):
    """A page stores its confirmation for the next page in the session; a session that ended
    before showing it, or a live one, must not keep an anonymised attendee's name."""
    from django.contrib.sessions.models import Session as StoredSession

    client.force_login(business_unit)
    ada = old_session.attendances.get(name="Ada Example")
    response = client.post(
        reverse("training:attendance_edit", args=[ada.pk]),
        {
            "name": ada.name,
            "email": ada.email,
            "job_title": ada.job_title,
            "agency": ada.agency_id,
            "status": ada.status,
            "confidence_before": "2",
            "confidence_after": "4",
            "impact_comment": ada.impact_comment,
            "version": ada.version,
        },
    )
    assert response.status_code == 302  # the confirmation waits in the session
    ended = client.session
    other = type(ended)()
    other.update({"_messages": ended["_messages"]})
    other.create()
    StoredSession.objects.filter(pk=other.session_key).update(expire_date=OLD)

    def stored_texts():
        return " ".join(
            str(s.get_decoded().get("_messages", "")) for s in StoredSession.objects.all()
        )

    assert "Ada Example" in stored_texts()

    run()

    assert "Ada Example" not in stored_texts()
    assert not StoredSession.objects.filter(pk=other.session_key).exists()
    assert StoredSession.objects.filter(pk=client.session.session_key).exists()
