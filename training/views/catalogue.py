"""The course catalogue, a course's page with its sessions and fill rates, and the forms that
add and change a course. Everyone of the partnership reads them; the business unit and the
learning and development sub-group change them."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from kscp.core.lists import list_context
from training import access, selectors, services
from training.forms.courses import CourseForm

COURSE_ADDED = "The course {title} has been added"
COURSE_SAVED = "Your changes to the course {title} have been saved"

# Table columns: heading and the sort key of the filter's "sort" parameter (None: not
# sortable).
COURSE_COLUMNS = [
    ("Course", "title"),
    ("Delivery", "delivery"),
    ("Themes", None),
    ("Audience and level", None),
    ("Next session", "next_session"),
    ("Delivered this year", None),
]


def _course_url(course) -> str:
    return reverse("training:course", args=[course.pk])


def catalogue(request):
    now = timezone.now()
    courses = selectors.course_list(user=request.user, data=request.GET, now=now)
    context = list_context(
        request, courses, columns=COURSE_COLUMNS, default_sort="title", anchor="courses"
    )
    context["filtered"] = (
        any(value for key, value in request.GET.items() if key not in ("page", "sort", "offered"))
        or request.GET.get("offered", "offered") != "offered"
    )
    context["year_label"] = selectors.current_financial_year_label(now)
    context["can_manage"] = access.can_manage_training(request.user, request.user.partnership_id)
    context["can_read_all"] = access.can_read_all_attendance(
        request.user, request.user.partnership_id
    )
    return render(request, "training/catalogue.html", context)


def course_detail(request, pk):
    course, can_manage = access.get_course(request.user, pk)
    now = timezone.now()
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "page": selectors.course_page(course, now=now, past_page=request.GET.get("page")),
            "can_manage": can_manage,
        },
    )


def course_add(request):
    access.require_training_manager(request.user)
    partnership = request.user.partnership
    form = CourseForm(posted(request), partnership=partnership)
    page = FormPage(
        title="Add a course",
        caption="Training",
        back_url=reverse("training:catalogue"),
        back_label="Back to the course catalogue",
        submit="Save the course",
    )
    if form.is_valid():
        with refusal_on(form):
            course = services.course_create(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
            return saved(request, COURSE_ADDED.format(title=course.title), _course_url(course))
    return form_page(request, form, page)


def course_edit(request, pk):
    course, can_change = access.get_course(request.user, pk)
    policy.require(can_change)
    form = CourseForm(posted(request), instance=course, partnership=course.partnership)
    page = FormPage.change(
        f"the course {course.title}",
        caption=course.get_delivery_display(),
        back_url=_course_url(course),
    )
    if form.is_valid():
        with refusal_on(form):
            course = services.course_update(course=course, user=request.user, **form.cleaned_data)
            return saved(request, COURSE_SAVED.format(title=course.title), _course_url(course))
    return form_page(request, form, page)
