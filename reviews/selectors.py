"""Reads of the case record pages: a notification with its rapid review and reviews, and a
review with its stages, learning, actions, dissemination and timeline (reviews.timeline).
Each reads with a fixed number of queries, however many learning points, actions or changes
there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Prefetch
from django.utils import timezone

from kscp.core.models import User
from kscp.core.timeline import TimelineEntry, long_date
from reviews import access
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    Review,
    ReviewAction,
    Theme,
)
from reviews.timeline import review_timeline

# --- the notification page -----------------------------------------------------------------

# The rapid review decisions after which the partnership holds a review itself, and the kind
# of review each starts.
REVIEW_ALREADY_STARTED = "A review of this notification has already been started"
REVIEW_NOT_DECIDED = (
    "A review can be started only once the rapid review has decided to hold a local child "
    "safeguarding practice review or a local learning review"
)
REVIEW_KIND_OF_DECISION = {
    RapidReview.Decision.LOCAL_CSPR: Review.Kind.CSPR,
    RapidReview.Decision.LOCAL_LEARNING: Review.Kind.LOCAL,
}


def review_start_refusal(notification: Notification, rapid_review, reviews) -> str | None:
    """Why no review can be started from the notification now, or None when one can: only
    after a rapid review decided to hold a local review, and only once."""
    if reviews:
        return REVIEW_ALREADY_STARTED
    if rapid_review is None or rapid_review.decision not in REVIEW_KIND_OF_DECISION:
        return REVIEW_NOT_DECIDED
    return None


def notification_reviews(notification: Notification) -> list[Review]:
    return list(notification.reviews.order_by("decided_on", "title"))


def rapid_review_of(notification: Notification) -> RapidReview | None:
    try:
        return RapidReview.objects.select_related("chair", "chair__agency").get(
            notification=notification
        )
    except RapidReview.DoesNotExist:
        return None


def review_start_initial(notification: Notification) -> dict:
    """What a review started from a notification begins with: the kind of review its rapid
    review decided on, decided on the day the rapid review was completed, titled with the
    notification's reference."""
    initial = {"title": notification.reference}
    rapid_review = rapid_review_of(notification)
    if rapid_review is not None:
        kind = REVIEW_KIND_OF_DECISION.get(rapid_review.decision)
        if kind:
            initial["kind"] = kind
        if rapid_review.completed_on:
            initial["decided_on"] = rapid_review.completed_on
    return initial


# --- the review page -----------------------------------------------------------------------

# The status of each stage row. Not "In progress" and "Not yet started", GOV.UK's usual task
# statuses: one of the stages is itself called "In progress", and would read "In progress —
# Not yet started".
COMPLETED, CURRENT, NOT_REACHED = "Completed", "Current stage", "Not reached yet"
STAGE_TAG_CLASSES = {CURRENT: "govuk-tag--light-blue", NOT_REACHED: "govuk-tag--grey"}
# The stages that are done once reached; the others are being worked on while current.
_DONE_WHEN_REACHED = (Review.Stage.PUBLISHED, Review.Stage.CLOSED)


@dataclass
class StageTask:
    """One stage of a review as a row of the GOV.UK task list."""

    value: str
    label: str
    status: str
    hint: str = ""

    @property
    def tag_class(self) -> str:
        return STAGE_TAG_CLASSES.get(self.status, "")


def review_stages(review: Review) -> list[StageTask]:
    """Stages before the review's are completed; its own is the current stage (published
    and closed are completed once reached); later ones are not reached yet."""
    stages = list(Review.Stage)
    current = stages.index(Review.Stage(review.stage))
    hints = {
        Review.Stage.IN_PROGRESS: review.started_on and f"Started {long_date(review.started_on)}",
        Review.Stage.AGREED: review.completed_on and f"Completed {long_date(review.completed_on)}",
        Review.Stage.PUBLISHED: review.published_on
        and f"Published {long_date(review.published_on)}",
    }
    tasks = []
    for position, stage in enumerate(stages):
        if position < current or (position == current and stage in _DONE_WHEN_REACHED):
            status = COMPLETED
        elif position == current:
            status = CURRENT
        else:
            status = NOT_REACHED
        tasks.append(StageTask(stage.value, stage.label, status, hints.get(stage) or ""))
    return tasks


@dataclass
class ReviewPage:
    review: Review
    stages: list[StageTask]
    learning_points: list[LearningPoint]
    disseminations: list[Dissemination]
    themes: list[Theme]
    timeline: list[TimelineEntry]
    today: datetime.date

    @property
    def publication_clock(self):
        return self.review.publication_clock(self.today)


def review_page(review: Review, *, user: User, today: datetime.date | None = None) -> ReviewPage:
    """Everything the review page shows, in a fixed number of queries; each action knows
    whether `user` may update it."""
    today = today or timezone.localdate()
    learning_points = list(
        review.learning_points.select_related(
            "theme", "objective", "objective__plan"
        ).prefetch_related(
            Prefetch(
                "actions",
                queryset=ReviewAction.objects.select_related("owner_agency", "owner_group"),
            )
        )
    )
    actions_by_id = {}
    for point in learning_points:
        for action in point.actions.all():
            action.overdue = action.is_overdue(today)
            action.can_update = access.can_update_review_action(user, action)
            actions_by_id[action.pk] = action
    return ReviewPage(
        review=review,
        stages=review_stages(review),
        learning_points=learning_points,
        disseminations=list(review.disseminations.all()),
        themes=list(review.themes.all()),
        timeline=review_timeline(review, actions_by_id),
        today=today,
    )


def next_learning_point_number(review: Review) -> int:
    highest = review.learning_points.aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def recommendations_active_between(
    partnership_id: int, start: datetime.date, end: datetime.date
) -> list[LearningPoint]:
    """Each recommendation of the reviews active between `start` and `end` (decided by the
    end, not completed before the start), with the actions agencies and groups own for it:
    two queries."""
    return list(
        LearningPoint.objects.filter(
            review__partnership_id=partnership_id,
            is_recommendation=True,
            review__decided_on__lte=end,
        )
        .exclude(review__completed_on__lt=start)
        .select_related("review")
        .prefetch_related("actions__owner_agency", "actions__owner_group")
        .order_by("review__decided_on", "review_id", "number")
    )
