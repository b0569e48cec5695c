"""The yearly reports of the partnership: the list, starting one, the report's own page
(its sections, checklist, clocks and sign-offs), the whole report as a page and as a PDF,
and the contents checklist."""

from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify

from kscp.assurance import access, rendering, selectors, services, word
from kscp.assurance.forms import PERIOD_TAKEN, CommentForm, ReportForm
from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from kscp.core.pdf import pdf_response

REPORT_STARTED = "The report {title} has been started"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_list(request):
    reports = access.reports_for_user(request.user).order_by("-period_start")
    return render(
        request,
        "assurance/report_list.html",
        {"reports": reports, "can_add": access.can_add(request.user)},
    )


def report_add(request):
    policy.require(access.can_add(request.user))
    partnership = request.user.partnership
    form = ReportForm(posted(request), initial=ReportForm.initial_for())
    if form.is_valid():
        with refusal_on(form):
            try:
                report = services.report_create(
                    partnership=partnership, user=request.user, **form.cleaned_data
                )
            except IntegrityError:
                form.add_error("period_start", PERIOD_TAKEN)
            else:
                url = reverse("assurance:report", args=[report.pk])
                return saved(request, REPORT_STARTED.format(title=report.title), url)
    page = FormPage(
        title="Start a yearly report",
        caption="Yearly reports",
        back_url=reverse("assurance:list"),
        back_label="Back to the yearly reports",
        submit="Start the report",
        intro="The report starts from the sections of last year's report, its narrative "
        "copied as a first draft, or else from the sections of the 2019/20 statement.",
    )
    return form_page(request, form, page)


def report_detail(request, pk):
    report, can_change = access.get_report(request.user, pk)
    user = request.user
    context = {
        "report": report,
        "can_change": can_change,
        "sections": list(report.sections.prefetch_related("images")),
        "checklist": selectors.checklist(report),
        "clocks": selectors.clocks(report),
        "partners": selectors.partner_rows(report),
        "comments": report.comments.select_related("author"),
        "can_comment": access.can_comment(user, report),
        "comment_form": CommentForm(),
        "can_sign": bool(access.partners_to_sign(user, report)),
        "can_evaluate": access.can_evaluate(user, report),
        "can_change_scrutiny": any(
            access.can_change_section(user, s) for s in report.sections.all()
        ),
    }
    return render(request, "assurance/report_detail.html", context)


def report_print(request, pk):
    report, _ = access.get_report(request.user, pk)
    return render(
        request,
        "assurance/report_print.html",
        {
            "report": report,
            "sections": rendering.rendered_sections(report),
            "sign_offs": selectors.standing_sign_offs(report),
        },
    )


def report_pdf(request, pk):
    """The published report's stored PDF; a draft's, printed now."""
    report, _ = access.get_report(request.user, pk)
    if report.is_published and report.pdf:
        with report.pdf.open("rb") as file:
            return pdf_response(file.read(), report.title)
    return pdf_response(rendering.report_pdf(report), report.title)


def report_docx(request, pk):
    """The report as a Word document, for the communications team to lay out."""
    report, _ = access.get_report(request.user, pk)
    response = HttpResponse(word.report_docx(report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(report.title)}.docx"'
    return response


def report_checklist(request, pk):
    report, can_change = access.get_report(request.user, pk)
    return render(
        request,
        "assurance/checklist.html",
        {
            "report": report,
            "rows": selectors.checklist(report),
            "thin_below": selectors.THIN_BELOW_WORDS,
            "can_change": can_change,
            "can_change_list": access.can_add(request.user),
        },
    )
