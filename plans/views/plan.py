import datetime

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from kscp.core import policy
from kscp.core.exports import table_response
from kscp.core.formpages import FormPage
from kscp.core.forms import DATE_NOT_REAL, GovukDateField, NamedErrorsForm
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


AS_AT_NAMED = "The date the plan stood on"
AS_AT_NOT_REAL = DATE_NOT_REAL.format(label=AS_AT_NAMED)
AS_AT_IN_THE_FUTURE = "The date the plan stood on must be today or in the past"


class AsAtForm(NamedErrorsForm):
    """The day the plan's reports show it as it stood: today or earlier, today if left empty.
    A GOV.UK date input: `as_at_day`, `as_at_month` and `as_at_year`."""

    as_at = GovukDateField(
        label="Download the plan as it stood on",
        error_label=AS_AT_NAMED,
        help_text=(
            "For example, 31 3 2026. RAG status and progress are read from the history of "
            "that day. Leave today's date for the plan as it is now."
        ),
        required=False,
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"] or self.today
        if as_at > self.today:
            raise forms.ValidationError(AS_AT_IN_THE_FUTURE, code="future")
        return as_at


def plan_detail(request, pk):
    plan, may_change = access.get_plan(request.user, pk)
    today = timezone.localdate()
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
            "can_write": access.can_write_plan(request.user, plan),
            "can_close": may_change and plan.is_live,
            "can_change": may_change,
            "next_plans": list(plan.next_plans.order_by("starts_on")),
            "versions": list(plan.versions.select_related("published_by")),
            "date_form": AsAtForm(initial={"as_at": today}, today=today),
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


def _date_form(request, pk):
    """The plan, for a user who may download its reports, and the date they asked for."""
    plan, _ = access.get_plan(request.user, pk)
    policy.require(access.can_download_reports(request.user, plan.partnership_id))
    return plan, AsAtForm(request.GET, today=timezone.localdate())


def _date_refused(request, plan, form):
    """The date form again, saying what is wrong, on a form page of its own (the plan page's
    links are relative to its address) that leads back to the plan."""
    page = FormPage(
        title="Download the plan as it stood on a day",
        caption=plan.title,
        back_url=reverse("plans:plan", args=[plan.pk]),
        back_label="Back to the plan",
        submit="Download PDF",
    )
    context = {"plan": plan, "form": form, "page": page}
    return render(request, "plans/plan_as_at.html", context, status=400)


def plan_print(request, pk):
    """The print preview: the same HTML the PDF is printed from."""
    plan, form = _date_form(request, pk)
    if not form.is_valid():
        return _date_refused(request, plan, form)
    report = reports.plan_report(plan, form.cleaned_data["as_at"])
    return HttpResponse(reports.render_plan_html(report, request=request))


def plan_pdf(request, pk):
    plan, form = _date_form(request, pk)
    if not form.is_valid():
        return _date_refused(request, plan, form)
    report = reports.plan_report(plan, form.cleaned_data["as_at"])
    name = f"{plan.title} as at {report.as_at:%Y-%m-%d}"
    return pdf_response(reports.render_plan_pdf(report), name)
