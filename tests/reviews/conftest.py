"""Besides the case of tests/conftest.py (notified, reviewed, with learning, an action and its
dissemination): a notification still waiting for its rapid review, and one whose rapid review
decided on a review not yet started, so that every page that writes has a record to write."""

import datetime

import pytest

from reviews.models import Notification, RapidReview, ReferralReason

D = datetime.date


def _notification(partnership, reference: str) -> Notification:
    return Notification.objects.create(
        partnership=partnership,
        reference=reference,
        incident_on=D(2025, 9, 1),
        la_aware_on=D(2025, 9, 2),
        panel_notified_on=D(2025, 9, 4),
        nature=Notification.Nature.SERIOUS_HARM,
        referral_reason=ReferralReason.objects.get(partnership=partnership, name="Neglect"),
        age_band=Notification.AgeBand.UNDER_1,
        summary="A young child was admitted to hospital after prolonged neglect.",
    )


@pytest.fixture
def undecided_notification(partnership):
    """A notification without a rapid review."""
    return _notification(partnership, "NSCP-2025/26-02")


@pytest.fixture
def decided_notification(partnership, business_unit):
    """A notification whose rapid review decided on a local learning review, not yet started."""
    notification = _notification(partnership, "NSCP-2025/26-03")
    RapidReview.objects.create(
        notification=notification,
        meeting_on=D(2025, 9, 15),
        completed_on=D(2025, 9, 18),
        chair=business_unit,
        decision=RapidReview.Decision.LOCAL_LEARNING,
        rationale="Single-agency learning for health visiting.",
    )
    return notification


@pytest.fixture
def case_records(
    partnership,
    agency,
    police,
    group,
    other_group,
    review_group,
    business_unit,
    notification,
    rapid_review,
    review,
    learning_point,
    review_action,
    dissemination,
    undecided_notification,
    decided_notification,
):
    """Every record a page that writes may be about, by the name tests/reviews/case_posts.py
    gives it."""
    return {
        "partnership": partnership,
        "agency": agency,
        "police": police,
        "group": group,
        "business_unit": business_unit,
        "notification": notification,
        "rapid_review": rapid_review,
        "review": review,
        "learning_point": learning_point,
        "review_action": review_action,
        "dissemination": dissemination,
        "undecided_notification": undecided_notification,
        "decided_notification": decided_notification,
    }
