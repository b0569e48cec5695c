from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from kscp.core import accounts, preferences
from kscp.core.signin import SignInForm
from kscp.overview import boardpack_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(form_class=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=accounts.PasswordResetForm,
            template_name="kscp/form_page.html",
            extra_context={"page": accounts.RESET_PAGE},
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=accounts.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("your-email/", preferences.email_preferences, name="email_preferences"),
    re_path(r"^your-items\.(?P<fmt>csv|xlsx)$", views.your_items_export, name="your_items_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("board-pack/", boardpack_views.board_pack_form, name="board_pack"),
    path("board-pack/pack/", boardpack_views.board_pack_page, name="board_pack_page"),
    path("board-pack/pack.pdf", boardpack_views.board_pack_pdf, name="board_pack_pdf"),
    path(
        "board-pack/<int:pk>/remove/",
        boardpack_views.board_pack_remove_page,
        name="board_pack_remove",
    ),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("", include("plans.urls")),
    path("", include("reviews.urls")),
    path("", include("training.urls")),
    path("", include("kscp.rounds.urls")),
    path("", include("kscp.assurance.urls")),
    path("admin/", admin.site.urls),
]
