"""The business unit's pages of the contents checklist: the partnership's list of what the
statutory guidance says the yearly report should contain, an item added, changed or removed
as guidance changes, and which items each section of a report covers. Every change is
version-checked; the report's checklist page shows the coverage that follows."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from kscp.assurance import access, services
from kscp.assurance.forms import ChecklistItemForm, ChecklistItemRemoveForm, SectionCoversForm
from kscp.assurance.models import ChecklistItem
from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on

ITEM_ADDED = "The checklist item {text} has been added"
ITEM_SAVED = "Your changes to the checklist item {text} have been saved"
ITEM_REMOVED = "The checklist item {text} has been removed"
COVERS_SAVED = "The checklist items {title} covers have been saved"
CAPTION = "Contents checklist"


def _report_param(request) -> str:
    """The report the business unit came from (`?report=`), kept so the pages lead back
    to its checklist; the list page checks it is one they may see."""
    value = request.GET.get("report", "")
    return value if value.isdigit() else ""


def _with_report(url: str, request) -> str:
    report = _report_param(request)
    return f"{url}?report={report}" if report else url


def _list_url(request) -> str:
    return _with_report(reverse("assurance:checklist_items"), request)


def _require_business_unit(request) -> None:
    policy.require(access.can_add(request.user))


def checklist_items(request):
    _require_business_unit(request)
    items = ChecklistItem.objects.filter(partnership_id=request.user.partnership_id)
    report_pk = _report_param(request)
    report = (
        access.reports_for_user(request.user).filter(pk=report_pk).first() if report_pk else None
    )
    return render(
        request,
        "assurance/checklist_items.html",
        {
            "items": items,
            "report": report,
            "query": f"?report={report.pk}" if report else "",
            "max_items": services.CHECKLIST_MAX_ITEMS,
        },
    )


def _page(request, title, submit, intro=""):
    return FormPage(
        title=title,
        caption=CAPTION,
        back_url=_list_url(request),
        back_label="Back to the contents checklist",
        submit=submit,
        intro=intro,
    )


def checklist_item_add(request):
    _require_business_unit(request)
    form = ChecklistItemForm(posted(request))
    if form.is_valid():
        with refusal_on(form):
            item = services.checklist_item_add(
                partnership=request.user.partnership,
                user=request.user,
                text=form.cleaned_data["text"],
            )
            messages.success(request, ITEM_ADDED.format(text=item.text))
            return redirect(_list_url(request))
    page = _page(
        request,
        "Add a checklist item",
        "Add the item",
        "No section covers a new item: choose the sections that cover it from each report's page.",
    )
    return form_page(request, form, page)


def _get_item(request, pk) -> ChecklistItem:
    item = policy.get_for_user(ChecklistItem.objects.all(), request.user, pk)
    _require_business_unit(request)
    return item


def checklist_item_edit(request, pk):
    item = _get_item(request, pk)
    form = ChecklistItemForm(posted(request), instance=item)
    if form.is_valid():
        with refusal_on(form):
            services.checklist_item_update(
                item=item,
                user=request.user,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
            messages.success(request, ITEM_SAVED.format(text=item.text))
            return redirect(_list_url(request))
    stored = ChecklistItem.objects.filter(pk=item.pk).values_list("text", flat=True).first()
    page = _page(request, "Change the checklist item", "Save changes", stored)
    return form_page(request, form, page)


def checklist_item_remove(request, pk):
    item = _get_item(request, pk)
    text = item.text
    sections = item.sections.count()
    form = ChecklistItemRemoveForm(posted(request), instance=item)
    page = _page(
        request,
        "Remove the checklist item",
        "Remove the item",
        f"{text}. Reports are no longer checked against it"
        + (
            f"; the {sections} section{'s' if sections != 1 else ''} that cover it will "
            "cover it no more."
            if sections
            else "."
        ),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.checklist_item_remove(
                item=item, user=request.user, version=form.cleaned_data["version"]
            )
            messages.success(request, ITEM_REMOVED.format(text=text))
            return redirect(_list_url(request))
    return render(
        request, "assurance/confirm.html", {"form": form, "page": page, "conflict": form.conflict}
    )


def section_covers(request, pk):
    section, _ = access.get_section(request.user, pk)
    report = section.report
    policy.require(access.can_manage(request.user, report))
    form = SectionCoversForm(posted(request), instance=section)
    checklist_url = reverse("assurance:checklist", args=[report.pk])
    if form.is_valid():
        with refusal_on(form):
            services.section_covers_update(
                section=section,
                user=request.user,
                covers=form.cleaned_data["covers"],
                version=form.cleaned_data["version"],
            )
            messages.success(request, COVERS_SAVED.format(title=section.title))
            return redirect(checklist_url)
    page = FormPage(
        title=f"Checklist items {section.title} covers",
        caption=report.title,
        back_url=checklist_url,
        back_label="Back to the contents checklist",
        submit="Save changes",
        intro="The report's checklist counts the words of the narrative sections mapped to "
        "an item; a generated section covers its items by itself.",
    )
    return form_page(request, form, page)
