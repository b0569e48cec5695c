"""The report's budget (Appendix 1 of the 2019/20 statement): its contributions by partner
and lines of expenditure, kept by the business unit one line at a time, each change
version-checked; a change after a sign-off withdraws the sign-offs, and says so."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from kscp.assurance import access, generators, services
from kscp.assurance.forms import BudgetLineForm, BudgetLineRemoveForm
from kscp.assurance.views.sections import _say_withdrawn
from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on

LINE_ADDED = "The budget line {label} has been added"
LINE_SAVED = "Your changes to the budget line {label} have been saved"
LINE_REMOVED = "The budget line {label} has been removed"


def _budget_url(report):
    return reverse("assurance:budget", args=[report.pk])


def budget(request, pk):
    report, can_change = access.get_report(request.user, pk)
    return render(
        request,
        "assurance/budget.html",
        {
            "report": report,
            "budget": generators.budget(report),
            "can_change": can_change,
            "max_lines": services.BUDGET_MAX_LINES,
        },
    )


def _page(report, title, submit):
    return FormPage(
        title=title,
        caption=report.title,
        back_url=_budget_url(report),
        back_label="Back to the budget",
        submit=submit,
    )


def budget_line_add(request, pk):
    report, can_change = access.get_report(request.user, pk)
    policy.require(can_change)
    form = BudgetLineForm(posted(request))
    if form.is_valid():
        with refusal_on(form):
            line, withdrawn = services.budget_line_add(
                report=report, user=request.user, **form.cleaned_data
            )
            messages.success(request, LINE_ADDED.format(label=line.label))
            _say_withdrawn(request, withdrawn)
            return redirect(_budget_url(report))
    return form_page(request, form, _page(report, "Add a budget line", "Add the line"))


def budget_line_edit(request, pk):
    line, can_change = access.get_budget_line(request.user, pk)
    policy.require(can_change)
    form = BudgetLineForm(posted(request), instance=line)
    if form.is_valid():
        with refusal_on(form):
            _, withdrawn = services.budget_line_update(
                line=line, user=request.user, **form.cleaned_data
            )
            messages.success(request, LINE_SAVED.format(label=line.label))
            _say_withdrawn(request, withdrawn)
            return redirect(_budget_url(line.report))
    report = line.report
    page = FormPage.change(
        f"the budget line {line.label}", caption=report.title, back_url=_budget_url(report)
    )
    return form_page(request, form, page)


def budget_line_remove(request, pk):
    line, can_change = access.get_budget_line(request.user, pk)
    policy.require(can_change)
    report = line.report
    form = BudgetLineRemoveForm(posted(request), instance=line)
    page = FormPage(
        title=f"Remove the budget line {line.label}",
        caption=report.title,
        back_url=_budget_url(report),
        back_label="Back to the budget",
        submit="Remove the line",
        intro=f"{line.get_kind_display()}: £{line.amount:,}. Removing it changes the report: "
        "any sign-offs are withdrawn.",
    )
    if request.method == "POST" and form.is_valid():
        label = line.label
        with refusal_on(form):
            withdrawn = services.budget_line_remove(
                line=line, user=request.user, version=form.cleaned_data["version"]
            )
            messages.success(request, LINE_REMOVED.format(label=label))
            _say_withdrawn(request, withdrawn)
            return redirect(_budget_url(report))
    return render(request, "assurance/confirm.html", {"report": report, "form": form, "page": page})
