"""axe-core on every page of case reviews and training that the journeys do not walk: each
list, record, form and statistics page, as the business unit sees it (the most controls);
and the board pack's form and pack pages, with the case's deadlines and actions in them."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from training.models import ElearningCompletion

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_case_review_and_training_page_passes_axe(
    sign_in,
    live_server,
    business_unit,
    review_action,
    dissemination,
    attendance,
    elearning_course,
):
    ElearningCompletion.objects.create(
        course=elearning_course,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
        count=120,
        platform="New training system",
    )
    point = review_action.learning_point
    review = point.review
    notification = review.notification
    session = attendance.session
    course = session.course
    urls = [
        reverse("reviews:list"),
        reverse("reviews:review_list"),
        reverse("reviews:statistics") + "?year=2025",
        reverse("reviews:agency_actions"),
        reverse("reviews:action", args=[review_action.pk]),
        reverse("reviews:action_update", args=[review_action.pk]),
        reverse("reviews:action_edit", args=[review_action.pk]),
        reverse("reviews:notification", args=[notification.pk]),
        reverse("reviews:notification_edit", args=[notification.pk]),
        reverse("reviews:rapid_review_edit", args=[notification.rapid_review.pk]),
        reverse("reviews:review_add"),
        reverse("reviews:review", args=[review.pk]),
        reverse("reviews:review_edit", args=[review.pk]),
        reverse("reviews:learning_add", args=[review.pk]),
        reverse("reviews:learning_edit", args=[point.pk]),
        reverse("reviews:action_add", args=[point.pk]),
        reverse("reviews:dissemination_add", args=[review.pk]),
        reverse("reviews:dissemination_edit", args=[dissemination.pk]),
        reverse("training:catalogue"),
        reverse("training:course_add"),
        reverse("training:course", args=[course.pk]),
        reverse("training:course", args=[elearning_course.pk]),
        reverse("training:course_edit", args=[course.pk]),
        reverse("training:session_add", args=[course.pk]),
        reverse("training:session", args=[session.pk]),
        reverse("training:session_edit", args=[session.pk]),
        reverse("training:attendance_add", args=[session.pk]),
        reverse("training:attendance_edit", args=[attendance.pk]),
        reverse("training:agency_attendance"),
        reverse("training:import_elearning"),
        reverse("training:statistics") + "?year=2025",
        reverse("board_pack"),
        reverse("board_pack_page"),
    ]
    page = sign_in("bea_business")
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert_accessible(page)
