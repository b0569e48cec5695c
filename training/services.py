"""Writes of training records. Each is a keyword-only function wrapped in a transaction,
validating the record in full before it is saved; every history row names who made the
change."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kscp.models import Agency, Partnership, User
from plans.models import Objective
from training import imports
from training.models import Attendance, Course, ElearningCompletion, ImportBatch, Session

THEME_OTHER_PARTNERSHIP = "Select themes of this partnership"
OBJECTIVE_OTHER_PARTNERSHIP = "Select objectives of this partnership's business plans"
CANCELLED_WITH_ATTENDEES = (
    "Someone is recorded as having attended this session: change their attendance before "
    "cancelling it"
)
REGISTER_NOT_ON_SESSION = "This attendee is not booked on this session"
REGISTER_STATUS_INVALID = "Select attended, did not attend or cancelled"
# What the register can mark; "booked" is what a place is until the register is taken.
REGISTER_MARKS = (
    Attendance.Status.ATTENDED,
    Attendance.Status.DID_NOT_ATTEND,
    Attendance.Status.CANCELLED,
)


def _save(record, *, user: User, fields: dict, m2m: dict | None = None):
    """Set `fields` on the record, validate it in full, save it and its many-to-many
    choices; the history rows name `user`."""
    for name, value in fields.items():
        record._meta.get_field(name)  # refuses a name the model does not have
        setattr(record, name, value)
    record._history_user = user
    record.full_clean()
    record.save()
    for name, values in (m2m or {}).items():
        getattr(record, name).set(values)
    return record


# --- courses -------------------------------------------------------------------------------


def _check_course_choices(partnership_id: int, themes, objectives) -> None:
    """The themes and objectives of a course are the partnership's own."""
    errors = {}
    if any(theme.partnership_id != partnership_id for theme in themes):
        errors["themes"] = THEME_OTHER_PARTNERSHIP
    foreign_objectives = Objective.objects.filter(
        pk__in=[objective.pk for objective in objectives]
    ).exclude(plan__partnership_id=partnership_id)
    if objectives and foreign_objectives.exists():
        errors["objectives"] = OBJECTIVE_OTHER_PARTNERSHIP
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def course_create(
    *, partnership: Partnership, user: User, themes=(), objectives=(), **fields
) -> Course:
    """Add a course to the partnership's training offer."""
    _check_course_choices(partnership.pk, themes, objectives)
    course = Course(partnership=partnership)
    return _save(course, user=user, fields=fields, m2m={"themes": themes, "objectives": objectives})


@transaction.atomic
def course_update(*, course: Course, user: User, themes=(), objectives=(), **fields) -> Course:
    _check_course_choices(course.partnership_id, themes, objectives)
    return _save(course, user=user, fields=fields, m2m={"themes": themes, "objectives": objectives})


# --- sessions ------------------------------------------------------------------------------


def _check_not_attended_if_cancelled(session: Session, status: str) -> None:
    if (
        session.pk
        and status == Session.Status.CANCELLED
        and session.attendances.filter(status=Attendance.Status.ATTENDED).exists()
    ):
        raise ValidationError({"status": CANCELLED_WITH_ATTENDEES})


@transaction.atomic
def session_create(*, course: Course, user: User, **fields) -> Session:
    """Add a run of a course: when, where, by whom and how many places."""
    return _save(Session(course=course), user=user, fields=fields)


@transaction.atomic
def session_update(*, session: Session, user: User, **fields) -> Session:
    """Change a session. A session somebody attended cannot become cancelled."""
    _check_not_attended_if_cancelled(session, fields.get("status", session.status))
    return _save(session, user=user, fields=fields)


@transaction.atomic
def session_cancel(*, session: Session, user: User, reason: str, note: str = "") -> Session:
    """Record that a session will not run, and why ("low nominations" counts in the annual
    statement)."""
    return session_update(
        session=session,
        user=user,
        status=Session.Status.CANCELLED,
        cancellation_reason=reason,
        cancellation_note=note,
    )


# --- attendance ----------------------------------------------------------------------------


@transaction.atomic
def attendance_create(*, session: Session, user: User, **fields) -> Attendance:
    """Book a place on a session by hand (a booking system's export is imported instead)."""
    return _save(Attendance(session=session), user=user, fields=fields)


@transaction.atomic
def attendance_update(*, attendance: Attendance, user: User, **fields) -> Attendance:
    """Change an attendance record: who it was, whether they came, and their evaluation."""
    return _save(attendance, user=user, fields=fields)


