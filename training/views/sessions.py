"""A session of a course: its page with the facts and counts everyone of the partnership
reads, the list of attendees for those who read all attendance, and the register that the
business unit and the learning and development sub-group take in one form; the forms that
add, change and cancel a session."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from training import access, selectors, services
from training.forms.attendance import RegisterForm
from training.forms.courses import CancelSessionForm, SessionForm
from training.models import Session

SESSION_ADDED = "The session on {date} has been added"
SESSION_SAVED = "Your changes to the session on {date} have been saved"
SESSION_CANCELLED = "The session on {date} has been cancelled"
REGISTER_SAVED = (
    "The register has been saved: {attended} attended, {did_not_attend} did not attend, "
    "{cancelled} cancelled"
)
NO_SESSIONS_FOR_ELEARNING = (
    "An e-learning course has no sessions: its completions are imported from the e-learning "
    "platform"
)
ONLY_SCHEDULED_CANCELLED = "Only a scheduled session can be cancelled"


def session_url(session, anchor: str = "") -> str:
    return reverse("training:session", args=[session.pk]) + (f"#{anchor}" if anchor else "")


def session_day(session) -> str:
    """The day of a session in the partnership's time zone: "7 October 2025"."""
    return date_format(timezone.localtime(session.starts_at), "j F Y")


def _session_saved(request, message: str, session):
    return saved(request, message.format(date=session_day(session)), session_url(session))


def session_detail(request, pk):
    """The session's page. Its register is posted here, by those who manage training."""
    session, can_manage = access.get_session(request.user, pk)
    if request.method == "POST":
        policy.require(can_manage)
    reads_names = access.can_read_all_attendance(request.user, session.course.partnership_id)
    attendances = selectors.session_attendances(session) if reads_names else []
    register = None
    if can_manage and attendances and session.status != Session.Status.CANCELLED:
        register = RegisterForm(posted(request), attendances=attendances)
        if register.is_valid():
            with refusal_on(register):
                counts = services.session_mark_register(
                    session=session,
                    user=request.user,
                    marks=register.marks(),
                    versions=register.versions(),
                )
                message = REGISTER_SAVED.format(**counts)
                return saved(request, message, session_url(session, "register"))
    elif request.method == "POST":
        return redirect(session_url(session))
    counts = selectors.session_counts(session)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "counts": counts,
            "fill_rate": selectors.fill_rate(session),
            "status_tag_class": selectors.STATUS_TAG_CLASSES[Session.Status(session.status)],
            "attendances": attendances,
            "reads_names": reads_names,
            "can_manage": can_manage,
            "register": register,
            "form": register,  # the layout prefixes the title with "Error: "
            "cancel_form": CancelSessionForm() if can_manage else None,
        },
    )


def session_add(request, pk):
    course, can_change = access.get_course(request.user, pk)
    policy.require(can_change)
    if course.is_elearning:
        messages.info(request, NO_SESSIONS_FOR_ELEARNING)
        return redirect("training:course", course.pk)
    form = SessionForm(posted(request), course=course)
    page = FormPage(
        title="Add a session",
        caption=course.title,
        back_url=reverse("training:course", args=[course.pk]),
        back_label=f"Back to the course {course.title}",
        submit="Save the session",
    )
    if form.is_valid():
        with refusal_on(form):
            session = services.session_create(
                course=course, user=request.user, **form.session_fields()
            )
            return _session_saved(request, SESSION_ADDED, session)
    return form_page(request, form, page)


def session_edit(request, pk):
    session, can_change = access.get_session(request.user, pk)
    policy.require(can_change)
    form = SessionForm(posted(request), instance=session, course=session.course)
    page = FormPage.change(
        f"the session on {session_day(session)}",
        caption=session.course.title,
        back_url=session_url(session),
    )
    if form.is_valid():
        with refusal_on(form):
            session = services.session_update(
                session=session, user=request.user, **form.session_fields()
            )
            return _session_saved(request, SESSION_SAVED, session)
    return form_page(request, form, page)


def session_cancel(request, pk):
    """Cancel a scheduled session, saying why. The session's page offers this form too."""
    session, can_change = access.get_session(request.user, pk)
    policy.require(can_change)
    if session.status != Session.Status.SCHEDULED:
        messages.info(request, ONLY_SCHEDULED_CANCELLED)
        return redirect(session_url(session))
    form = CancelSessionForm(posted(request))
    when = session_day(session)
    page = FormPage(
        title=f"Cancel the session on {when}",
        caption=session.course.title,
        intro="The session stays on the course's page as cancelled, with the reason. "
        "Sessions cancelled for low nominations are counted in the annual statement.",
        back_url=session_url(session),
        back_label=f"Back to the session on {when}",
        submit="Cancel the session",
    )
    if form.is_valid():
        with refusal_on(form):
            session = services.session_cancel(
                session=session,
                user=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            return _session_saved(request, SESSION_CANCELLED, session)
    return form_page(request, form, page)
