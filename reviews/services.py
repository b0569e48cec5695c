"""Writes of case-review records. Each is a keyword-only function wrapped in a transaction,
validating the record in full before it is saved."""

from django.db import transaction

from kscp.core.models import Partnership, User
from kscp.core.records import record_save
from reviews import clocks
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    Review,
    ReviewAction,
)

# The referral reasons and practice themes of the Kirklees annual statement 2019-20: every
# partnership starts with them and may change the list.
DEFAULT_REFERRAL_REASONS = [
    "Neglect",
    "Physical abuse",
    "Sexual abuse",
    "Fabricated illness",
    "Murder or attempted murder",
    "Trafficking",
    "Honour-based violence / forced marriage",
    "Suicide",
    "Serious youth violence",
]
DEFAULT_THEMES = [
    "Managing risk and effective decision making",
    "Information exchange",
    "Children's mental health and emotional wellbeing",
    "The impact of neglect in families",
    "Resistant families and disguised compliance",
]


@transaction.atomic
def partnership_seed_review_lists(*, partnership: Partnership) -> None:
    from reviews.models import ReferralReason, Theme

    for position, name in enumerate(DEFAULT_REFERRAL_REASONS, start=1):
        ReferralReason.objects.get_or_create(
            partnership=partnership, name=name, defaults={"position": position}
        )
    for position, name in enumerate(DEFAULT_THEMES, start=1):
        Theme.objects.get_or_create(
            partnership=partnership, name=name, defaults={"position": position}
        )


# --- case records ------------------------------------------------------------------------
# The business unit records each step of a case from the page of the step before. Every
# write names who made it, so the history says who changed what and when.


@transaction.atomic
def notification_create(
    *, partnership: Partnership, user: User, agencies=(), **fields
) -> Notification:
    """Record a serious incident notified to the partnership."""
    notification = Notification(partnership=partnership)
    return record_save(notification, user=user, fields=fields, m2m={"agencies": agencies})


@transaction.atomic
def notification_update(*, notification: Notification, user: User, agencies=(), **fields):
    """Change a notification. Its rapid review's deadline runs from its dates, so it moves
    with them."""
    notification = record_save(notification, user=user, fields=fields, m2m={"agencies": agencies})
    rapid_review = RapidReview.objects.filter(notification=notification).first()
    if rapid_review is not None:
        start = notification.panel_notified_on or notification.la_aware_on
        if rapid_review.deadline != clocks.rapid_review_deadline(start):
            rapid_review.notification = notification
            rapid_review._history_user = user
            rapid_review.save()
    return notification


@transaction.atomic
def partnership_refresh_publication_deadlines(*, partnership: Partnership) -> int:
    """After the partnership changes the months it allows to publish a local CSPR, the
    stored publication deadlines of its CSPRs follow. Returns how many moved."""
    moved = []
    for review in Review.objects.filter(partnership=partnership, kind=Review.Kind.CSPR):
        deadline = clocks.publication_deadline(
            review.decided_on, partnership.cspr_publication_months
        )
        if review.publication_deadline != deadline:
            review.publication_deadline = deadline
            moved.append(review)
    Review.objects.bulk_update(moved, ["publication_deadline"])
    return len(moved)


@transaction.atomic
def rapid_review_create(*, notification: Notification, user: User, **fields) -> RapidReview:
    """Record the rapid review of a notification: its meeting, decision and reasons."""
    return record_save(RapidReview(notification=notification), user=user, fields=fields)


@transaction.atomic
def rapid_review_update(*, rapid_review: RapidReview, user: User, **fields) -> RapidReview:
    return record_save(rapid_review, user=user, fields=fields)


@transaction.atomic
def review_create(
    *,
    partnership: Partnership,
    user: User,
    notification: Notification | None = None,
    themes=(),
    **fields,
) -> Review:
    """Start a review: of a notification after its rapid review, or without one (a national
    review the partnership takes part in, or a serious case review recorded afterwards)."""
    review = Review(partnership=partnership, notification=notification)
    return record_save(review, user=user, fields=fields, m2m={"themes": themes})


@transaction.atomic
def review_update(*, review: Review, user: User, themes=(), **fields) -> Review:
    return record_save(review, user=user, fields=fields, m2m={"themes": themes})


@transaction.atomic
def learning_point_create(*, review: Review, user: User, **fields) -> LearningPoint:
    """Add a finding or recommendation to a review."""
    return record_save(LearningPoint(review=review), user=user, fields=fields)


@transaction.atomic
def learning_point_update(*, learning_point: LearningPoint, user: User, **fields) -> LearningPoint:
    return record_save(learning_point, user=user, fields=fields)


@transaction.atomic
def review_action_create(*, learning_point: LearningPoint, user: User, **fields) -> ReviewAction:
    """Give a recommendation an action for an agency or a group to carry out. Its owners
    then record RAG status and progress on the shared update page."""
    return record_save(ReviewAction(learning_point=learning_point), user=user, fields=fields)


@transaction.atomic
def review_action_update(
    *, action: ReviewAction, user: User, version: int, **fields
) -> ReviewAction:
    """Change what the action is, who owns it and when it is due. Refused with
    StaleUpdateError if the action changed since `version` was read."""
    action.version = version
    return record_save(action, user=user, fields=fields)


@transaction.atomic
def dissemination_create(*, review: Review, user: User, **fields) -> Dissemination:
    """Record how the learning of a review was shared, with whom and how many it reached."""
    return record_save(Dissemination(review=review), user=user, fields=fields)


@transaction.atomic
def dissemination_update(*, dissemination: Dissemination, user: User, **fields) -> Dissemination:
    return record_save(dissemination, user=user, fields=fields)