@transaction.atomic
def session_mark_register(*, session: Session, user: User, marks: dict) -> dict[str, int]:
    """Take the register of a session in one go: `marks` maps attendance ids to attended,
    did not attend or cancelled (an attendee left out keeps their status). Every mark is
    checked first; a single bad one refuses them all, with a ValidationError naming each bad
    attendance id. Only records whose status changes are saved.

    A scheduled session whose start has passed becomes delivered when its register is
    taken: marking who came says that it ran. Returns how many places have each status."""
    attendances = {a.pk: a for a in session.attendances.select_related("agency")}
    errors: dict[str, list[str]] = {}
    changed = []
    for key, status in marks.items():
        try:
            attendance = attendances.get(int(key))
        except (TypeError, ValueError):
            attendance = None
        if attendance is None:
            errors[str(key)] = [REGISTER_NOT_ON_SESSION]
            continue
        if status not in REGISTER_MARKS:
            errors[str(key)] = [REGISTER_STATUS_INVALID]
            continue
        if attendance.status == status:
            continue
        attendance.status = status
        attendance.session = session
        try:
            attendance.full_clean()
        except ValidationError as error:
            errors[str(key)] = error.messages
            continue
        changed.append(attendance)
    if errors:
        raise ValidationError(errors)
    for attendance in changed:
        attendance._history_user = user
        attendance.save(update_fields=["status", "updated_at"])
    if session.status == Session.Status.SCHEDULED and session.starts_at <= timezone.now():
        session.status = Session.Status.DELIVERED
        _save(session, user=user, fields={})
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for attendance in attendances.values():
        counts[attendance.status] += 1
    return counts


# --- imports -------------------------------------------------------------------------------
# A booking system's export of a session's attendees, or an e-learning platform's completions,
# is checked whole (training/imports.py) and kept as a batch between the preview and the
# import, which saves every row or none. The rows name people: they are emptied once the batch
# is imported or discarded, and history never copies them.

BATCH_ALREADY_IMPORTED = "{filename} has already been imported: it cannot be imported again"
BATCH_ALREADY_DISCARDED = "{filename} was discarded: upload the file again to import it"
IMPORT_ROW_REFUSED = "Nothing was imported: row {row} could not be saved ({reason})"
IMPORT_AGENCY_GONE = "the agency is no longer one of the partnership’s"
IMPORT_COURSE_GONE = "the course is no longer one of the partnership’s e-learning courses"
ANONYMISED_REASON = "Name, e-mail address and job title removed after {years} years"


def _batch_save(batch: ImportBatch, *, user: User | None, **fields) -> ImportBatch:
    """Rows may be empty (once imported or discarded), which the model's checks call blank."""
    for name, value in fields.items():
        setattr(batch, name, value)
    batch._history_user = user
    batch.full_clean(exclude=["rows"])
    batch.save()
    return batch


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


def _batch_done(batch: ImportBatch, *, user: User, status: str) -> None:
    fields = {"status": status, "rows": []}
    if status == ImportBatch.Status.IMPORTED:
        fields["imported_at"] = timezone.now()
    _batch_save(batch, user=user, **fields)


@transaction.atomic
def attendance_import_check(*, session: Session, user: User, upload) -> ImportBatch:
    """Check a booking system's export of the session's attendees and keep its rows for the
    preview. Raises imports.FileRefused naming every problem; nothing is kept then."""
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


def attendance_import_existing(*, session: Session) -> dict[str, Attendance]:
    """The session's attendees by e-mail address (without regard to case): a row of a
    booking export with one of these addresses updates that attendee's record."""
    existing = {}
    for attendance in session.attendances.exclude(email="").select_related("agency"):
        existing.setdefault(attendance.email.casefold(), attendance)
    return existing


@transaction.atomic
def attendance_import_confirm(*, batch: ImportBatch, user: User) -> tuple[int, int]:
    """Save every row of a checked booking export to the session's register, or none.

    A person already on the register (the same e-mail address) is not booked twice: their
    record takes the agency and status of the file, and its name and job title when the file
    gives them; their evaluation is kept. Returns how many were added and updated."""
    batch = _previewed_batch(batch)
    session = Session.objects.select_related("course").get(pk=batch.session_id)
    agencies = Agency.objects.filter(partnership_id=batch.partnership_id).in_bulk()
    existing = attendance_import_existing(session=session)
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
        record.agency, record.status = agencies[row["agency"]], row["status"]
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
    bulk_create_with_history(added, Attendance, batch_size=500, default_user=user)
    fields = ["name", "email", "job_title", "agency", "status", "updated_at"]
    now = timezone.now()
    for record in updated:
        record.updated_at = now
    bulk_update_with_history(updated, Attendance, fields, batch_size=500, default_user=user)
    _batch_done(batch, user=user, status=ImportBatch.Status.IMPORTED)
    return len(added), len(updated)


