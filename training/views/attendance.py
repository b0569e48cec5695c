"""Places on sessions: adding an attendee by hand, changing a place and its evaluation, and
the attendance an agency sent to the partnership's training (every agency's, for those who
read all attendance)."""

from django.shortcuts import render

from kscp.core.lists import list_context
from training import access, selectors, services
from training.forms import AttendanceEditForm, AttendanceForm, attendee_name
from training.models import Attendance, Session
from training.views.pages import form_page, posted
from training.views.sessions import session_day, session_url

ATTENDEE_ADDED = "{name} has been added to the session"
ATTENDANCE_SAVED = "Your changes to the place of {name} have been saved"

ATTENDANCE_COLUMNS = [
    ("Course", None),
    ("Session date", None),
    ("Name", None),
    ("Job title", None),
    ("Agency", None),
    ("Status", None),
]


def _place_url(session) -> str:
    """Where a place shows on its session's page: the register, unless the session was
    cancelled and has none."""
    cancelled = session.status == Session.Status.CANCELLED
    return session_url(session, "attendees" if cancelled else "register")


def attendance_add(request, pk):
    session = access.get_session(request.user, pk, write=True)
    form = AttendanceForm(
        posted(request), initial={"status": Attendance.Status.BOOKED}, session=session
    )
    return form_page(
        request,
        form,
        save=lambda: services.attendance_create(
            session=session, user=request.user, **form.cleaned_data
        ),
        saved=lambda record: ATTENDEE_ADDED.format(name=attendee_name(record)),
        next_url=lambda record: _place_url(session),
        page={
            "title": "Add an attendee",
            "caption": f"{session.course.title}, {session_day(session)}",
            "back_url": session_url(session),
            "back_label": "Back to the session",
            "submit": "Add the attendee",
        },
    )


def attendance_edit(request, pk):
    attendance = access.get_attendance(request.user, pk, write=True)
    session = attendance.session
    name = attendee_name(attendance)
    form = AttendanceEditForm(posted(request), instance=attendance, session=session)
    return form_page(
        request,
        form,
        save=lambda: services.attendance_update(
            attendance=attendance, user=request.user, **form.cleaned_data
        ),
        saved=lambda record: ATTENDANCE_SAVED.format(name=attendee_name(record)),
        next_url=lambda record: _place_url(session),
        page={
            "title": f"Change the place of {name}",
            "caption": f"{session.course.title}, {session_day(session)}",
            "intro": "The attendee's evaluation: how confident they felt before and after the "
            "course, from 1 (not at all confident) to 5 (very confident), and what they will "
            "do differently.",
            "back_url": session_url(session),
            "back_label": "Back to the session",
            "submit": "Save changes",
        },
    )


def agency_attendance(request):
    """Your agency's training: the places the person's agency booked and whether its people
    came; every agency's for those who read all attendance. A person of no agency sees none."""
    attendance = selectors.attendance_list(user=request.user, data=request.GET)
    context = list_context(
        request, attendance, columns=ATTENDANCE_COLUMNS, default_sort="", anchor="attendance"
    )
    context["rows"] = selectors.with_status_tags(context["page"].object_list)
    context["totals"] = selectors.attendance_totals(attendance.qs)
    context["everyone"] = selectors.sees_every_agency(request.user)
    context["no_agency"] = not context["everyone"] and request.user.agency_id is None
    return render(request, "training/agency_attendance.html", context)
