from django.core.paginator import Paginator
from django.shortcuts import render

from kscp import policy
from plans import selectors
from plans.models import Plan

PAGE_SIZE = 25


def plan_detail(request, pk):
    plan = policy.get_for_user(Plan.objects.select_related("partnership"), request.user, pk)
    objectives = selectors.objective_list(plan=plan, data=request.GET)
    paginator = Paginator(objectives.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    counts = selectors.rag_counts_by_priority(plan)
    priorities = list(plan.priorities.all())
    for priority in priorities:
        priority.rag_counts = [
            (value, label, counts.get(priority.pk, {}).get(value, 0))
            for value, label, _ in plan.progress_key
        ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "priorities": priorities,
            "filter": objectives,
            "page": page,
            "paginated_query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )
