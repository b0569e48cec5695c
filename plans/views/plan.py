from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from kscp.core import policy
from kscp.core.exports import table_response
from kscp.core.lists import list_context
from kscp.core.pdf import pdf_response
from plans import access, reports, selectors

# Table columns: heading and the sort key of the objective filter's "sort" parameter.
COLUMNS = [
    ("No.", "number"),
    ("Objective", None),
    ("Due", "due"),
    ("Who responsible", None),
    ("Status", "rag"),
]


def plan_detail(request, pk):
    plan, _ = access.get_plan(request.user, pk)
    objectives = selectors.objective_list(plan=plan, data=request.GET)
    counts = selectors.rag_counts_by_priority(plan)
    priorities = list(plan.priorities.all())
    for priority in priorities:
        priority.rag_counts = [
            (value, label, counts.get(priority.pk, {}).get(value, 0))
            for value, label, _ in plan.progress_key
        ]
    context = list_context(
        request, objectives, columns=COLUMNS, default_sort="number", anchor="objectives"
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            **context,
            "plan": plan,
            "priorities": priorities,
            "can_download": access.can_download_reports(request.user, plan.partnership_id),
            "today": timezone.localdate(),
        },
    )


def plan_export(request, pk, fmt):
    """The objectives the plan page's filters select, every page of them, as CSV or XLSX."""
    plan, _ = access.get_plan(request.user, pk)
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
    plan, _ = access.get_plan(request.user, pk)
    policy.require(access.can_download_reports(request.user, plan.partnership_id))
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
    name = f"{report.plan.title} as at {report.as_at:%Y-%m-%d}"
    return pdf_response(reports.render_plan_pdf(report), name)
