from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from kscp import policy
from kscp.exports import table_response
from plans import reports, selectors
from plans.models import Plan

PAGE_SIZE = 25
# Table columns: heading and the sort key of the objective filter's "sort" parameter.
COLUMNS = [
    ("No.", "number"),
    ("Objective", None),
    ("Due", "due"),
    ("Who responsible", None),
    ("Status", "rag"),
]


def column_headers(query):
    """Each column's heading, its aria-sort state and the link that sorts by it (toggling
    direction when it is already the sort), keeping the filters."""
    current = query.get("sort") or "number"
    headers = []
    for label, key in COLUMNS:
        if key is None:
            headers.append({"label": label})
            continue
        state = "none"
        next_sort = key
        if current == key:
            state, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            state = "descending"
        params = query.copy()
        params["sort"] = next_sort
        headers.append(
            {"label": label, "aria_sort": state, "url": f"?{params.urlencode()}#objectives"}
        )
    return headers


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
            "form": objectives.form,  # the layout prefixes the title with "Error: "
            "page": page,
            "query_without_page": query.urlencode(),
            "headers": column_headers(query),
            "can_download": policy.can_download_reports(request.user, plan.partnership_id),
            "today": timezone.localdate(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )


def plan_export(request, pk, fmt):
    """The objectives the plan page's filters select, every page of them, as CSV or XLSX."""
    plan = policy.get_for_user(Plan.objects.select_related("partnership"), request.user, pk)
    objectives = selectors.objective_list(plan=plan, data=request.GET)
    filename = slugify(f"{plan.partnership.short_name} {plan.title} objectives")
    return table_response(
        fmt,
        filename,
        selectors.OBJECTIVE_EXPORT_HEADER,
        selectors.objective_export_rows(objectives.qs),
        title="Objectives",
    )


class AsAtForm(forms.Form):
    as_at = forms.DateField(label="As at", required=False)


def _report_for(request, pk):
    plan = policy.get_for_user(Plan.objects.select_related("partnership"), request.user, pk)
    policy.require(policy.can_download_reports(request.user, plan.partnership_id))
    form = AsAtForm(request.GET)
    today = timezone.localdate()
    as_at = (form.cleaned_data.get("as_at") if form.is_valid() else None) or today
    return reports.plan_report(plan, min(as_at, today))


def plan_print(request, pk):
    """The print preview: the same HTML the PDF is printed from."""
    report = _report_for(request, pk)
    return HttpResponse(reports.render_plan_html(report, request=request))


def plan_pdf(request, pk):
    report = _report_for(request, pk)
    response = HttpResponse(reports.render_plan_pdf(report), content_type="application/pdf")
    filename = slugify(f"{report.plan.title} as at {report.as_at:%Y-%m-%d}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
