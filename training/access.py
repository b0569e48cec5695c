"""Who may see and change training records, and the one way views fetch them.

The training offer (the course catalogue and its sessions) is the partnership's, read by
everyone in it. Registers, imports and the changes to courses and sessions are the business
unit's and the learning and development sub-group's (a group marked "manages training").
Attendance records name people: the managers, executive members and the scrutineer read
them all; anyone else sees only those of their own agency.

Each `get_*` returns the record of the user's partnership (404 otherwise) and whether the
user may change it; a view that changes it calls `policy.require(...)` (403)."""

from django.db.models import Q

from kscp.core import policy
from kscp.core.models import User
from training.models import Attendance, Course, ImportBatch, Session


def sits_on_training_group(user: User) -> bool:
    return policy.sits_on_group_that(user, "manages_training")


def can_manage_training(user: User, partnership_id: int | None) -> bool:
    if not policy.in_partnership(user, partnership_id):
        return False
    if policy.is_business_unit(user):
        return True
    return not policy.reads_only(user) and sits_on_training_group(user)


def can_read_all_attendance(user: User, partnership_id: int | None) -> bool:
    """Every attendance record and the workforce statistics of the partnership."""
    if not policy.in_partnership(user, partnership_id):
        return False
    return policy.reads_only(user) or can_manage_training(user, partnership_id)


def attendance_visible_q(user: User, prefix: str = "") -> Q:
    """The attendance records a person may see: all of the partnership's for those who read
    them all; otherwise their own agency's; nothing for a person of no agency."""
    partnership = Q(**{f"{prefix}session__course__partnership_id": user.partnership_id})
    if can_read_all_attendance(user, user.partnership_id):
        return partnership
    if user.agency_id is None:
        return Q(pk__in=[])
    return partnership & Q(**{f"{prefix}agency_id": user.agency_id})


def require_training_manager(user: User) -> None:
    """For pages that add to the user's own partnership: the business unit and the learning
    and development sub-group; everyone else of the partnership 403."""
    policy.require(can_manage_training(user, user.partnership_id))


def require_all_attendance(user: User) -> None:
    """For pages of every agency's attendance (the workforce statistics, the registers)."""
    policy.require(can_read_all_attendance(user, user.partnership_id))


def _managed(user: User, record):
    return record, can_manage_training(user, user.partnership_id)


def get_course(user: User, pk) -> tuple[Course, bool]:
    course = policy.get_for_user(Course.objects.select_related("partnership"), user, pk)
    return _managed(user, course)


def get_session(user: User, pk) -> tuple[Session, bool]:
    session = policy.get_for_user(
        Session.objects.select_related("course__partnership"),
        user,
        pk,
        partnership_field="course__partnership",
    )
    return _managed(user, session)


def get_attendance(user: User, pk) -> tuple[Attendance, bool]:
    """An attendance record the user may see (their agency's, unless they read all); others
    answer 404, as if they did not exist."""
    attendance = policy.get_for_user(
        Attendance.objects.filter(attendance_visible_q(user)).select_related(
            "session__course", "agency"
        ),
        user,
        pk,
        partnership_field="session__course__partnership",
    )
    return _managed(user, attendance)


def get_import_batch(user: User, pk) -> tuple[ImportBatch, bool]:
    """A batch of the user's partnership (404 otherwise) and whether the user may import it."""
    batch = policy.get_for_user(
        ImportBatch.objects.select_related("session__course", "uploaded_by"), user, pk
    )
    return _managed(user, batch)
