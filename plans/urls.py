from django.urls import path, re_path

from plans.views import contents, imports, objective, plan, writing

app_name = "plans"

urlpatterns = [
    path("plans/new/", writing.plan_add, name="plan_add"),
    path("plans/<int:pk>/", plan.plan_detail, name="plan"),
    re_path(
        r"^plans/(?P<pk>[0-9]+)/objectives\.(?P<fmt>csv|xlsx)$",
        plan.plan_export,
        name="plan_export",
    ),
    path("plans/<int:pk>/print/", plan.plan_print, name="plan_print"),
    path("plans/<int:pk>/pdf/", plan.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/change/", writing.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/contents/", writing.plan_contents, name="plan_contents"),
    path("plans/<int:pk>/publish/", writing.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/close/", writing.plan_close, name="plan_close"),
    path("plans/<int:pk>/versions/new/", writing.plan_new_version, name="plan_new_version"),
    path("plans/<int:pk>/next/", writing.plan_roll_forward, name="plan_roll_forward"),
    # Importing a plan into an empty draft from a Word document, a workbook or a CSV file.
    path("plans/<int:pk>/import/", imports.plan_import, name="plan_import"),
    path("plans/import-template.xlsx", imports.plan_import_template, name="plan_import_template"),
    path("plan-imports/<int:pk>/", imports.plan_import_preview, name="plan_import_preview"),
    path("plan-imports/<int:pk>/columns/", imports.plan_import_columns, name="plan_import_columns"),
    path("plan-imports/<int:pk>/import/", imports.plan_import_confirm, name="plan_import_confirm"),
    path("plan-imports/<int:pk>/discard/", imports.plan_import_discard, name="plan_import_discard"),
    path("plans/<int:pk>/priorities/new/", contents.priority_add, name="priority_add"),
    path("priorities/<int:pk>/change/", contents.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/remove/", contents.priority_remove, name="priority_remove"),
    path("priorities/<int:pk>/move/", contents.priority_move, name="priority_move"),
    path("priorities/<int:pk>/objectives/new/", contents.objective_add, name="objective_add"),
    path("objectives/<int:pk>/", objective.objective_detail, name="objective"),
    path("objectives/<int:pk>/update/", objective.objective_update, name="objective_update"),
    path("objectives/<int:pk>/change/", contents.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/remove/", contents.objective_remove, name="objective_remove"),
    path("objectives/<int:pk>/move/", contents.objective_move, name="objective_move"),
    path("objectives/<int:pk>/actions/new/", contents.action_add, name="action_add"),
    path("actions/<int:pk>/update/", objective.action_update, name="action_update"),
    path("actions/<int:pk>/change/", contents.action_edit, name="action_edit"),
    path("actions/<int:pk>/remove/", contents.action_remove, name="action_remove"),
    path("actions/<int:pk>/move/", contents.action_move, name="action_move"),
]
