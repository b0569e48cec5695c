from django.urls import path, re_path

from plans.views import objective, plan

app_name = "plans"

urlpatterns = [
    path("plans/<int:pk>/", plan.plan_detail, name="plan"),
    re_path(
        r"^plans/(?P<pk>[0-9]+)/objectives\.(?P<fmt>csv|xlsx)$",
        plan.plan_export,
        name="plan_export",
    ),
    path("plans/<int:pk>/print/", plan.plan_print, name="plan_print"),
    path("plans/<int:pk>/pdf/", plan.plan_pdf, name="plan_pdf"),
    path("objectives/<int:pk>/", objective.objective_detail, name="objective"),
    path("objectives/<int:pk>/update/", objective.objective_update, name="objective_update"),
    path("actions/<int:pk>/update/", objective.action_update, name="action_update"),
]
