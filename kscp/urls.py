from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from kscp.core.signin import SignInForm
from kscp.overview import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(form_class=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    re_path(r"^your-items\.(?P<fmt>csv|xlsx)$", views.your_items_export, name="your_items_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("", include("plans.urls")),
    path("", include("reviews.urls")),
    path("", include("training.urls")),
    path("", include("kscp.assurance.urls")),
    path("admin/", admin.site.urls),
]
