"""Writes of the training offer: courses, and the sessions that run them."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kscp.core.models import Partnership, User
from kscp.core.records import record_save
from plans.models import Objective
from training.models import Attendance, Course, Session

THEME_OTHER_PARTNERSHIP = "Select themes of this partnership"
OBJECTIVE_OTHER_PARTNERSHIP = "Select objectives of this partnership's business plans"
CANCELLED_WITH_ATTENDEES = (
    "Someone is recorded as having attended this session: change their attendance before "
    "cancelling it"
)


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
    m2m = {"themes": themes, "objectives": objectives}
    return record_save(course, user=user, fields=fields, m2m=m2m)


@transaction.atomic
def course_update(*, course: Course, user: User, themes=(), objectives=(), **fields) -> Course:
    _check_course_choices(course.partnership_id, themes, objectives)
    m2m = {"themes": themes, "objectives": objectives}
    return record_save(course, user=user, fields=fields, m2m=m2m)


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
    return record_save(Session(course=course), user=user, fields=fields)


@transaction.atomic
def session_update(*, session: Session, user: User, **fields) -> Session:
    """Change a session. A session somebody attended cannot become cancelled."""
    _check_not_attended_if_cancelled(session, fields.get("status", session.status))
    return record_save(session, user=user, fields=fields)


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
