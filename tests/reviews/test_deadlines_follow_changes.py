"""Stored deadlines follow the dates they are counted from, and the guards around them: a
changed notification moves its rapid review's deadline, a changed publication setting moves
the CSPRs' deadlines, a review starts only after a rapid review decided on one, an impossible
year is a validation error, and an action's only owner cannot be deleted from under it."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from kscp.core.forms import DATE_NOT_REAL
from kscp.core.workdays import add_working_days
from reviews import services
from reviews.models import RapidReview, Review, ReviewAction
from reviews.selectors import REVIEW_ALREADY_STARTED, REVIEW_NOT_DECIDED
from tests.form_data import dates

pytestmark = pytest.mark.django_db

D = datetime.date


def test_changing_the_panel_date_moves_the_rapid_review_deadline(
    notification, rapid_review, business_unit
):
    assert rapid_review.deadline == add_working_days(D(2025, 6, 6), 15)
    services.notification_update(
        notification=notification,
        user=business_unit,
        agencies=list(notification.agencies.all()),
        panel_notified_on=D(2025, 6, 9),
    )
    rapid_review.refresh_from_db()
    assert rapid_review.deadline == add_working_days(D(2025, 6, 9), 15)
    assert rapid_review.history.first().history_user == business_unit


def test_an_unchanged_deadline_adds_no_rapid_review_history(
    notification, rapid_review, business_unit
):
    before = rapid_review.history.count()
    services.notification_update(
        notification=notification,
        user=business_unit,
        agencies=list(notification.agencies.all()),
        summary="A neutral summary, reworded.",
    )
    assert rapid_review.history.count() == before


def test_changing_the_months_to_publish_moves_every_cspr_deadline(partnership, review):
    assert review.publication_deadline == D(2025, 12, 24)
    partnership.cspr_publication_months = 9
    partnership.save()
    review.refresh_from_db()
    assert review.publication_deadline == D(2026, 3, 24)


def test_a_local_review_has_no_publication_deadline_whatever_the_setting(partnership, review):
    review.kind = Review.Kind.LOCAL
    review.save()
    partnership.cspr_publication_months = 3
    partnership.save()
    review.refresh_from_db()
    assert review.publication_deadline is None


def test_a_review_cannot_be_started_before_a_rapid_review_decides_on_one(
    client, business_unit, notification
):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:review_start", args=[notification.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reviews:notification", args=[notification.pk])
    assert REVIEW_NOT_DECIDED in response.content.decode()


def test_no_further_review_means_no_review_can_be_started(
    client, business_unit, notification, rapid_review
):
    rapid_review.decision = RapidReview.Decision.NO_FURTHER
    rapid_review.save()
    client.force_login(business_unit)
    url = reverse("reviews:review_start", args=[notification.pk])
    response = client.post(url, {"title": "Child B", "kind": "cspr"}, follow=True)
    assert REVIEW_NOT_DECIDED in response.content.decode()
    assert not Review.objects.filter(title="Child B").exists()


def test_a_second_review_of_the_same_notification_is_refused(
    client, business_unit, notification, review
):
    client.force_login(business_unit)
    response = client.get(reverse("reviews:review_start", args=[notification.pk]), follow=True)
    assert REVIEW_ALREADY_STARTED in response.content.decode()
    assert "Start the review" not in response.content.decode()


def test_a_year_too_large_for_a_date_is_not_a_real_date(client, business_unit, partnership):
    client.force_login(business_unit)
    data = {
        "reference": "NSCP-2025/26-09",
        **dates(la_aware_on=D(2025, 9, 2)),
        "incident_on_day": "1",
        "incident_on_month": "9",
        "incident_on_year": "9" * 40,
    }
    response = client.post(reverse("reviews:notification_add"), data)
    assert response.status_code == 200
    assert DATE_NOT_REAL.format(label="Date of the incident") in response.content.decode()


def test_the_group_that_alone_owns_an_action_cannot_be_deleted(learning_point, group):
    ReviewAction.objects.create(
        learning_point=learning_point, description="Audit the learning", owner_group=group
    )
    with pytest.raises(ProtectedError):
        group.delete()


def test_the_notification_page_shows_the_history_of_the_notification_and_rapid_review(
    client, business_unit, notification, rapid_review
):
    services.rapid_review_update(
        rapid_review=rapid_review, user=business_unit, panel_response="Agreed with the decision"
    )
    client.force_login(business_unit)
    page = client.get(reverse("reviews:notification", args=[notification.pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert "Rapid review recorded" in history
    assert "The Panel&#x27;s response changed" in history
    assert "Bea Business" in history
