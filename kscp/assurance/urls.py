from django.urls import path

from kscp.assurance.views import budget, checklist, images, reports, sections, sign_off

app_name = "assurance"

urlpatterns = [
    path("reports/", reports.report_list, name="list"),
    path("reports/add/", reports.report_add, name="report_add"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/print/", reports.report_print, name="report_print"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/report.docx", reports.report_docx, name="report_docx"),
    path("reports/<int:pk>/checklist/", reports.report_checklist, name="checklist"),
    path("reports/checklist/", checklist.checklist_items, name="checklist_items"),
    path("reports/checklist/add/", checklist.checklist_item_add, name="checklist_item_add"),
    path(
        "reports/checklist/<int:pk>/edit/",
        checklist.checklist_item_edit,
        name="checklist_item_edit",
    ),
    path(
        "reports/checklist/<int:pk>/remove/",
        checklist.checklist_item_remove,
        name="checklist_item_remove",
    ),
    path("reports/sections/<int:pk>/checklist/", checklist.section_covers, name="section_covers"),
    path("reports/<int:pk>/sections/add/", sections.section_add, name="section_add"),
    path("reports/sections/<int:pk>/edit/", sections.section_edit, name="section_edit"),
    path("reports/sections/<int:pk>/move/", sections.section_move, name="section_move"),
    path(
        "reports/sections/<int:pk>/images/add/", images.section_image_add, name="section_image_add"
    ),
    path("reports/images/<int:pk>/", images.section_image, name="section_image"),
    path(
        "reports/images/<int:pk>/remove/", images.section_image_remove, name="section_image_remove"
    ),
    path("reports/<int:pk>/budget/", budget.budget, name="budget"),
    path("reports/<int:pk>/budget/add/", budget.budget_line_add, name="budget_line_add"),
    path("reports/budget/<int:pk>/edit/", budget.budget_line_edit, name="budget_line_edit"),
    path("reports/budget/<int:pk>/remove/", budget.budget_line_remove, name="budget_line_remove"),
    path("reports/<int:pk>/send/", sign_off.send_for_sign_off, name="send"),
    path("reports/<int:pk>/sign-off/", sign_off.sign_off, name="sign_off"),
    path("reports/<int:pk>/evaluation/", sign_off.evaluation, name="evaluation"),
    path("reports/<int:pk>/publish/", sign_off.publish, name="publish"),
    path("reports/<int:pk>/sent/", sign_off.sending, name="sending"),
    path("reports/<int:pk>/comments/add/", sign_off.comment_add, name="comment_add"),
]
