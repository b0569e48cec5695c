"""Fetch training records for a user, as the policy says: a record of another partnership
answers 404; asking to change it without the right answers 403. Every view of the training
app fetches its record here and never checks roles itself."""

from kscp.core import policy
from kscp.core.models import User
from training.models import Attendance, Course, ImportBatch, Session


def require_training_manager(user: User) -> None:
    """For pages that add to the user's own partnership: the business unit and the learning
    and development sub-group; everyone else of the partnership 403."""
    policy.require(policy.can_manage_training(user, user.partnership_id))


def require_all_attendance(user: User) -> None:
    """For pages of every agency's attendance (the workforce statistics, the registers)."""
    policy.require(policy.can_read_all_attendance(user, user.partnership_id))


def get_course(user: User, pk, *, write: bool = False) -> Course:
    course = policy.get_for_user(Course.objects.select_related("partnership"), user, pk)
    if write:
        require_training_manager(user)
    return course


def get_session(user: User, pk, *, write: bool = False) -> Session:
    session = policy.get_for_user(
        Session.objects.select_related("course__partnership"),
        user,
        pk,
        partnership_field="course__partnership",
    )
    if write:
        require_training_manager(user)
    return session


def get_attendance(user: User, pk, *, write: bool = False) -> Attendance:
    """An attendance record the user may see (their agency's, unless they read all); others
    answer 404, as if they did not exist."""
    attendance = policy.get_for_user(
        Attendance.objects.filter(policy.attendance_visible_q(user)).select_related(
            "session__course", "agency"
        ),
        user,
        pk,
        partnership_field="session__course__partnership",
    )
    if write:
        require_training_manager(user)
    return attendance


def get_import_batch(user: User, pk) -> ImportBatch:
    """A batch of the user's partnership (404 otherwise) that the user may import (403)."""
    batch = policy.get_for_user(
        ImportBatch.objects.select_related("session__course", "uploaded_by"), user, pk
    )
    require_training_manager(user)
    return batch
