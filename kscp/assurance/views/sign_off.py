"""The report's way to publication: sent to the lead safeguarding partners, signed off by
each with a comment, evaluated by the independent scrutineer, published (and frozen) by the
business unit once all have signed, and sent to the national Panel and the DfE. Comments on
drafts by the partners, executive members and the business unit."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kscp.assurance import access, services
from kscp.assurance.forms import (
    CommentForm,
    EvaluationForm,
    PublishForm,
    SendingForm,
    SignOffForm,
)
from kscp.core import policy
from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved

SENT_FOR_SIGN_OFF = "The report has been sent to the lead safeguarding partners for sign-off"
SIGNED_OFF = "You have signed the report off for {partner}"
ALL_SIGNED = "Every lead safeguarding partner has signed the report off: it can be published"
EVALUATION_SAVED = "Your evaluation has been saved"
PUBLISHED = "The report has been published; its figures and PDF are now kept as they are"
SENDING_SAVED = "The dates the report was sent have been saved"
COMMENT_ADDED = "Your comment has been added"


def _report_url(report, anchor=""):
    url = reverse("assurance:report", args=[report.pk])
    return f"{url}#{anchor}" if anchor else url


def _page(report, *, title, submit, intro=""):
    return FormPage(
        title=title,
        caption=report.title,
        back_url=_report_url(report),
        back_label=f"Back to {report.title}",
        submit=submit,
        intro=intro,
    )


def _confirm(request, report, form, page):
    """A page whose only question is the button: errors of the service show on it."""
    return render(request, "assurance/confirm.html", {"report": report, "form": form, "page": page})


def send_for_sign_off(request, pk):
    report, can_change = access.get_report(request.user, pk)
    policy.require(can_change)
    form = PublishForm(posted(request), instance=report)
    form.fields.pop("published_on")
    page = _page(
        report,
        title="Send the report for sign-off",
        submit="Send for sign-off",
        intro="Each lead safeguarding partner will be asked to sign the report off. A change "
        "to a section after a partner has signed withdraws the sign-offs.",
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on(form):
            services.report_send_for_sign_off(report=report, user=request.user)
            return saved(request, SENT_FOR_SIGN_OFF, _report_url(report, "sign-off"))
    return _confirm(request, report, form, page)


def sign_off(request, pk):
    report, _ = access.get_report(request.user, pk)
    partners = access.partners_to_sign(request.user, report)
    policy.require(bool(partners))
    form = SignOffForm(posted(request))
    page = _page(
        report,
        title="Sign the report off",
        submit="Sign off",
        intro=f"You sign for {', '.join(p.get_kind_display() for p in partners)}: read the "
        "whole report first.",
    )
    if form.is_valid():
        with refusal_on(form):
            for partner in partners:
                services.report_sign_off(
                    report=report,
                    user=request.user,
                    partner=partner,
                    comment=form.cleaned_data["comment"],
                )
            messages.success(
                request,
                SIGNED_OFF.format(partner=", ".join(p.get_kind_display() for p in partners)),
            )
            report.refresh_from_db()
            if report.status == report.Status.SIGNED_OFF:
                messages.info(request, ALL_SIGNED)
            return redirect(_report_url(report, "sign-off"))
    return form_page(request, form, page)


def evaluation(request, pk):
    report, _ = access.get_report(request.user, pk)
    policy.require(access.can_evaluate(request.user, report))
    form = EvaluationForm(posted(request), instance=report)
    page = _page(report, title="The independent scrutineer's evaluation", submit="Save evaluation")
    if form.is_valid():
        with refusal_on(form):
            services.report_record_evaluation(
                report=report,
                user=request.user,
                text=form.cleaned_data["scrutiny_evaluation"],
                version=form.cleaned_data["version"],
            )
            return saved(request, EVALUATION_SAVED, _report_url(report, "sign-off"))
    return form_page(request, form, page)


def publish(request, pk):
    report, can_change = access.get_report(request.user, pk)
    policy.require(can_change)
    form = PublishForm(
        posted(request), instance=report, initial={"published_on": timezone.localdate()}
    )
    page = _page(
        report,
        title="Publish the report",
        submit="Publish",
        intro="Publishing keeps the report as it is now: its generated figures and its PDF "
        "are stored, and later changes to plans, reviews or training do not change it.",
    )
    if form.is_valid():
        with refusal_on(form):
            services.report_publish(
                report=report,
                user=request.user,
                published_on=form.cleaned_data["published_on"],
                version=form.cleaned_data["version"],
            )
            return saved(request, PUBLISHED, _report_url(report))
    return form_page(request, form, page)


def sending(request, pk):
    report, _ = access.get_report(request.user, pk)
    policy.require(policy.can_manage(request.user, report.partnership_id) and report.is_published)
    form = SendingForm(
        posted(request),
        instance=report,
        initial={
            "sent_to_panel_on": report.sent_to_panel_on,
            "sent_to_dfe_on": report.sent_to_dfe_on,
        },
    )
    page = _page(report, title="Record sending the report", submit="Save dates")
    if form.is_valid():
        with refusal_on(form):
            services.report_record_sending(report=report, user=request.user, **form.cleaned_data)
            return saved(request, SENDING_SAVED, _report_url(report))
    return form_page(request, form, page)


def comment_add(request, pk):
    report, _ = access.get_report(request.user, pk)
    policy.require(access.can_comment(request.user, report))
    form = CommentForm(posted(request))
    page = _page(report, title="Comment on the report", submit="Add comment")
    if form.is_valid():
        with refusal_on(form):
            services.comment_add(report=report, user=request.user, text=form.cleaned_data["text"])
            return saved(request, COMMENT_ADDED, _report_url(report, "comments"))
    return form_page(request, form, page)
