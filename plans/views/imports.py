"""Importing a plan into an empty draft from the Word document, workbook or CSV file the
partnership keeps it in: upload; choose the file's columns when its headers do not name the
plan's; the whole file checked, every problem named by row and column; a preview of the
priorities, objectives and actions it would create; then all of them created, or the file
discarded. The business unit only. The upload page reads the size of a request before its
body (kscp/core/uploads.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from kscp.core import policy
from kscp.core.imports import FILE_TOO_BIG, size_words
from kscp.core.uploads import body_too_big
from plans import access
from plans.imports import preview as previews
from plans.imports import services
from plans.imports.columns import template_workbook
from plans.imports.forms import ColumnsForm, PlanUploadForm
from plans.models import PlanImport

FILE_PROBLEMS = (
    "The file has {count} problems, listed at the top of the page: nothing has been imported. "
    "Correct them and upload the file again"
)
COLUMNS_PROBLEMS = (
    "With these columns the file has {count} problems, listed at the top of the page: "
    "nothing has been imported"
)
PLAN_IMPORTED = (
    "{filename} has been imported: {priorities} priorities, {objectives} objectives and "
    "{actions} actions are in the draft"
)
IMPORT_DISCARDED = "{filename} has been discarded: nothing was imported"
FILE_HINT = (
    "A Word document (.docx) laid out as the plan’s tables, or an Excel workbook (.xlsx) or "
    "CSV file with a header row, of up to {limit}"
)
TEMPLATE_NAME = "business-plan-template.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_SHOWN = 1000


def _contents_url(plan) -> str:
    return reverse("plans:plan_contents", args=[plan.pk])


def _problems_context(problems: list[str], summary: str) -> dict:
    return {
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_not_shown": max(len(problems) - PROBLEMS_SHOWN, 0),
        "file_error": summary.format(count=f"{len(problems):,}")
        if len(problems) > 1
        else (problems[0] if problems else ""),
    }


@csrf_exempt  # the size first, then csrf_protect: see the module's docstring
def plan_import(request, pk):
    plan = access.get_draft_plan(request.user, pk)
    if request.method == "POST" and body_too_big(request, services.max_upload_bytes()):
        form = PlanUploadForm(data={}, files={})
        form.errors.clear()
        form.add_error("file", FILE_TOO_BIG.format(limit=size_words(services.max_upload_bytes())))
        return _upload_page(request, plan, form)
    return _checked_upload(request, plan)


@csrf_protect
def _checked_upload(request, plan):
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.plan_import_upload(
                plan=plan,
                user=request.user,
                upload=form.cleaned_data["file"],
                keep_text=form.cleaned_data["keep_text"],
            )
        except ValidationError as refusal:
            for message in refusal.messages:
                form.add_error("file", message)
        else:
            if batch.status == PlanImport.Status.UPLOADED:
                return redirect("plans:plan_import_columns", pk=batch.pk)
            return redirect("plans:plan_import_preview", pk=batch.pk)
    return _upload_page(request, plan, form)


def _upload_page(request, plan, form):
    problems = list(form.errors.get("file", []))
    context = {
        "plan": plan,
        "form": form,
        "file_hint": FILE_HINT.format(limit=size_words(services.max_upload_bytes())),
        "is_empty": not plan.priorities.exists(),
        **_problems_context(problems, FILE_PROBLEMS),
    }
    return render(request, "plans/imports/upload.html", context)


def plan_import_template(request):
    """The blank workbook of the plan's columns, for the business unit."""
    policy.require(policy.can_manage(request.user, request.user.partnership_id))
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAME}"'
    return response


def plan_import_columns(request, pk):
    batch = access.get_plan_import(request.user, pk)
    if batch.status in (PlanImport.Status.IMPORTED, PlanImport.Status.DISCARDED):
        return redirect("plans:plan_import_preview", pk=batch.pk)
    form = ColumnsForm(
        request.POST or None,
        header=batch.header,
        rows=batch.rows,
        mapping=batch.mapping,
        keep_text=batch.keep_text,
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_import_choose_columns(
                batch=batch,
                user=request.user,
                mapping=form.cleaned_data["mapping"],
                keep_text=form.cleaned_data["keep_text"],
            )
        except ValidationError as refusal:  # FileRefused too: every problem of the file
            problems = refusal.messages
        else:
            return redirect("plans:plan_import_preview", pk=batch.pk)
    context = {
        "batch": batch,
        "plan": batch.plan,
        "form": form,
        "column_fields": [form[f"column_{index}"] for index in range(len(batch.header))],
        **_problems_context(problems, COLUMNS_PROBLEMS),
    }
    return render(request, "plans/imports/columns.html", context)


def plan_import_preview(request, pk):
    batch = access.get_plan_import(request.user, pk)
    if batch.status == PlanImport.Status.UPLOADED:
        return redirect("plans:plan_import_columns", pk=batch.pk)
    preview = previews.plan_import_preview(batch.checked) if batch.checked else None
    return render(
        request,
        "plans/imports/preview.html",
        {"batch": batch, "plan": batch.plan, "preview": preview},
    )


def plan_import_confirm(request, pk):
    batch = access.get_plan_import(request.user, pk)
    if request.method != "POST":
        return redirect("plans:plan_import_preview", pk=batch.pk)
    preview = previews.plan_import_preview(batch.checked) if batch.checked else None
    try:
        plan = services.plan_import_confirm(batch=batch, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("plans:plan_import", pk=batch.plan_id)
    messages.success(
        request,
        PLAN_IMPORTED.format(
            filename=batch.filename,
            priorities=len(preview.priorities),
            objectives=preview.objective_count,
            actions=preview.action_count,
        ),
    )
    return redirect(_contents_url(plan))


def plan_import_discard(request, pk):
    batch = access.get_plan_import(request.user, pk)
    if request.method != "POST":
        return redirect("plans:plan_import_preview", pk=batch.pk)
    try:
        services.plan_import_discard(batch=batch, user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, IMPORT_DISCARDED.format(filename=batch.filename))
    return redirect("plans:plan_import", pk=batch.plan_id)
