"""The case-review lists, two tabs of one page: notifications with their rapid reviews and
statutory clocks, and the reviews that follow. Seen only by those who see case records."""

from django.shortcuts import render
from django.utils import timezone

from kscp.core.lists import list_context
from reviews import access, list_selectors

# Table columns: heading and the sort key of the filter's "sort" parameter (None: not
# sortable); a third item True makes the heading visible to screen readers only.
NOTIFICATION_COLUMNS = [
    ("Reference", "reference"),
    ("Nature", None),
    ("Referral reason", None),
    ("Local authority aware", "aware"),
    ("Notify the Panel", "panel"),
    ("Rapid review", "rapid_review"),
    ("Decision", None),
]
REVIEW_COLUMNS = [
    ("Title", "title"),
    ("Kind", "kind"),
    ("Stage", "stage"),
    ("Decision date", "decided"),
    ("Publication", "publication"),
    ("Recommendations", "recommendations"),
    ("Open actions", "open_actions"),
]


def notification_list(request):
    can_record = access.require_cases(request.user)
    today = timezone.localdate()
    notifications = list_selectors.notification_list(
        user=request.user, data=request.GET, today=today
    )
    context = list_context(
        request,
        notifications,
        columns=NOTIFICATION_COLUMNS,
        default_sort="-aware",
        anchor="notifications",
    )
    context["rows"] = list_selectors.with_notification_clocks(context["page"].object_list, today)
    context["can_record"] = can_record
    context["today"] = today
    return render(request, "reviews/notification_list.html", context)


def review_list(request):
    can_record = access.require_cases(request.user)
    today = timezone.localdate()
    reviews = list_selectors.review_list(user=request.user, data=request.GET, today=today)
    context = list_context(
        request, reviews, columns=REVIEW_COLUMNS, default_sort="-decided", anchor="reviews"
    )
    context["rows"] = list_selectors.with_review_clocks(context["page"].object_list, today)
    context["can_record"] = can_record
    context["today"] = today
    return render(request, "reviews/list.html", context)
