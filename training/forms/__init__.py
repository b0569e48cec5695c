"""Forms of the training pages: a course and its sessions (courses.py), the register and the
places on a session (attendance.py), on the shared base (base.py). Import them from here."""

from training.forms.attendance import (
    AGENCY_REQUIRED,
    ATTENDANCE_STATUS_REQUIRED,
    EMAIL_INVALID,
    NAME_REQUIRED,
    AttendanceEditForm,
    AttendanceForm,
    RegisterForm,
    attendee_label,
    attendee_name,
)
from training.forms.base import CHOICE_NOT_OFFERED, TimeTextField, TrainingForm
from training.forms.courses import (
    COURSE_TAKEN,
    DELIVERY_REQUIRED,
    END_TIME_INVALID,
    MAX_PLACES,
    PLACES_INVALID,
    PLACES_TOO_FEW,
    PLACES_TOO_MANY,
    START_TIME_INVALID,
    START_TIME_REQUIRED,
    STATUS_REQUIRED,
    TITLE_REQUIRED,
    CancelSessionForm,
    CourseForm,
    SessionForm,
)
from training.models import CANCELLATION_REASON_REQUIRED, CAPACITY_REQUIRED, ENDS_BEFORE_START

__all__ = [
    "AGENCY_REQUIRED",
    "ATTENDANCE_STATUS_REQUIRED",
    "CANCELLATION_REASON_REQUIRED",
    "CAPACITY_REQUIRED",
    "CHOICE_NOT_OFFERED",
    "COURSE_TAKEN",
    "DELIVERY_REQUIRED",
    "EMAIL_INVALID",
    "END_TIME_INVALID",
    "ENDS_BEFORE_START",
    "MAX_PLACES",
    "NAME_REQUIRED",
    "PLACES_INVALID",
    "PLACES_TOO_FEW",
    "PLACES_TOO_MANY",
    "START_TIME_INVALID",
    "START_TIME_REQUIRED",
    "STATUS_REQUIRED",
    "TITLE_REQUIRED",
    "AttendanceEditForm",
    "AttendanceForm",
    "CancelSessionForm",
    "CourseForm",
    "RegisterForm",
    "SessionForm",
    "TimeTextField",
    "TrainingForm",
    "attendee_label",
    "attendee_name",
]
