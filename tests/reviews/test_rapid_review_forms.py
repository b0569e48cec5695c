"""The rapid review of a notification, recorded from the notification's page, and the review
its decision starts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import selectors, services
from reviews.forms.cases import RapidReviewForm
from reviews.models import (
    DECISION_BEFORE_COMPLETE,
    RATIONALE_REQUIRED,
    RapidReview,
    Review,
)
from reviews.views.notifications import RAPID_REVIEW_RECORDED, RAPID_REVIEW_SAVED
from reviews.views.review import REVIEW_RECORDED
from tests.form_data import dates

pytestmark = pytest.mark.django_db


def rapid_review_data(**changes):
    data = {
        "decision": RapidReview.Decision.LOCAL_CSPR,
        "rationale": "Agencies could have shared information sooner.",
        "panel_response": "",
        "chair": "",
        **dates(
            meeting_on=datetime.date(2025, 6, 20),
            completed_on=datetime.date(2025, 6, 24),
            sent_to_panel_on=datetime.date(2025, 6, 25),
        ),
    }
    data.update(changes)
    return data


def add_url(notification):
    return reverse("reviews:rapid_review_add", args=[notification.pk])


def test_the_notification_page_offers_the_business_unit_to_record_the_rapid_review(
    client, business_unit, notification
):
    client.force_login(business_unit)
    html = client.get(reverse("reviews:notification", args=[notification.pk])).content.decode()
    assert "Record the rapid review" in html
    assert add_url(notification) in html


def test_the_rapid_review_form_shows_its_deadline(client, business_unit, notification):
    client.force_login(business_unit)
    html = client.get(add_url(notification)).content.decode()
    # 15 working days after the Panel was notified on Friday 6 June 2025
    assert "Due by 27 June 2025" in html


def test_business_unit_records_a_rapid_review_with_its_decision(
    client, business_unit, notification
):
    client.force_login(business_unit)
    response = client.post(
        add_url(notification), rapid_review_data(chair=business_unit.pk), follow=True
    )
    rapid_review = RapidReview.objects.get(notification=notification)
    assert response.redirect_chain[-1][0] == (
        reverse("reviews:notification", args=[notification.pk]) + "#rapid-review"
    )
    html = response.content.decode()
    assert RAPID_REVIEW_RECORDED.format(reference=notification.reference) in html
    assert rapid_review.chair == business_unit
    assert rapid_review.deadline == datetime.date(2025, 6, 27)
    assert rapid_review.history.latest().history_user == business_unit
    assert "Start the review" in html


def test_a_decision_without_reasons_is_refused(client, business_unit, notification):
    client.force_login(business_unit)
    response = client.post(add_url(notification), rapid_review_data(rationale=""))
    assert response.context["form"].errors["rationale"] == [RATIONALE_REQUIRED]
    assert RATIONALE_REQUIRED in response.content.decode()
    assert not RapidReview.objects.exists()


def test_a_rapid_review_without_a_decision_needs_no_reasons(client, business_unit, notification):
    client.force_login(business_unit)
    data = rapid_review_data(decision="", rationale="", **dates(completed_on=None))
    data.update(dates(sent_to_panel_on=None))
    response = client.post(add_url(notification), data)
    assert response.status_code == 302
    assert RapidReview.objects.get(notification=notification).decision == ""


def test_a_completed_rapid_review_needs_its_decision(client, business_unit, notification):
    client.force_login(business_unit)
    response = client.post(add_url(notification), rapid_review_data(decision="", rationale=""))
    assert response.context["form"].errors["decision"] == [DECISION_BEFORE_COMPLETE]


def test_rapid_review_dates_cannot_be_in_the_future(client, business_unit, notification):
    client.force_login(business_unit)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = rapid_review_data(**dates(meeting_on=tomorrow, completed_on=tomorrow))
    data.update(dates(sent_to_panel_on=tomorrow))
    errors = client.post(add_url(notification), data).context["form"].errors
    assert errors["meeting_on"] == ["The date of the rapid review meeting cannot be in the future"]
    assert errors["completed_on"] == [
        "The date the rapid review was completed cannot be in the future"
    ]
    assert errors["sent_to_panel_on"] == ["The date sent to the Panel cannot be in the future"]


def test_a_rapid_review_cannot_meet_before_the_local_authority_knew(
    client, business_unit, notification
):
    client.force_login(business_unit)
    data = rapid_review_data(**dates(meeting_on=datetime.date(2025, 6, 1)))
    errors = client.post(add_url(notification), data).context["form"].errors
    assert errors["meeting_on"] == [
        "The date of the rapid review meeting cannot be before the local authority became aware"
    ]


def test_the_decision_radios_offer_the_four_decisions_and_no_empty_one(notification):
    form = RapidReviewForm(notification=notification)
    assert [value for value, _ in form.fields["decision"].choices] == [
        value for value, _ in RapidReview.Decision.choices
    ]


def test_the_chair_is_chosen_from_the_partnerships_people(
    notification, business_unit, executive, outsider
):
    chairs = set(RapidReviewForm(notification=notification).fields["chair"].queryset)
    assert {business_unit, executive} <= chairs
    assert outsider not in chairs


def test_recording_a_second_rapid_review_leads_to_changing_the_first(
    client, business_unit, notification, rapid_review
):
    client.force_login(business_unit)
    response = client.get(add_url(notification))
    assert response.url == reverse("reviews:rapid_review_edit", args=[rapid_review.pk])


def test_business_unit_changes_the_rapid_review(client, business_unit, notification, rapid_review):
    client.force_login(business_unit)
    url = reverse("reviews:rapid_review_edit", args=[rapid_review.pk])
    data = rapid_review_data(
        panel_response="The Panel agreed with the decision.", version=rapid_review.version
    )
    response = client.post(url, data, follow=True)
    assert RAPID_REVIEW_SAVED.format(reference=notification.reference) in response.content.decode()
    rapid_review.refresh_from_db()
    assert rapid_review.panel_response == "The Panel agreed with the decision."
    assert rapid_review.history.latest().history_user == business_unit


@pytest.mark.parametrize("persona", ["executive", "scrutineer", "reviewer"])
def test_readers_cannot_change_a_rapid_review(client, request, review_group, rapid_review, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("reviews:rapid_review_edit", args=[rapid_review.pk])
    response = client.post(url, rapid_review_data(rationale="Changed"))
    assert response.status_code == 403
    rapid_review.refresh_from_db()
    assert rapid_review.rationale != "Changed"


def test_starting_the_review_begins_with_what_the_rapid_review_decided(
    client, business_unit, notification, rapid_review
):
    client.force_login(business_unit)
    form = client.get(reverse("reviews:review_start", args=[notification.pk])).context["form"]
    assert form.initial["kind"] == Review.Kind.CSPR
    assert form.initial["decided_on"] == rapid_review.completed_on
    assert form.initial["title"] == notification.reference


def test_a_local_learning_review_decision_starts_a_local_review(notification, rapid_review):
    rapid_review.decision = RapidReview.Decision.LOCAL_LEARNING
    rapid_review.save()
    assert selectors.review_start_initial(notification)["kind"] == Review.Kind.LOCAL


def test_business_unit_starts_the_review_of_a_notification(
    client, business_unit, partnership, notification, rapid_review
):
    client.force_login(business_unit)
    data = {
        "title": "Child B",
        "kind": Review.Kind.CSPR,
        "stage": Review.Stage.SCOPING,
        **dates(decided_on=rapid_review.completed_on),
    }
    response = client.post(
        reverse("reviews:review_start", args=[notification.pk]), data, follow=True
    )
    review = Review.objects.get(title="Child B")
    assert response.redirect_chain[-1][0] == reverse("reviews:review", args=[review.pk])
    assert REVIEW_RECORDED.format(title="Child B") in response.content.decode()
    assert review.notification == notification
    assert review.partnership == partnership
    assert review.publication_deadline == datetime.date(2025, 12, 24)
    assert review.history.latest().history_user == business_unit


def test_the_start_button_shows_only_after_a_decision_to_hold_a_review(
    client, business_unit, notification, rapid_review
):
    client.force_login(business_unit)
    url = reverse("reviews:notification", args=[notification.pk])
    assert "Start the review" in client.get(url).content.decode()
    services.rapid_review_update(
        rapid_review=rapid_review, user=business_unit, decision=RapidReview.Decision.NO_FURTHER
    )
    assert "Start the review" not in client.get(url).content.decode()


def test_the_notification_page_lists_its_reviews_instead_of_the_start_button(
    client, business_unit, notification, review
):
    client.force_login(business_unit)
    html = client.get(reverse("reviews:notification", args=[notification.pk])).content.decode()
    assert reverse("reviews:review", args=[review.pk]) in html
    assert "Start the review" not in html
