"""The case-review lists, two tabs of one page: notifications with their rapid reviews and
statutory clocks, and the reviews that follow. Seen only by those who see case records."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from kscp import policy
from reviews import access, list_selectors

PAGE_SIZE = 25

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


def sort_headers(query, columns, *, default: str, anchor: str) -> list[dict]:
    """Each column's heading, its aria-sort state and the link that sorts by it (toggling
    direction when it is already the sort), keeping the filters."""
    current = query.get("sort") or default
    headers = []
    for label, key, *hidden in columns:
        if key is None:
            headers.append({"label": label, "hidden": bool(hidden and hidden[0])})
            continue
        state, next_sort = "none", key
        if current == key:
            state, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            state = "descending"
        params = query.copy()
        params["sort"] = next_sort
        headers.append(
            {"label": label, "aria_sort": state, "url": f"?{params.urlencode()}#{anchor}"}
        )
    return headers


def list_context(request, filterset, *, columns, default_sort: str, anchor: str) -> dict:
    """What every filtered, sorted and paginated list page shows besides its rows."""
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter": filterset,
        "form": filterset.form,  # the layout prefixes the title with "Error: "
        "page": page,
        "query_without_page": query.urlencode(),
        "headers": sort_headers(query, columns, default=default_sort, anchor=anchor),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
    }


def notification_list(request):
    access.require_cases(request.user)
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
    context["can_record"] = policy.can_manage_cases(request.user, request.user.partnership_id)
    context["today"] = today
    return render(request, "reviews/notification_list.html", context)


def review_list(request):
    access.require_cases(request.user)
    today = timezone.localdate()
    reviews = list_selectors.review_list(user=request.user, data=request.GET, today=today)
    context = list_context(
        request, reviews, columns=REVIEW_COLUMNS, default_sort="-decided", anchor="reviews"
    )
    context["rows"] = list_selectors.with_review_clocks(context["page"].object_list, today)
    context["can_record"] = policy.can_manage_cases(request.user, request.user.partnership_id)
    context["today"] = today
    return render(request, "reviews/list.html", context)
