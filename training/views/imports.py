"""Importing a booking system's export of a session's attendees, and an e-learning
platform's completions: upload, check the whole file, preview the rows as they will be
saved, then import all of them or discard the file. The business unit and the learning and
development sub-group only.

The upload pages check the size of a request before its body is read, so a huge file is
refused without being received: they are exempt from the CSRF middleware, which would read
the body first, and check the CSRF token themselves once the size is known."""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from kscp.core import policy
from kscp.core.uploads import body_too_big
from training import access, imports, selectors, services
from training.forms.imports import ElearningUploadForm, UploadForm
from training.models import ImportBatch

FILE_PROBLEMS = (
    "The file has {count} problems, listed at the top of the page: nothing has been imported. "
    "Correct them and upload the file again"
)
ATTENDANCE_IMPORTED = (
    "{count} imported from {filename}: {added} added to the register, {updated} updated"
)
ELEARNING_IMPORTED = "{count} imported from {filename}: {total:,} completions in all"
BATCH_DISCARDED = "{filename} has been discarded: nothing was imported"
IMPORT_FAILED = (
    "Nothing was imported from {filename}: the records could not be saved just now. "
    "The file is still checked and waiting: try importing it again in a few minutes"
)
FILE_HINT = "A CSV file or an Excel workbook (.xlsx) of up to {limit}, with a header row"
ROWS_PER_PAGE = 100
PROBLEMS_SHOWN = 1000
RECENT_SHOWN = 10

logger = logging.getLogger(__name__)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _refused(form_class, message: str) -> forms.Form:
    """An empty form showing why the file was refused unread."""
    form = form_class(data={}, files={})
    form.errors.clear()
    form.add_error("file", message)
    return form


def _upload_page(request, *, form_class, check, page: dict):
    if request.method == "POST" and body_too_big(request, imports.max_upload_bytes()):
        limit = imports.size_words(imports.max_upload_bytes())
        form = _refused(form_class, imports.FILE_TOO_BIG.format(limit=limit))
        return _render_upload(request, form, page)
    return _checked_upload(request, form_class=form_class, check=check, page=page)


@csrf_protect
def _checked_upload(request, *, form_class, check, page: dict):
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if request.method == "POST" and form.is_valid():
        try:
            batch = check(form.cleaned_data)
        except ValidationError as refusal:
            for message in refusal.messages:
                form.add_error("file", message)
        else:
            return redirect("training:import_preview", pk=batch.pk)
    return _render_upload(request, form, page)


def _render_upload(request, form, page: dict):
    problems = list(form.errors.get("file", []))
    context = {
        "form": form,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_not_shown": max(len(problems) - PROBLEMS_SHOWN, 0),
        "file_error": (
            FILE_PROBLEMS.format(count=f"{len(problems):,}")
            if len(problems) > 1
            else (problems[0] if problems else "")
        ),
        "file_hint": FILE_HINT.format(limit=imports.size_words(imports.max_upload_bytes())),
        **page,
    }
    return render(request, "training/import_form.html", context)


@csrf_exempt  # the size first, then csrf_protect: see the module's docstring
def import_attendance(request, pk):
    session, can_change = access.get_session(request.user, pk)
    policy.require(can_change)
    return _upload_page(
        request,
        form_class=UploadForm,
        check=lambda data: services.attendance_import_check(
            session=session, user=request.user, upload=data["file"]
        ),
        page={
            "title": "Import attendees from a booking system",
            "caption": str(session),
            "intro": "The file needs the columns name, e-mail, job title, agency and status "
            "(booked, attended, did not attend or DNA, cancelled). Other columns are ignored.",
            "back_url": reverse("training:session", args=[session.pk]),
            "back_label": "Back to the session",
            "session": session,
        },
    )


@csrf_exempt  # the size first, then csrf_protect: see the module's docstring
def import_elearning(request):
    access.require_training_manager(request.user)
    return _upload_page(
        request,
        form_class=ElearningUploadForm,
        check=lambda data: services.elearning_import_check(
            partnership=request.user.partnership,
            user=request.user,
            upload=data["file"],
            platform=data["platform"],
        ),
        page={
            "title": "Import e-learning completions",
            "caption": "E-learning",
            "intro": "The file needs the columns course, period start, period end (dates such "
            "as 31/07/2019) and count: one row for each course and period, as the e-learning "
            "platform exports them.",
            "back_url": reverse("training:catalogue"),
            "back_label": "Back to the courses",
            "recent": ImportBatch.objects.filter(
                partnership_id=request.user.partnership_id, kind=ImportBatch.Kind.ELEARNING
            ).select_related("uploaded_by")[:RECENT_SHOWN],
        },
    )


def _upload_url(batch: ImportBatch) -> str:
    if batch.kind == ImportBatch.Kind.ATTENDANCE:
        return reverse("training:import_attendance", args=[batch.session_id])
    return reverse("training:import_elearning")


def import_preview(request, pk):
    batch, can_import = access.get_import_batch(request.user, pk)
    policy.require(can_import)
    if batch.kind == ImportBatch.Kind.ATTENDANCE:
        preview = selectors.import_preview_attendance(batch)
        template = "training/import_attendance_preview.html"
    else:
        preview = selectors.import_preview_elearning(batch)
        template = "training/import_elearning_preview.html"
    page = Paginator(preview.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {"batch": batch, "preview": preview, "page": page, "upload_url": _upload_url(batch)},
    )


def import_confirm(request, pk):
    batch, can_import = access.get_import_batch(request.user, pk)
    policy.require(can_import)
    if request.method != "POST":
        return redirect("training:import_preview", pk=batch.pk)
    try:
        if batch.kind == ImportBatch.Kind.ATTENDANCE:
            added, updated = services.attendance_import_confirm(batch=batch, user=request.user)
            count = _plural(added + updated, "attendee", "attendees")
            message = ATTENDANCE_IMPORTED.format(
                count=count, filename=batch.filename, added=added, updated=updated
            )
            next_url = reverse("training:session", args=[batch.session_id])
        else:
            figures = len(batch.rows)
            total = services.elearning_import_confirm(batch=batch, user=request.user)
            count = _plural(figures, "completion figure", "completion figures")
            message = ELEARNING_IMPORTED.format(count=count, filename=batch.filename, total=total)
            next_url = reverse("training:import_elearning")
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(_upload_url(batch))
    except DatabaseError:
        # Rolled back whole: the batch is still waiting at its preview, to be tried again.
        logger.exception("Importing batch %s failed", batch.pk)
        messages.error(request, IMPORT_FAILED.format(filename=batch.filename))
        return redirect("training:import_preview", pk=batch.pk)
    messages.success(request, message)
    return redirect(next_url)


def import_discard(request, pk):
    batch, can_import = access.get_import_batch(request.user, pk)
    policy.require(can_import)
    if request.method != "POST":
        return redirect("training:import_preview", pk=batch.pk)
    try:
        services.import_batch_discard(batch=batch, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, BATCH_DISCARDED.format(filename=batch.filename))
    return redirect(_upload_url(batch))
