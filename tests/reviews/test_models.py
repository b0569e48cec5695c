"""The rules of the case-review records, in clean() and, where a database can hold them, in
constraints: anonymised references, dates in order, decisions with reasons, actions with an
owner, no reference to another partnership's records, and a history of every change."""

import datetime

import pytest

from kscp.core.fields import PROGRESS_MAX_LENGTH, SUMMARY_MAX_LENGTH, text_too_long
from kscp.core.models import Agency, Group, Sector
from plans.models import Objective, Plan, Priority
from reviews.models import (
    AGENCY_OTHER_PARTNERSHIP,
    AWARE_BEFORE_INCIDENT,
    CHAIR_OTHER_PARTNERSHIP,
    COMPLETED_BEFORE_MEETING,
    COMPLETED_BEFORE_START,
    DECISION_BEFORE_COMPLETE,
    GROUP_OTHER_PARTNERSHIP,
    NOTIFICATION_OTHER_PARTNERSHIP,
    OBJECTIVE_OTHER_PARTNERSHIP,
    OTHER_PARTNERSHIP_REASON,
    OWNER_REQUIRED,
    PANEL_BEFORE_AWARE,
    PUBLICATION_DATE_REQUIRED,
    PUBLISHED_BEFORE_COMPLETE,
    PUBLISHED_STAGE_REQUIRED,
    RATIONALE_REQUIRED,
    SENT_BEFORE_COMPLETE,
    TARGET_BEFORE_START,
    THEME_OTHER_PARTNERSHIP,
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
    before_aware,
    financial_year_start,
    future_date,
)
from tests.helpers import errors_of, refused_by_database

pytestmark = pytest.mark.django_db

D = datetime.date


def new_notification(partnership, **changes):
    fields = {
        "partnership": partnership,
        "reference": "NSCP-2025/26-02",
        "incident_on": D(2025, 5, 1),
        "la_aware_on": D(2025, 5, 2),
        "nature": Notification.Nature.DEATH,
        "referral_reason": ReferralReason.objects.get(partnership=partnership, name="Neglect"),
        "age_band": Notification.AgeBand.UNDER_1,
    }
    fields.update(changes)
    return Notification(**fields)


# --- notifications ----------------------------------------------------------------------


def test_a_notification_reference_is_unique_within_a_partnership(notification):
    duplicate = new_notification(notification.partnership, reference=notification.reference)
    assert "__all__" in errors_of(duplicate)
    refused_by_database(duplicate.save)


def test_another_partnership_may_use_the_same_reference(notification, other_partnership):
    elsewhere = new_notification(other_partnership, reference=notification.reference)
    elsewhere.full_clean()
    elsewhere.save()


def test_a_notification_has_no_field_for_a_childs_name_or_date_of_birth():
    names = {field.name for field in Notification._meta.get_fields()}
    assert not names & {"name", "child_name", "first_name", "last_name", "date_of_birth"}
    assert not names & {"dob", "address", "postcode"}


def test_the_local_authority_cannot_become_aware_before_the_incident(partnership):
    notification = new_notification(partnership, la_aware_on=D(2025, 4, 30))
    assert errors_of(notification)["la_aware_on"] == [AWARE_BEFORE_INCIDENT]
    refused_by_database(notification.save)


def test_the_panel_cannot_be_notified_before_the_local_authority_became_aware(partnership):
    notification = new_notification(partnership, panel_notified_on=D(2025, 5, 1))
    assert errors_of(notification)["panel_notified_on"] == [PANEL_BEFORE_AWARE]
    refused_by_database(notification.save)


def test_notification_dates_cannot_be_in_the_future(partnership):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    notification = new_notification(partnership, incident_on=tomorrow, la_aware_on=tomorrow)
    errors = errors_of(notification)
    assert errors["incident_on"] == ["The date of the incident cannot be in the future"]
    assert errors["la_aware_on"] == [future_date(Notification, "la_aware_on")]


def test_a_notification_takes_only_its_own_partnerships_referral_reasons(
    partnership, other_partnership
):
    theirs = ReferralReason.objects.get(partnership=other_partnership, name="Neglect")
    notification = new_notification(partnership, referral_reason=theirs)
    assert errors_of(notification)["referral_reason"] == [OTHER_PARTNERSHIP_REASON]


def test_a_valid_notification_passes_its_rules(partnership):
    new_notification(partnership, panel_notified_on=D(2025, 5, 6)).full_clean()


