"""Places on sessions: adding an attendee by hand, changing a place and its evaluation, and
the attendance an agency sent to the partnership's training (every agency's, for those who
read all attendance)."""

from django.shortcuts import render

from kscp.core import policy
from kscp.core.formpages import SAVE_CHANGES, FormPage, form_page, posted, refusal_on, saved
from kscp.core.lists import list_context
from training import access, selectors, services
from training.forms.attendance import AttendanceEditForm, AttendanceForm, attendee_name
from training.models import Attendance, Session
from training.views.sessions import session_day, session_url

ATTENDEE_ADDED = "{name} has been added to the session"
ATTENDANCE_SAVED = "Your changes to the place of {name} have been saved"
EVALUATION_INTRO = (
    "The attendee's evaluation: how confident they felt before and after the course, from 1 "
    "(not at all confident) to 5 (very confident), and what they will do differently."
)

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


def _place_page(session, *, title: str, submit: str, intro: str = "") -> FormPage:
    return FormPage(
        title=title,
        caption=f"{session.course.title}, {session_day(session)}",
        intro=intro,
        back_url=session_url(session),
        back_label="Back to the session",
        submit=submit,
    )


def _place_saved(request, message: str, attendance):
    message = message.format(name=attendee_name(attendance))
    return saved(request, message, _place_url(attendance.session))


def attendance_add(request, pk):
    session, can_change = access.get_session(request.user, pk)
    policy.require(can_change)
    form = AttendanceForm(
        posted(request), initial={"status": Attendance.Status.BOOKED}, session=session
    )
    page = _place_page(session, title="Add an attendee", submit="Add the attendee")
    if form.is_valid():
        with refusal_on(form):
            attendance = services.attendance_create(
                session=session, user=request.user, **form.cleaned_data
            )
            return _place_saved(request, ATTENDEE_ADDED, attendance)
    return form_page(request, form, page)


def attendance_edit(request, pk):
    attendance, can_change = access.get_attendance(request.user, pk)
    policy.require(can_change)
    session = attendance.session
    form = AttendanceEditForm(posted(request), instance=attendance, session=session)
    page = _place_page(
        session,
        title=f"Change the place of {attendee_name(attendance)}",
        submit=SAVE_CHANGES,
        intro=EVALUATION_INTRO,
    )
    if form.is_valid():
        with refusal_on(form):
            attendance = services.attendance_update(
                attendance=attendance, user=request.user, **form.cleaned_data
            )
            return _place_saved(request, ATTENDANCE_SAVED, attendance)
    return form_page(request, form, page)


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
