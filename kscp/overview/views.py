from django.db.models import Count, Prefetch
from django.shortcuts import render

from kscp.core import policy
from kscp.core.exports import table_response
from kscp.core.models import Group, Membership
from kscp.overview import dashboard as dashboard_selectors
from kscp.overview import home as home_selectors
from kscp.rounds.selectors import your_rounds
from plans import selectors as plan_selectors
from plans.models import Action, Objective


def home(request):
    return render(
        request,
        "kscp/home.html",
        {
            "plans": plan_selectors.plans_for_user(request.user),
            "your_items": home_selectors.your_items(request.user),
            "your_rounds": your_rounds(request.user),
        },
    )


def your_items_export(request, fmt):
    """A person's home list, every section of it, as CSV or XLSX."""
    rows = list(home_selectors.export_rows(home_selectors.your_items(request.user)))
    return table_response(
        fmt,
        "your-objectives-and-actions",
        home_selectors.YOUR_ITEMS_HEADER,
        rows,
        title="Your objectives",
    )


def dashboard(request):
    content, refused = dashboard_selectors.dashboard_page(
        request, show_inactive_param=SHOW_INACTIVE
    )
    # The layout says "Error:" in the page's title when the year chosen was refused.
    return render(
        request,
        "kscp/dashboard.html",
        {"content": content, "form": {"errors": refused}},
    )


SHOW_INACTIVE = "no_longer_meet"


def group_list(request):
    """The partnership's groups by kind; those that no longer meet only when asked for."""
    groups = list(
        Group.objects.filter(partnership_id=request.user.partnership_id)
        .select_related("chair", "parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("kind", "name")
    )
    show_inactive = request.GET.get(SHOW_INACTIVE) == "1"
    inactive = [g for g in groups if not g.is_active]
    return render(
        request,
        "kscp/group_list.html",
        {
            "groups": [g for g in groups if g.is_active],
            "inactive_groups": inactive if show_inactive else [],
            "inactive_count": len(inactive),
            "show_inactive": show_inactive,
            "show_inactive_param": SHOW_INACTIVE,
        },
    )


def group_detail(request, pk):
    group = policy.get_for_user(
        Group.objects.select_related(
            "chair", "vice_chair", "parent", "chair__agency", "vice_chair__agency"
        ).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person", "person__agency"),
            ),
            "children",
        ),
        request.user,
        pk,
    )
    objectives = (
        Objective.objects.filter(owners__group=group)
        .distinct()
        .select_related("plan")
        .order_by("plan__status", "-plan__starts_on", "sort_key")
    )
    actions = (
        Action.objects.filter(owners__group=group)
        .distinct()
        .select_related("objective", "objective__plan")
        .order_by("-objective__plan__starts_on", "objective__sort_key", "position")
    )
    return render(
        request,
        "kscp/group_detail.html",
        {"group": group, "objectives": objectives, "actions": actions},
    )
