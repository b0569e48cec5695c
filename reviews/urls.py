from django.urls import path

from kscp.core.statistics_views import statistics_csv, statistics_page
from reviews.statistics.page import LEARNING_FROM_REVIEWS
from reviews.views import actions, learning, lists, notifications, review

app_name = "reviews"

urlpatterns = [
    path("reviews/", lists.notification_list, name="list"),
    path("reviews/practice-reviews/", lists.review_list, name="review_list"),
    # The core's statistics page, showing this app's (reviews.statistics.page).
    path(
        "reviews/statistics/",
        statistics_page,
        {"statistics": LEARNING_FROM_REVIEWS},
        name="statistics",
    ),
    path(
        "reviews/statistics/<slug:table>.csv",
        statistics_csv,
        {"statistics": LEARNING_FROM_REVIEWS},
        name="statistics_csv",
    ),
    path("reviews/actions/", actions.agency_actions, name="agency_actions"),
    path("reviews/actions/<int:pk>/", actions.action_detail, name="action"),
    path("reviews/actions/<int:pk>/update/", actions.action_update, name="action_update"),
    # A case from notification to review, its learning and how it was shared.
    path("reviews/notifications/add/", notifications.notification_add, name="notification_add"),
    path("reviews/notifications/<int:pk>/", notifications.notification_detail, name="notification"),
    path(
        "reviews/notifications/<int:pk>/edit/",
        notifications.notification_edit,
        name="notification_edit",
    ),
    path(
        "reviews/notifications/<int:pk>/rapid-review/add/",
        notifications.rapid_review_add,
        name="rapid_review_add",
    ),
    path(
        "reviews/rapid-reviews/<int:pk>/edit/",
        notifications.rapid_review_edit,
        name="rapid_review_edit",
    ),
    path("reviews/notifications/<int:pk>/review/add/", review.review_start, name="review_start"),
    path("reviews/add/", review.review_add, name="review_add"),
    path("reviews/<int:pk>/", review.review_detail, name="review"),
    path("reviews/<int:pk>/edit/", review.review_edit, name="review_edit"),
    path("reviews/<int:pk>/learning/add/", learning.learning_add, name="learning_add"),
    path("reviews/learning/<int:pk>/edit/", learning.learning_edit, name="learning_edit"),
    path("reviews/learning/<int:pk>/actions/add/", learning.action_add, name="action_add"),
    path("reviews/actions/<int:pk>/edit/", learning.action_edit, name="action_edit"),
    path(
        "reviews/<int:pk>/dissemination/add/",
        learning.dissemination_add,
        name="dissemination_add",
    ),
    path(
        "reviews/dissemination/<int:pk>/edit/",
        learning.dissemination_edit,
        name="dissemination_edit",
    ),
]
