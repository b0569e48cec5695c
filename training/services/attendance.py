"""Writes of the places on a session: a place booked or changed by hand, the register taken
in one go, and attendees' personal data removed once it is no longer needed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from kscp.core.models import User
from kscp.core.records import record_save
from kscp.core.sessions import sessions_forget_messages
from kscp.core.versioning import latest_change, saved_by
from training.models import Attendance, ImportBatch, Session
from training.services.imports import import_batches_empty

REGISTER_NOT_ON_SESSION = "This attendee is not booked on this session"
REGISTER_STATUS_INVALID = "Select attended, did not attend or cancelled"
# What the register can mark; "booked" is what a place is until the register is taken.
REGISTER_MARKS = (
    Attendance.Status.ATTENDED,
    Attendance.Status.DID_NOT_ATTEND,
    Attendance.Status.CANCELLED,
)
REGISTER_ROW_CHANGED = (
    "{who} changed the place of {attendee} at {when} after you opened the register: it is "
    "now {status}. The register has not been saved; save it again to replace their change "
    "with your mark."
)
ANONYMISED_REASON = "Name, e-mail address and job title removed after {years} years"


@transaction.atomic
def attendance_create(*, session: Session, user: User, **fields) -> Attendance:
    """Book a place on a session by hand (a booking system's export is imported instead)."""
    return record_save(Attendance(session=session), user=user, fields=fields)


@transaction.atomic
def attendance_update(*, attendance: Attendance, user: User, **fields) -> Attendance:
    """Change an attendance record: who it was, whether they came, and their evaluation."""
    return record_save(attendance, user=user, fields=fields)


@transaction.atomic
def session_mark_register(
    *, session: Session, user: User, marks: dict, versions: dict
) -> dict[str, int]:
    """Take the register of a session in one go: `marks` maps attendance ids to attended,
    did not attend or cancelled (an attendee left out keeps their status), `versions` to the
    version of each place the marks were made from. Every mark is checked first; a single
    bad one refuses them all, with a ValidationError naming each bad attendance id. Only
    records whose status changes are saved; a change to a place someone else changed since
    its version is refused (code "stale", its current version in the params), so that
    nobody's mark is silently undone.

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
        if versions.get(key, versions.get(str(key))) != attendance.version:
            errors[str(key)] = [_row_changed(attendance)]
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
        record_save(session, user=user, fields={})
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for attendance in attendances.values():
        counts[attendance.status] += 1
    return counts


def _row_changed(attendance: Attendance) -> ValidationError:
    who, when = saved_by(latest_change(attendance))
    message = REGISTER_ROW_CHANGED.format(
        who=who,
        attendee=attendance.name or f"attendee {attendance.pk}",
        when=when,
        status=attendance.get_status_display().lower(),
    )
    return ValidationError(message, code="stale", params={"version": attendance.version})


@transaction.atomic
def attendance_anonymise(
    *, started_before: datetime.datetime, years: int, dry_run: bool = False
) -> tuple[int, int]:
    """Remove attendees' names, e-mail addresses and job titles (a job title can say who
    someone is) from the attendance of sessions that started before `started_before`, in the
    records and in their history; their agency, status, evaluation and impact comment stay,
    so every statistic is unchanged. The rows of import batches created before then are
    emptied too, and so are those of batches checked more than a day ago and never imported
    (they are discarded). Returns how many attendance records and batches changed; a second
    run changes nothing.

    The records are not validated again: removing personal data must never wait for an old
    record to meet a rule made after it was saved."""
    due = Attendance.objects.filter(session__starts_at__lt=started_before).filter(
        Q(anonymised_at__isnull=True) | ~Q(name="") | ~Q(email="") | ~Q(job_title="")
    )
    if dry_run:
        return due.count(), import_batches_empty(created_before=started_before, dry_run=True)
    count = due.count()
    now = timezone.now()
    pks = list(due.values_list("pk", flat=True))
    # A message a page stored for the next one ("Ada Example has been added") keeps the
    # name, and so does one naming an old file.
    naming = set(due.values_list("name", flat=True)) | set(
        ImportBatch.objects.filter(created_at__lt=started_before).values_list("filename", flat=True)
    )
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
    batches = import_batches_empty(created_before=started_before)
    sessions_forget_messages(naming=naming)
    return count, batches
