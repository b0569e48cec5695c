"""Writes of imports. A booking system's export of a session's attendees, or an e-learning
platform's completions, is checked whole (training/imports/) and kept as a batch between the
preview and the import, which saves every row or none. The rows name people: they are emptied
once the batch is imported or discarded, or left a day at its preview, and history never
copies them."""

import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kscp.core.models import Agency, Partnership, User
from training import imports
from training.models import Attendance, Course, ElearningCompletion, ImportBatch, Session
from training.selectors import register_by_email

BATCH_ALREADY_IMPORTED = "{filename} has already been imported: it cannot be imported again"
BATCH_ALREADY_DISCARDED = "{filename} was discarded: upload the file again to import it"
IMPORT_ROW_REFUSED = "Nothing was imported: row {row} could not be saved ({reason})"
IMPORT_AGENCY_GONE = "the agency is no longer one of the partnership’s"
IMPORT_COURSE_GONE = "the course is no longer one of the partnership’s e-learning courses"
IMPORT_ALREADY_RECORDED = "completions of this course and period on {platform} are already recorded"
# A file checked and left at its preview is discarded after this, its rows emptied.
PREVIEWS_KEPT_FOR = datetime.timedelta(days=1)
# What an old file is called once its name is removed: a file name can name people
# ("ada-example-booking.csv").
FILENAME_REMOVED = "File {pk} (name removed){suffix}"
KNOWN_SUFFIXES = (".csv", ".xlsx")
BATCH_SIZE = 500


def _batch_save(batch: ImportBatch, *, user: User | None, **fields) -> ImportBatch:
    """Rows may be empty (once imported or discarded), which the model's checks call blank."""
    for name, value in fields.items():
        setattr(batch, name, value)
    batch._history_user = user
    batch.full_clean(exclude=["rows"])
    batch.save()
    return batch


@transaction.atomic
def _batch_create(*, user: User, upload, rows: list, **fields) -> ImportBatch:
    batch = ImportBatch(uploaded_by=user, filename=upload.name[-255:])
    return _batch_save(batch, user=user, rows=rows, **fields)