def _known_platform(partnership: Partnership, platform: str) -> str:
    """The platform as already recorded, when it differs only in case or spacing."""
    known = ElearningCompletion.objects.filter(course__partnership=partnership)
    for name in known.values_list("platform", flat=True).distinct():
        if imports.key(name) == imports.key(platform):
            return name
    return " ".join(platform.split())


@transaction.atomic
def elearning_import_check(
    *, partnership: Partnership, user: User, upload, platform: str
) -> ImportBatch:
    """Check an e-learning platform's export of completions and keep its rows for the
    preview. Raises imports.FileRefused naming every problem; nothing is kept then."""
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


@transaction.atomic
def elearning_import_confirm(*, batch: ImportBatch, user: User) -> int:
    """Record every row of a checked e-learning export, or none: a figure recorded
    meanwhile for the same course, period and platform refuses the whole file. Returns how
    many completions the file added up to."""
    batch = _previewed_batch(batch)
    courses = Course.objects.filter(
        partnership_id=batch.partnership_id, delivery=Course.Delivery.ELEARNING
    ).in_bulk()
    total = 0
    for row in batch.rows:
        if row["course"] not in courses:
            raise _row_refused(row, IMPORT_COURSE_GONE)
        completion = ElearningCompletion(course=courses[row["course"]])
        fields = {
            "period_start": datetime.date.fromisoformat(row["period_start"]),
            "period_end": datetime.date.fromisoformat(row["period_end"]),
            "count": row["count"],
            "platform": row["platform"],
        }
        try:
            _save(completion, user=user, fields=fields)
        except ValidationError as error:
            raise _row_refused(row, error) from error
        total += row["count"]
    _batch_done(batch, user=user, status=ImportBatch.Status.IMPORTED)
    return total


@transaction.atomic
def import_batch_discard(*, batch: ImportBatch, user: User) -> None:
    """Leave a checked file unimported; its rows are emptied."""
    batch = _previewed_batch(batch)
    _batch_done(batch, user=user, status=ImportBatch.Status.DISCARDED)


@transaction.atomic
def attendance_anonymise(
    *, started_before: datetime.datetime, years: int, dry_run: bool = False
) -> tuple[int, int]:
    """Remove attendees' names, e-mail addresses and job titles (a job title can say who
    someone is) from the attendance of sessions that started before `started_before`, in the
    records and in their history; their agency, status, evaluation and impact comment stay,
    so every statistic is unchanged. The rows of import batches created before then are
    emptied too. Returns how many attendance records and batches changed; a second run
    changes nothing.

    The records are not validated again: removing personal data must never wait for an old
    record to meet a rule made after it was saved."""
    due = Attendance.objects.filter(session__starts_at__lt=started_before).filter(
        Q(anonymised_at__isnull=True) | ~Q(name="") | ~Q(email="") | ~Q(job_title="")
    )
    batches = ImportBatch.objects.filter(created_at__lt=started_before).exclude(rows=[])
    counts = due.count(), batches.count()
    if dry_run:
        return counts
    now = timezone.now()
    pks = list(due.values_list("pk", flat=True))
    for start in range(0, len(pks), 1000):
        chunk = pks[start : start + 1000]
        records = list(Attendance.objects.filter(pk__in=chunk))
        for record in records:
            record.name = record.email = record.job_title = ""
            record.anonymised_at = record.updated_at = now
        bulk_update_with_history(
            records,
            Attendance,
            ["name", "email", "job_title", "anonymised_at", "updated_at"],
            batch_size=500,
            default_change_reason=ANONYMISED_REASON.format(years=years),
        )
        Attendance.history.filter(id__in=chunk).exclude(job_title="").update(job_title="")
    for batch in batches:
        fields = {"rows": []}
        if batch.status == ImportBatch.Status.PREVIEWED:
            fields["status"] = ImportBatch.Status.DISCARDED  # left unimported for years
        _batch_save(batch, user=None, **fields)
    return counts
