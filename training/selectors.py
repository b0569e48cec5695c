"""Reads of the training pages: the course catalogue, a course with its sessions, a session
with its register, the attendance an agency sent, and a checked file as it will be imported.
Each reads its page in a fixed number of queries, however many courses, sessions, attendees or
rows there are."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kscp.core.models import Agency, Sector, User
from kscp.core.years import financial_year_start, year_label, year_range
from training import access, imports
from training.filters import AttendanceFilter, CourseFilter
from training.models import Attendance, Course, ElearningCompletion, ImportBatch, Session

# The colour of each session status's tag; the tag always says the status in words.
STATUS_TAG_CLASSES = {
    Session.Status.SCHEDULED: "govuk-tag--blue",
    Session.Status.DELIVERED: "govuk-tag--green",
    Session.Status.CANCELLED: "govuk-tag--grey",
}
ATTENDANCE_TAG_CLASSES = {
    Attendance.Status.BOOKED: "govuk-tag--blue",
    Attendance.Status.ATTENDED: "govuk-tag--green",
    Attendance.Status.DID_NOT_ATTEND: "govuk-tag--red",
    Attendance.Status.CANCELLED: "govuk-tag--grey",
}
PAST_SESSIONS_PAGE_SIZE = 25
# How the preview of a booking export says what happens to someone already on the register.
IMPORT_STATUS_CHANGED = "{old} → {new}"
IMPORT_STATUS_UNCHANGED = "{status} (unchanged)"
IMPORT_STATUS_KEPT = "{status} (kept: the file says {incoming})"


def _session_counts() -> dict:
    """Annotations of a session queryset: places booked (a place counts as booked until it
    is cancelled, whether or not the person then came) and attended."""
    return {
        "booked_count": Count(
            "attendances", filter=~Q(attendances__status=Attendance.Status.CANCELLED)
        ),
        "attended_count": Count(
            "attendances", filter=Q(attendances__status=Attendance.Status.ATTENDED)
        ),
    }


def fill_rate(session: Session) -> int | None:
    """How full a session was, as a percentage of its places: the people who attended once it
    has been delivered, the places booked before; none for a cancelled session."""
    if session.status == Session.Status.CANCELLED or not session.capacity:
        return None
    taken = (
        session.attended_count
        if session.status == Session.Status.DELIVERED
        else session.booked_count
    )
    return round(100 * taken / session.capacity)


def _with_session_facts(sessions) -> list[Session]:
    rows = list(sessions)
    for session in rows:
        session.fill_rate = fill_rate(session)
        session.status_tag_class = STATUS_TAG_CLASSES[Session.Status(session.status)]
    return rows


# --- the catalogue -------------------------------------------------------------------------


def _subquery_count(queryset) -> Coalesce:
    counted = queryset.order_by().values("course").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def course_list(*, user: User, data, now: datetime.datetime) -> CourseFilter:
    """The partnership's courses as the filters select them, each with the date of its next
    scheduled session and the number of its sessions delivered this financial year."""
    first, last = year_range(financial_year_start(timezone.localdate(now)))
    next_session = (
        Session.objects.filter(
            course=OuterRef("pk"), status=Session.Status.SCHEDULED, starts_at__gte=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    queryset = (
        Course.objects.filter(partnership_id=user.partnership_id)
        .annotate(
            next_session_at=Subquery(next_session),
            delivered_this_year=_subquery_count(
                Session.objects.filter(
                    course=OuterRef("pk"),
                    status=Session.Status.DELIVERED,
                    starts_at__date__range=(first, last),
                )
            ),
        )
        .prefetch_related("themes")
        .order_by("title", "pk")
    )
    return CourseFilter(data, queryset=queryset, partnership_id=user.partnership_id)


def current_financial_year_label(now: datetime.datetime) -> str:
    return year_label(financial_year_start(timezone.localdate(now)))


# --- a course ------------------------------------------------------------------------------


@dataclass
class CoursePage:
    themes: list
    objectives: list
    upcoming: list[Session]
    past: Page
    past_rows: list[Session]
    completions: list[ElearningCompletion]
    completions_total: int


def course_page(course: Course, *, now: datetime.datetime, past_page=None) -> CoursePage:
    """A course's themes and objectives, its sessions to come (soonest first) and a page of
    those that have started (latest first), each with its places booked and attended; for an
    e-learning course, its completions per period and platform."""
    sessions = course.sessions.annotate(**_session_counts())
    past = Paginator(
        sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk"), PAST_SESSIONS_PAGE_SIZE
    ).get_page(past_page)
    completions = list(course.elearning_completions.order_by("period_start", "platform"))
    return CoursePage(
        themes=list(course.themes.all()),
        objectives=list(
            course.objectives.select_related("plan").order_by("plan__title", "sort_key", "pk")
        ),
        upcoming=_with_session_facts(sessions.filter(starts_at__gte=now).order_by("starts_at")),
        past=past,
        past_rows=_with_session_facts(past.object_list),
        completions=completions,
        completions_total=sum(c.count for c in completions),
    )


# --- a session -----------------------------------------------------------------------------


@dataclass
class SessionCounts:
    booked: int
    attended: int
    did_not_attend: int
    cancelled: int
    not_marked: int


def session_counts(session: Session) -> SessionCounts:
    """The places of a session by status: one query."""
    counts = dict(
        session.attendances.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    not_marked = counts.get(Attendance.Status.BOOKED, 0)
    attended = counts.get(Attendance.Status.ATTENDED, 0)
    did_not_attend = counts.get(Attendance.Status.DID_NOT_ATTEND, 0)
    session.booked_count = not_marked + attended + did_not_attend
    session.attended_count = attended
    return SessionCounts(
        booked=session.booked_count,
        attended=attended,
        did_not_attend=did_not_attend,
        cancelled=counts.get(Attendance.Status.CANCELLED, 0),
        not_marked=not_marked,
    )


def session_attendances(session: Session) -> list[Attendance]:
    """Everyone booked on the session, by name, each with their agency: one query."""
    return with_status_tags(session.attendances.select_related("agency").order_by("name", "pk"))


# --- an agency's attendance ----------------------------------------------------------------


def sees_every_agency(user: User) -> bool:
    return access.can_read_all_attendance(user, user.partnership_id)


def attendance_list(*, user: User, data) -> AttendanceFilter:
    """The attendance records the person may see (their agency's, or every agency's for
    those who read them all), latest session first, as the filters select them."""
    queryset = (
        Attendance.objects.filter(access.attendance_visible_q(user))
        .select_related("session__course", "agency")
        .order_by("-session__starts_at", "session__course__title", "name", "pk")
    )
    return AttendanceFilter(
        data or None,
        queryset=queryset,
        partnership_id=user.partnership_id,
        everyone=sees_every_agency(user),
    )


@dataclass
class AttendanceTotals:
    booked: int
    attended: int
    did_not_attend: int
    cancelled: int
    total: int


def attendance_totals(queryset) -> AttendanceTotals:
    """The records of `queryset` counted by status: one query."""

    totals = queryset.order_by().aggregate(
        total=Count("pk"),
        **{
            status.value: Count("pk", filter=Q(status=status.value)) for status in Attendance.Status
        },
    )
    return AttendanceTotals(
        booked=totals[Attendance.Status.BOOKED],
        attended=totals[Attendance.Status.ATTENDED],
        did_not_attend=totals[Attendance.Status.DID_NOT_ATTEND],
        cancelled=totals[Attendance.Status.CANCELLED],
        total=totals["total"],
    )


def with_status_tags(attendances) -> list[Attendance]:
    rows = list(attendances)
    for attendance in rows:
        attendance.status_tag_class = ATTENDANCE_TAG_CLASSES[Attendance.Status(attendance.status)]
    return rows


# --- a checked file, before it is imported -------------------------------------------------


def register_by_email(session: Session) -> dict[str, Attendance]:
    """The session's attendees by e-mail address (without regard to case): a row of a
    booking export with one of these addresses updates that attendee's record."""
    existing = {}
    for attendance in session.attendances.exclude(email="").select_related("agency"):
        existing.setdefault(attendance.email.casefold(), attendance)
    return existing