def test_the_financial_year_runs_from_april_to_march():
    assert financial_year_start(D(2020, 3, 31)) == 2019
    assert financial_year_start(D(2020, 4, 1)) == 2020


# --- rapid reviews ----------------------------------------------------------------------


def test_a_decision_needs_its_reasons(notification):
    rapid_review = RapidReview(
        notification=notification, decision=RapidReview.Decision.NO_FURTHER, rationale="  "
    )
    assert errors_of(rapid_review)["rationale"] == [RATIONALE_REQUIRED]


def test_the_database_refuses_a_decision_without_reasons(notification):
    rapid_review = RapidReview(notification=notification, decision=RapidReview.Decision.NATIONAL)
    refused_by_database(rapid_review.save)


def test_a_rapid_review_cannot_be_complete_without_a_decision(notification):
    rapid_review = RapidReview(notification=notification, completed_on=D(2025, 6, 20))
    assert errors_of(rapid_review)["decision"] == [DECISION_BEFORE_COMPLETE]


def test_rapid_review_dates_keep_their_order(notification):
    rapid_review = RapidReview(
        notification=notification,
        meeting_on=D(2025, 6, 20),
        completed_on=D(2025, 6, 19),
        decision=RapidReview.Decision.LOCAL_LEARNING,
        rationale="Single-agency learning",
        sent_to_panel_on=D(2025, 6, 18),
    )
    errors = errors_of(rapid_review)
    assert errors["completed_on"] == [COMPLETED_BEFORE_MEETING]
    assert errors["sent_to_panel_on"] == [SENT_BEFORE_COMPLETE]


def test_a_rapid_review_cannot_meet_before_the_local_authority_became_aware(notification):
    rapid_review = RapidReview(notification=notification, meeting_on=D(2025, 6, 1))
    assert errors_of(rapid_review)["meeting_on"] == [before_aware(RapidReview, "meeting_on")]


def test_the_chair_of_a_rapid_review_is_of_the_partnership(notification, outsider):
    rapid_review = RapidReview(notification=notification, chair=outsider)
    assert errors_of(rapid_review)["chair"] == [CHAIR_OTHER_PARTNERSHIP]


# --- reviews ----------------------------------------------------------------------------


def new_review(partnership, **changes):
    fields = {
        "partnership": partnership,
        "kind": Review.Kind.LOCAL,
        "title": "Child H",
        "decided_on": D(2025, 3, 1),
    }
    fields.update(changes)
    return Review(**fields)


def test_a_review_cannot_be_completed_before_it_started(partnership):
    review = new_review(partnership, started_on=D(2025, 4, 1), completed_on=D(2025, 3, 31))
    assert errors_of(review)["completed_on"] == [COMPLETED_BEFORE_START]
    refused_by_database(review.save)


def test_a_reviews_target_and_publication_keep_their_order(partnership):
    review = new_review(
        partnership,
        stage=Review.Stage.PUBLISHED,
        started_on=D(2025, 4, 1),
        target_on=D(2025, 3, 1),
        completed_on=D(2025, 6, 1),
        published_on=D(2025, 5, 1),
    )
    errors = errors_of(review)
    assert errors["target_on"] == [TARGET_BEFORE_START]
    assert errors["published_on"] == [PUBLISHED_BEFORE_COMPLETE]


def test_a_published_review_has_a_publication_date_and_only_it_has_one(partnership):
    published = new_review(partnership, stage=Review.Stage.PUBLISHED)
    assert errors_of(published)["published_on"] == [PUBLICATION_DATE_REQUIRED]
    early = new_review(partnership, stage=Review.Stage.DRAFT, published_on=D(2025, 5, 1))
    assert errors_of(early)["stage"] == [PUBLISHED_STAGE_REQUIRED]


def test_review_dates_cannot_be_in_the_future(partnership):
    review = new_review(partnership, decided_on=datetime.date.today() + datetime.timedelta(days=2))
    assert errors_of(review)["decided_on"] == [future_date(Review, "decided_on")]


def test_a_reviews_title_is_unique_within_a_partnership(review):
    duplicate = new_review(review.partnership, title=review.title)
    assert "__all__" in errors_of(duplicate)
    refused_by_database(duplicate.save)


def test_a_review_cost_cannot_be_negative(partnership):
    refused_by_database(new_review(partnership, cost=-1).save)


def test_a_review_cannot_be_of_another_partnerships_notification(notification, other_partnership):
    review = new_review(other_partnership, notification=notification)
    assert errors_of(review)["notification"] == [NOTIFICATION_OTHER_PARTNERSHIP]


