"""Writing the report's sections: a narrative section's words with a preview, a new
section, and the order. A change after a sign-off withdraws the sign-offs, and says so."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kscp.assurance import access, rendering, services
from kscp.assurance.forms import SectionForm
from kscp.core import policy
from kscp.core.formpages import FormPage, posted, refusal_on

SECTION_SAVED = "Your changes to {title} have been saved"
SECTION_ADDED = "The section {title} has been added"
SECTION_MOVED = "{title} has been moved"
SIGN_OFFS_WITHDRAWN = (
    "The report has changed since it was signed off, so {count} sign-off{s} "
    "{have} been withdrawn: the partners need to sign it off again"
)


def _report_url(report, anchor="sections"):
    return reverse("assurance:report", args=[report.pk]) + f"#{anchor}"


def _say_withdrawn(request, withdrawn: int) -> None:
    if withdrawn:
        messages.warning(
            request,
            SIGN_OFFS_WITHDRAWN.format(
                count=withdrawn,
                s="" if withdrawn == 1 else "s",
                have="has" if withdrawn == 1 else "have",
            ),
        )


def _section_page(request, form, page, preview):
    return render(
        request,
        "assurance/section_form.html",
        {"form": form, "page": page, "preview": preview, "conflict": form.conflict},
    )


def section_edit(request, pk):
    section, can_change = access.get_section(request.user, pk)
    policy.require(can_change)
    report = section.report
    form = SectionForm(posted(request), instance=section)
    preview = None
    if form.is_valid():
        if "preview" in request.POST:
            preview = rendering.markdown_html(form.cleaned_data["body"])
        else:
            with refusal_on(form):
                _, withdrawn = services.section_update(
                    section=section, user=request.user, **form.cleaned_data
                )
                messages.success(request, SECTION_SAVED.format(title=section.title))
                _say_withdrawn(request, withdrawn)
                return redirect(_report_url(report, section.anchor))
    page = FormPage.change(
        f"the section {section.title}", caption=report.title, back_url=_report_url(report)
    )
    return _section_page(request, form, page, preview)


def section_add(request, pk):
    report, can_change = access.get_report(request.user, pk)
    policy.require(can_change)
    form = SectionForm(posted(request))
    preview = None
    if form.is_valid():
        if "preview" in request.POST:
            preview = rendering.markdown_html(form.cleaned_data["body"])
        else:
            with refusal_on(form):
                section = services.section_add(
                    report=report,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, SECTION_ADDED.format(title=section.title))
                return redirect(_report_url(report, section.anchor))
    page = FormPage(
        title="Add a section",
        caption=report.title,
        back_url=_report_url(report),
        back_label=f"Back to {report.title}",
        submit="Add the section",
    )
    return _section_page(request, form, page, preview)


@require_POST
def section_move(request, pk):
    section, _ = access.get_section(request.user, pk)
    policy.require(access.can_manage(request.user, section.report))
    _, withdrawn = services.section_move(
        section=section, user=request.user, up=request.POST.get("direction") == "up"
    )
    messages.success(request, SECTION_MOVED.format(title=section.title))
    _say_withdrawn(request, withdrawn)
    return redirect(_report_url(section.report, section.anchor))
