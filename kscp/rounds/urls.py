from django.urls import path, re_path

from kscp.rounds import views

app_name = "rounds"

urlpatterns = [
    path("rounds/", views.round_list, name="list"),
    path("rounds/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/change/", views.round_edit, name="round_edit"),
    re_path(
        r"^rounds/(?P<pk>[0-9]+)/not-updated\.(?P<fmt>csv|xlsx)$",
        views.round_outstanding_export,
        name="round_outstanding_export",
    ),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
]
