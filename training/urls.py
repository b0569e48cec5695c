from django.urls import path

from kscp.core.statistics_views import statistics_csv, statistics_page
from training.statistics.page import WORKFORCE_DEVELOPMENT
from training.views import attendance, catalogue, imports, sessions

app_name = "training"

urlpatterns = [
    # The course catalogue, a course and its sessions, a session and its register.
    path("training/", catalogue.catalogue, name="catalogue"),
    path("training/courses/add/", catalogue.course_add, name="course_add"),
    path("training/courses/<int:pk>/", catalogue.course_detail, name="course"),
    path("training/courses/<int:pk>/edit/", catalogue.course_edit, name="course_edit"),
    path("training/courses/<int:pk>/sessions/add/", sessions.session_add, name="session_add"),
    path("training/sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("training/sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("training/sessions/<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    path(
        "training/sessions/<int:pk>/attendees/add/",
        attendance.attendance_add,
        name="attendance_add",
    ),
    path("training/attendance/", attendance.agency_attendance, name="agency_attendance"),
    path("training/attendance/<int:pk>/edit/", attendance.attendance_edit, name="attendance_edit"),
    # Workforce development: the annual statement's tables for a financial year.
    # The core's statistics page, showing this app's (training.statistics.page).
    path(
        "training/statistics/",
        statistics_page,
        {"statistics": WORKFORCE_DEVELOPMENT},
        name="statistics",
    ),
    path(
        "training/statistics/<slug:table>.csv",
        statistics_csv,
        {"statistics": WORKFORCE_DEVELOPMENT},
        name="statistics_csv",
    ),
    # Imports of a booking system's attendees and of e-learning completions, with a preview.
    path(
        "training/sessions/<int:pk>/import/",
        imports.import_attendance,
        name="import_attendance",
    ),
    path("training/elearning/import/", imports.import_elearning, name="import_elearning"),
    path("training/imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("training/imports/<int:pk>/import/", imports.import_confirm, name="import_confirm"),
    path("training/imports/<int:pk>/discard/", imports.import_discard, name="import_discard"),
]