@dataclass
class ImportPreview:
    """The rows of a checked file as they will be saved, and what they add up to."""

    rows: list = field(default_factory=list)
    totals: list = field(default_factory=list)  # (what, count) of the first summary table
    groups: list = field(default_factory=list)  # (what, detail, count) of the second
    total: int = 0


def _import_status_words(record: Attendance | None, incoming: str, status: str) -> str:
    """The status a row gives its place; for someone already on the register, what it was
    and what it becomes."""
    labels = dict(Attendance.Status.choices)
    if record is None:
        return labels[status]
    if record.status != status:
        return IMPORT_STATUS_CHANGED.format(old=labels[record.status], new=labels[status])
    if incoming != status:
        return IMPORT_STATUS_KEPT.format(status=labels[status], incoming=labels[incoming].lower())
    return IMPORT_STATUS_UNCHANGED.format(status=labels[status])


def import_preview_attendance(batch: ImportBatch) -> ImportPreview:
    """A booking export's attendees with their agency and sector, whether each is added to
    the register or updates someone on it (and their status then), counted by the status
    they will have and by agency: three queries."""
    agencies = Agency.objects.filter(partnership_id=batch.partnership_id).in_bulk()
    existing = register_by_email(batch.session)
    sectors = dict(Sector.choices)
    preview = ImportPreview(total=len(batch.rows))
    by_status, by_agency = Counter(), Counter()
    for row in batch.rows:
        agency = agencies.get(row["agency"])
        record = existing.get(row["email"].casefold()) if row["email"] else None
        status = imports.imported_status(record.status if record else None, row["status"])
        sector = sectors.get(agency.sector, "") if agency else ""
        preview.rows.append(
            {
                **row,
                "agency": agency,
                "sector": sector,
                "status": _import_status_words(record, row["status"], status),
                "updates": record is not None,
            }
        )
        by_status[status] += 1
        if agency:
            by_agency[(agency.name, sector)] += 1
    preview.totals = [(label, by_status[value]) for value, label in Attendance.Status.choices]
    preview.groups = [(name, sector, count) for (name, sector), count in sorted(by_agency.items())]
    return preview


def import_preview_elearning(batch: ImportBatch) -> ImportPreview:
    """An e-learning export's figures with their course and period, and the completions
    they add up to for each course: one query."""
    courses = Course.objects.filter(partnership_id=batch.partnership_id).in_bulk()
    preview = ImportPreview(total=sum(row["count"] for row in batch.rows))
    by_course = Counter()
    for row in batch.rows:
        course = courses.get(row["course"])
        preview.rows.append(
            {
                **row,
                "course": course,
                "period_start": datetime.date.fromisoformat(row["period_start"]),
                "period_end": datetime.date.fromisoformat(row["period_end"]),
            }
        )
        by_course[course.title if course else ""] += row["count"]
    preview.totals = sorted(by_course.items())
    return preview
