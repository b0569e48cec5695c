"""Files checked for import and left at their preview keep the people they name: after a
day they are discarded and their rows emptied, when their uploader uploads again and whenever
`anonymise_attendance` runs."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.training.files.uploads import booking_csv, elearning_csv
from tests.training.helpers import run
from training import services
from training.models import ImportBatch

pytestmark = pytest.mark.django_db

PLATFORM = "New e-learning platform"


# --- files left at their preview ------------------------------------------------------------


def left_for(batch: ImportBatch, delta: datetime.timedelta) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - delta)
    return batch


def test_uploading_again_discards_the_uploaders_files_left_for_more_than_a_day(
    session, agency, police, business_unit, trainer, elearning_course
):
    def upload(user):
        return services.attendance_import_check(session=session, user=user, upload=booking_csv())

    stale, recent, someone_elses = upload(business_unit), upload(business_unit), upload(trainer)
    left_for(stale, datetime.timedelta(days=1, minutes=1))
    left_for(recent, datetime.timedelta(hours=23))
    left_for(someone_elses, datetime.timedelta(days=3))
    assert ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEWED).count() == 3

    services.elearning_import_check(
        partnership=elearning_course.partnership,
        user=business_unit,
        upload=elearning_csv(),
        platform=PLATFORM,
    )

    for batch in (stale, recent, someone_elses):
        batch.refresh_from_db()
    assert (stale.status, stale.rows) == (ImportBatch.Status.DISCARDED, [])
    assert stale.history.first().history_user == business_unit
    assert (recent.status, len(recent.rows)) == (ImportBatch.Status.PREVIEWED, 3)
    assert (someone_elses.status, len(someone_elses.rows)) == (ImportBatch.Status.PREVIEWED, 3)


def test_a_refused_upload_still_discards_the_files_left_for_more_than_a_day(
    manager, session, agency, police, business_unit
):
    stale = left_for(
        services.attendance_import_check(session=session, user=business_unit, upload=booking_csv()),
        datetime.timedelta(days=2),
    )
    response = manager.post(
        reverse("training:import_attendance", args=[session.pk]),
        {"file": booking_csv(["Ada", "", "", "Nowhere", "Booked"])},
    )
    assert response.status_code == 200
    stale.refresh_from_db()
    assert (stale.status, stale.rows) == (ImportBatch.Status.DISCARDED, [])
    assert ImportBatch.objects.count() == 1


def test_anonymising_discards_every_file_left_at_its_preview_for_more_than_a_day(
    session, agency, police, business_unit, trainer
):
    def upload(user):
        return services.attendance_import_check(session=session, user=user, upload=booking_csv())

    stale, someone_elses, waiting = upload(business_unit), upload(trainer), upload(business_unit)
    left_for(stale, datetime.timedelta(days=1, hours=1))
    left_for(someone_elses, datetime.timedelta(days=2))
    left_for(waiting, datetime.timedelta(hours=20))

    assert "would empty the rows of 2 import batches." in run("--dry-run")
    stale.refresh_from_db()
    assert stale.status == ImportBatch.Status.PREVIEWED and stale.rows
    assert "emptied the rows of 2 import batches." in run("--years", "10")

    for batch in (stale, someone_elses, waiting):
        batch.refresh_from_db()
    assert (stale.rows, stale.status) == ([], ImportBatch.Status.DISCARDED)
    assert (someone_elses.rows, someone_elses.status) == ([], ImportBatch.Status.DISCARDED)
    assert (waiting.status, len(waiting.rows)) == (ImportBatch.Status.PREVIEWED, 3)
    assert "emptied the rows of 0 import batches." in run()
