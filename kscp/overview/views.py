from django.db.models import Count, Prefetch
from django.shortcuts import render

from kscp.core import policy
from kscp.core.exports import table_response
from kscp.core.models import Group, Membership
from kscp.overview import dashboard as dashboard_selectors
from kscp.rounds.selectors import your_rounds
from plans import selectors as plan_selectors
from plans.models import Action, Objective


def home(request):
    return render(
        request,
        "kscp/home.html",
        {
            "plans": plan_selectors.plans_for_user(request.user),
            "your_items": plan_selectors.your_items(request.user),
            "your_rounds": your_rounds(request.user),
        },
    )


YOUR_ITEMS_HEADER = [
    "When",
    "Kind",
    "Plan",
    "Number",
    "What",
    "Due",
    "RAG status",
    "Progress",
    "Evidence",
]


def your_items_export(request, fmt):
    """A lead's home list, every section of it, as CSV or XLSX."""
    rows = []
    for _, heading, items in plan_selectors.your_items(request.user).sections:
        for item in items:
            if isinstance(item, Action):
                kind, plan, number, what = (
                    "Action",
                    item.objective.plan,
                    f"{item.objective.number} {item.label}",
                    item.description,
                )
            else:
                kind, plan, number, what = "Objective", item.plan, item.number, item.action
            rows.append(
                [
                    heading,
                    kind,
                    plan.title,
                    number,
                    what,
                    item.due_display,
                    item.get_rag_display(),
                    item.progress,
                    item.evidence,
                ]
            )
    return table_response(
        fmt, "your-objectives-and-actions", YOUR_ITEMS_HEADER, rows, title="Your objectives"
    )


def dashboard(request):
    context = dashboard_selectors.dashboard(
        request.user, plan_id=request.GET.get("plan"), group_id=request.GET.get("group")
    )
    return render(request, "kscp/dashboard.html", context)


def group_list(request):
    groups = (
        Group.objects.filter(partnership_id=request.user.partnership_id)
        .select_related("chair", "parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("kind", "name")
    )
    return render(request, "kscp/group_list.html", {"groups": groups})


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
        Objective.objects.filter(owner_groups=group)
        .select_related("plan")
        .order_by("plan__status", "-plan__starts_on", "sort_key")
    )
    actions = (
        Action.objects.filter(lead_group=group)
        .select_related("objective", "objective__plan")
        .order_by("-objective__plan__starts_on", "objective__sort_key", "position")
    )
    return render(
        request,
        "kscp/group_detail.html",
        {"group": group, "objectives": objectives, "actions": actions},
    )