def _previewed_batch(batch: ImportBatch) -> ImportBatch:
    """The batch, locked until the transaction ends so that two clicks import it once."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        raise ValidationError(BATCH_ALREADY_IMPORTED.format(filename=batch.filename))
    if batch.status == ImportBatch.Status.DISCARDED:
        raise ValidationError(BATCH_ALREADY_DISCARDED.format(filename=batch.filename))
    return batch


def _row_refused(row: dict, reason) -> ValidationError:
    if isinstance(reason, ValidationError):
        reason = "; ".join(reason.messages)
    return ValidationError(IMPORT_ROW_REFUSED.format(row=row["row"], reason=reason))


def _batch_done(batch: ImportBatch, *, user: User | None, status: str) -> None:
    fields = {"status": status, "rows": []}
    if status == ImportBatch.Status.IMPORTED:
        fields["imported_at"] = timezone.now()
    _batch_save(batch, user=user, **fields)


def _stale_previews():
    cutoff = timezone.now() - PREVIEWS_KEPT_FOR
    return ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEWED, created_at__lt=cutoff)


@transaction.atomic
def import_batches_discard_stale(*, user: User) -> int:
    """Discard the files `user` checked more than a day ago and never imported, emptying
    their rows, which would otherwise keep the people they name. Done whenever they upload a
    file. Returns how many were discarded."""
    stale = list(_stale_previews().filter(uploaded_by=user).select_for_update())
    for batch in stale:
        _batch_done(batch, user=user, status=ImportBatch.Status.DISCARDED)
    return len(stale)


@transaction.atomic
def import_batches_empty(*, created_before: datetime.datetime, dry_run: bool = False) -> int:
    """Empty the rows of the batches created before `created_before` and remove their file
    names (from their history too), and empty those checked more than a day ago and never
    imported; a batch never imported is discarded. Returns how many batches change (or
    would, for a dry run)."""
    old = ImportBatch.objects.filter(created_at__lt=created_before)
    due = [
        batch
        for batch in ImportBatch.objects.filter(
            Q(pk__in=old) | Q(pk__in=_stale_previews())
        ).select_for_update()
        if batch.rows
        or batch.status == ImportBatch.Status.PREVIEWED
        or (batch.created_at < created_before and batch.filename != removed_filename(batch))
    ]
    if dry_run:
        return len(due)
    for batch in due:
        fields = {"rows": []}
        if batch.status == ImportBatch.Status.PREVIEWED:
            fields["status"] = ImportBatch.Status.DISCARDED
        if batch.created_at < created_before:
            fields["filename"] = removed_filename(batch)
            batch.history.update(filename=fields["filename"])
        _batch_save(batch, user=None, **fields)
    return len(due)


def removed_filename(batch: ImportBatch) -> str:
    suffix = PurePath(batch.filename).suffix.lower()
    suffix = suffix if suffix in KNOWN_SUFFIXES else ""
    return FILENAME_REMOVED.format(pk=batch.pk, suffix=suffix)


# --- attendance from a booking system --------------------------------------------------------


def attendance_import_check(*, session: Session, user: User, upload) -> ImportBatch:
    """Check a booking system's export of the session's attendees and keep its rows for the
    preview. Raises imports.FileRefused naming every problem; nothing is kept then. The
    files the same person left at their preview for more than a day are discarded first."""
    import_batches_discard_stale(user=user)
    table = imports.read_upload(upload, max_bytes=imports.max_upload_bytes())
    rows = imports.check_attendance(
        table,
        agencies=list(Agency.objects.filter(partnership_id=session.course.partnership_id)),
        session_cancelled=session.status == Session.Status.CANCELLED,
    )
    return _batch_create(
        user=user,
        upload=upload,
        kind=ImportBatch.Kind.ATTENDANCE,
        rows=rows,
        partnership_id=session.course.partnership_id,
        session=session,
    )


@transaction.atomic
def attendance_import_confirm(*, batch: ImportBatch, user: User) -> tuple[int, int]:
    """Save every row of a checked booking export to the session's register, or none.

    A person already on the register (the same e-mail address) is not booked twice: their
    record takes the agency and status of the file, and its name and job title when the file
    gives them; their evaluation is kept. "Booked" leaves someone the register marked as
    attended or did not attend as they are. Returns how many were added and updated."""
    batch = _previewed_batch(batch)
    session = Session.objects.select_related("course").get(pk=batch.session_id)
    agencies = Agency.objects.filter(partnership_id=batch.partnership_id).in_bulk()
    existing = register_by_email(session)
    added, updated = [], []
    for row in batch.rows:
        record = existing.get(row["email"].casefold()) if row["email"] else None
        if record is None:
            record = Attendance(session=session)
            added.append(record)
        else:
            updated.append(record)
        if row["agency"] not in agencies:
            raise _row_refused(row, IMPORT_AGENCY_GONE)
        record.agency = agencies[row["agency"]]
        current = record.status if record.pk else None
        record.status = imports.imported_status(current, row["status"])
        for field in ("name", "email", "job_title"):
            if row[field] or record.pk is None:
                setattr(record, field, row[field])
        try:
            # The session and the agencies were fetched just now, of the batch's partnership;
            # the model's constraints are on the evaluation, which an import never sets (and
            # the database enforces them): checking them here would query twice a row.
            record.full_clean(exclude=["session", "agency"], validate_constraints=False)
        except ValidationError as error:
            raise _row_refused(row, error) from error
    bulk_create_with_history(added, Attendance, batch_size=BATCH_SIZE, default_user=user)
    fields = ["name", "email", "job_title", "agency", "status", "updated_at"]
    now = timezone.now()
    for record in updated:
        record.updated_at = now
    bulk_update_with_history(updated, Attendance, fields, batch_size=BATCH_SIZE, default_user=user)
    _batch_done(batch, user=user, status=ImportBatch.Status.IMPORTED)
    return len(added), len(updated)


# --- e-learning completions ------------------------------------------------------------------


def _known_platform(partnership: Partnership, platform: str) -> str:
    """The platform as already recorded, when it differs only in case or spacing."""
    known = ElearningCompletion.objects.filter(course__partnership=partnership)
    for name in known.values_list("platform", flat=True).distinct():
        if imports.key(name) == imports.key(platform):
            return name
    return " ".join(platform.split())


def elearning_import_check(
    *, partnership: Partnership, user: User, upload, platform: str
) -> ImportBatch:
    """Check an e-learning platform's export of completions and keep its rows for the
    preview. Raises imports.FileRefused naming every problem; nothing is kept then. The
    files the same person left at their preview for more than a day are discarded first."""
    import_batches_discard_stale(user=user)
    table = imports.read_upload(upload, max_bytes=imports.max_upload_bytes())
    platform = _known_platform(partnership, platform)
    courses = Course.objects.filter(partnership=partnership, delivery=Course.Delivery.ELEARNING)
    recorded = set(
        ElearningCompletion.objects.filter(
            course__partnership=partnership, platform=platform
        ).values_list("course_id", "period_start", "period_end")
    )
    rows = imports.check_elearning(
        table, courses=list(courses), platform=platform, recorded=recorded
    )
    for row in rows:
        row["platform"] = platform
    return _batch_create(
        user=user,
        upload=upload,
        kind=ImportBatch.Kind.ELEARNING,
        rows=rows,
        partnership=partnership,
    )


def _completion_key(completion: ElearningCompletion) -> tuple:
    return (
        completion.course_id,
        completion.period_start,
        completion.period_end,
        completion.platform,
    )


def _check_not_recorded(checked: list[tuple[dict, ElearningCompletion]]) -> None:
    """Refuses the file if a course, period and platform of it is recorded already (since
    the preview) or twice in it: one query for the whole file."""
    completions = [completion for _, completion in checked]
    recorded = set(
        ElearningCompletion.objects.filter(
            course_id__in={c.course_id for c in completions},
            platform__in={c.platform for c in completions},
            period_start__in={c.period_start for c in completions},
        ).values_list("course_id", "period_start", "period_end", "platform")
    )
    for row, completion in checked:
        if _completion_key(completion) in recorded:
            raise _row_refused(row, IMPORT_ALREADY_RECORDED.format(platform=completion.platform))
        recorded.add(_completion_key(completion))


@transaction.atomic
def elearning_import_confirm(*, batch: ImportBatch, user: User) -> int:
    """Record every row of a checked e-learning export, or none: a figure recorded
    meanwhile for the same course, period and platform refuses the whole file. Returns how
    many completions the file added up to. The queries do not grow with the rows."""
    batch = _previewed_batch(batch)
    courses = Course.objects.filter(
        partnership_id=batch.partnership_id, delivery=Course.Delivery.ELEARNING
    ).in_bulk()
    checked = []
    for row in batch.rows:
        if row["course"] not in courses:
            raise _row_refused(row, IMPORT_COURSE_GONE)
        completion = ElearningCompletion(
            course=courses[row["course"]],
            period_start=datetime.date.fromisoformat(row["period_start"]),
            period_end=datetime.date.fromisoformat(row["period_end"]),
            count=row["count"],
            platform=row["platform"],
        )
        try:
            # The course was fetched just now, of the batch's partnership; the constraints
            # (one figure a course, period and platform) are checked once for the whole file
            # below, and the database enforces them.
            completion.full_clean(exclude=["course"], validate_constraints=False)
        except ValidationError as error:
            raise _row_refused(row, error) from error
        checked.append((row, completion))
    _check_not_recorded(checked)
    completions = [completion for _, completion in checked]
    bulk_create_with_history(
        completions, ElearningCompletion, batch_size=BATCH_SIZE, default_user=user
    )
    _batch_done(batch, user=user, status=ImportBatch.Status.IMPORTED)
    return sum(completion.count for completion in completions)


@transaction.atomic
def import_batch_discard(*, batch: ImportBatch, user: User) -> None:
    """Leave a checked file unimported; its rows are emptied."""
    batch = _previewed_batch(batch)
    _batch_done(batch, user=user, status=ImportBatch.Status.DISCARDED)
