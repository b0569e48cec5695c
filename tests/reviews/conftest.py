"""One case followed from notification to an agency's action: notified, reviewed, with
learning, an action and its dissemination. Besides it, a notification still waiting for its
rapid review, and one whose rapid review decided on a review not yet started, so that every
page that writes has a record to write. (tests/e2e and tests/overview import the case's
fixtures: their pages show every app.)"""

import datetime

import pytest

from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
)

D = datetime.date


@pytest.fixture
def notification(partnership, agency, police):
    notification = Notification.objects.create(
        partnership=partnership,
        reference="NSCP-2025/26-01",
        incident_on=datetime.date(2025, 6, 2),
        la_aware_on=datetime.date(2025, 6, 3),
        panel_notified_on=datetime.date(2025, 6, 6),
        nature=Notification.Nature.SERIOUS_HARM,
        referral_reason=ReferralReason.objects.get(partnership=partnership, name="Physical abuse"),
        age_band=Notification.AgeBand.AGE_1_4,
        summary="A serious injury to a young child; several agencies knew the family.",
    )
    notification.agencies.set([agency, police])
    return notification


@pytest.fixture
def rapid_review(notification, business_unit):
    return RapidReview.objects.create(
        notification=notification,
        meeting_on=datetime.date(2025, 6, 20),
        completed_on=datetime.date(2025, 6, 24),
        chair=business_unit,
        decision=RapidReview.Decision.LOCAL_CSPR,
        rationale="Agencies could have worked together more effectively.",
        sent_to_panel_on=datetime.date(2025, 6, 25),
    )


@pytest.fixture
def review(partnership, notification, rapid_review):
    return Review.objects.create(
        partnership=partnership,
        notification=notification,
        kind=Review.Kind.CSPR,
        title="Child A",
        stage=Review.Stage.IN_PROGRESS,
        decided_on=datetime.date(2025, 6, 24),
        started_on=datetime.date(2025, 7, 1),
        lead_reviewer="An independent reviewer",
        lead_reviewer_independent=True,
    )


@pytest.fixture
def learning_point(review):
    return LearningPoint.objects.create(
        review=review,
        number=1,
        text="Agencies should share concerns about injuries to non-mobile babies.",
        scope=LearningPoint.Scope.MULTI_AGENCY,
        theme=Theme.objects.get(partnership=review.partnership, name="Information exchange"),
    )


@pytest.fixture
def review_action(learning_point, police):
    return ReviewAction.objects.create(
        learning_point=learning_point,
        description="Brief every response officer on the bruising protocol.",
        owner_agency=police,
        due_on=datetime.date(2026, 3, 1),
    )


@pytest.fixture
def dissemination(review):
    return Dissemination.objects.create(
        review=review,
        method=Dissemination.Method.BRIEFING,
        held_on=datetime.date(2025, 10, 1),
        audience="Practitioners of every agency",
        reached=120,
    )


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