# --- learning and actions ---------------------------------------------------------------


def test_learning_points_are_numbered_once_within_a_review(learning_point):
    duplicate = LearningPoint(
        review=learning_point.review,
        number=learning_point.number,
        text="Another",
        scope=LearningPoint.Scope.PARTNERSHIP,
    )
    assert "__all__" in errors_of(duplicate)
    refused_by_database(duplicate.save)


def test_a_learning_point_takes_its_own_partnerships_theme_and_objective(review, other_partnership):
    their_plan = Plan.objects.create(
        partnership=other_partnership,
        title="Southdale Plan",
        period="2025/2027",
        starts_on=D(2025, 4, 1),
        ends_on=D(2027, 3, 31),
    )
    their_priority = Priority.objects.create(plan=their_plan, number=1, title="Neglect")
    their_objective = Objective.objects.create(
        plan=their_plan, priority=their_priority, number="1.1", action="Audit"
    )
    point = LearningPoint(
        review=review,
        number=2,
        text="Share concerns",
        scope=LearningPoint.Scope.MULTI_AGENCY,
        theme=Theme.objects.get(partnership=other_partnership, name="Information exchange"),
        objective=their_objective,
    )
    errors = errors_of(point)
    assert errors["theme"] == [THEME_OTHER_PARTNERSHIP]
    assert errors["objective"] == [OBJECTIVE_OTHER_PARTNERSHIP]


def test_a_review_action_needs_an_owner(learning_point):
    action = ReviewAction(learning_point=learning_point, description="Audit the referrals")
    assert errors_of(action)["owner_agency"] == [OWNER_REQUIRED]
    refused_by_database(action.save)


def test_a_group_alone_may_own_a_review_action(learning_point, group):
    ReviewAction(learning_point=learning_point, description="Audit", owner_group=group).full_clean()


def test_a_review_action_is_owned_only_by_its_own_partnerships_agency_and_group(
    learning_point, other_partnership
):
    their_agency = Agency.objects.create(
        partnership=other_partnership, name="Southdale Police", sector=Sector.POLICE
    )
    their_group = Group.objects.create(
        partnership=other_partnership, name="Southdale Learning", kind=Group.Kind.SUB_GROUP
    )
    action = ReviewAction(
        learning_point=learning_point,
        description="Audit",
        owner_agency=their_agency,
        owner_group=their_group,
    )
    errors = errors_of(action)
    assert errors["owner_agency"] == [AGENCY_OTHER_PARTNERSHIP]
    assert errors["owner_group"] == [GROUP_OTHER_PARTNERSHIP]


def test_a_review_action_is_due_in_a_month(review_action):
    review_action.due_on = D(2026, 3, 17)
    review_action.save()
    assert review_action.due_on == D(2026, 3, 1)
    assert review_action.due_display == "March 2026"


# --- history ----------------------------------------------------------------------------


def test_every_change_of_a_notification_is_kept_with_its_agencies(notification, agency):
    notification.summary = "A neutral summary, revised."
    notification.save()
    records = list(notification.history.order_by("history_date"))
    assert records[0].history_type == "+"
    latest = records[-1]
    assert (latest.history_type, latest.summary) == ("~", "A neutral summary, revised.")
    assert agency.pk in {a.agency_id for a in latest.agencies.all()}


def test_every_change_of_a_review_and_its_themes_is_kept(review):
    theme = Theme.objects.get(partnership=review.partnership, name="Information exchange")
    review.themes.add(theme)
    review.stage = Review.Stage.DRAFT
    review.save()
    latest = review.history.first()
    assert latest.stage == Review.Stage.DRAFT
    assert latest.prev_record.stage == Review.Stage.IN_PROGRESS
    assert [t.theme_id for t in latest.themes.all()] == [theme.pk]


def test_history_is_kept_for_every_case_record(
    rapid_review, learning_point, review_action, dissemination
):
    for record in (rapid_review, learning_point, review_action, dissemination):
        assert record.history.count() == 1
        record.save()
        assert record.history.count() == 2


def test_a_notification_refuses_a_summary_over_5000_characters(notification):
    notification.summary = "x" * 5_001
    assert errors_of(notification) == {"summary": [text_too_long("Summary", SUMMARY_MAX_LENGTH)]}


def test_a_review_action_refuses_progress_over_10000_characters(review_action):
    review_action.progress = "x" * 10_001
    assert errors_of(review_action) == {
        "progress": [text_too_long("Progress", PROGRESS_MAX_LENGTH)]
    }
