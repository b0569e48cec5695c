"""Reads of the case-review lists and of the review actions list. Each list is a FilterSet
over a queryset that starts from the user's partnership, and reads its page in a fixed number
of queries, however many records there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from kscp.core.models import User
from kscp.core.timeline import TimelineEntry, tracked_item_timeline
from kscp.core.tracking import RAG
from reviews import access
from reviews.filters import NO_AGENCY, NotificationFilter, ReviewActionFilter, ReviewFilter
from reviews.models import (
    REVIEW_ACTION_PROGRESS_KEY,
    LearningPoint,
    Notification,
    Review,
    ReviewAction,
)

# The colour of each stage's tag; the tag always says the stage in words.
STAGE_TAG_CLASSES = {
    Review.Stage.SCOPING: "govuk-tag--grey",
    Review.Stage.IN_PROGRESS: "govuk-tag--blue",
    Review.Stage.DRAFT: "govuk-tag--light-blue",
    Review.Stage.AGREED: "govuk-tag--turquoise",
    Review.Stage.PUBLISHED: "govuk-tag--green",
    Review.Stage.CLOSED: "govuk-tag--purple",
}


def notification_list(*, user: User, data, today: datetime.date) -> NotificationFilter:
    """The partnership's notifications, each with its rapid review, as the filters select
    them; the most recent first."""
    queryset = (
        Notification.objects.filter(partnership_id=user.partnership_id)
        .select_related("referral_reason", "rapid_review")
        .prefetch_related("reviews")
        .order_by("-la_aware_on", "reference", "pk")
    )
    return NotificationFilter(
        data or None, queryset=queryset, partnership_id=user.partnership_id, today=today
    )


NOT_DECIDED_YET = "Not decided yet"
NO_RAPID_REVIEW = "No rapid review"


def decision_words(notification: Notification) -> str:
    """What was decided about the notification, for the Decision column: the rapid review's
    decision; else the review held without one (the practice review sub-group may decide on
    a local learning review of an incident the Panel need not be told of); else no rapid
    review, when none is needed; else not decided yet. Reads the prefetched reviews."""
    rapid_review = getattr(notification, "rapid_review", None)
    if rapid_review is not None and rapid_review.decision:
        return rapid_review.get_decision_display()
    reviews = sorted(notification.reviews.all(), key=lambda r: (r.decided_on, r.pk))
    if reviews:
        review, decided = reviews[0], reviews[0].decided_on
        return f"{review.get_kind_display()}, decided {decided.day} {decided:%b %Y}"
    if not notification.panel_notification_required:
        return NO_RAPID_REVIEW
    return NOT_DECIDED_YET


def with_notification_clocks(notifications, today: datetime.date) -> list[Notification]:
    """The page's notifications, each with `panel` and `rapid` clocks as at `today` and
    its `decision` in words."""
    rows = list(notifications)
    for notification in rows:
        notification.panel = notification.panel_clock(today)
        notification.rapid = notification.rapid_review_clock(today)
        notification.rapid_review_or_none = getattr(notification, "rapid_review", None)
        notification.decision = decision_words(notification)
    return rows


def _count(queryset, outer: str):
    """The number of rows of `queryset` per outer record, as a subquery (0 when none), so
    that the count is not multiplied by the joins of the filters."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def review_list(*, user: User, data, today: datetime.date) -> ReviewFilter:
    """The partnership's reviews, with their numbers of recommendations and of actions not
    yet complete, as the filters select them; the most recent decision first."""
    queryset = (
        Review.objects.filter(partnership_id=user.partnership_id)
        .select_related("notification")
        .annotate(
            recommendation_count=_count(
                LearningPoint.objects.filter(is_recommendation=True), "review"
            ),
            open_action_count=_count(
                ReviewAction.objects.exclude(rag=RAG.COMPLETE), "learning_point__review"
            ),
        )
        .order_by("-decided_on", "title", "pk")
    )
    return ReviewFilter(
        data or None, queryset=queryset, partnership_id=user.partnership_id, today=today
    )


def with_review_clocks(reviews, today: datetime.date) -> list[Review]:
    """The page's reviews, each with its `publication` clock (None unless a local CSPR) and
    the colour of its stage tag."""
    rows = list(reviews)
    for review in rows:
        review.publication = review.publication_clock(today)
        review.stage_tag_class = STAGE_TAG_CLASSES[Review.Stage(review.stage)]
    return rows


def sees_every_review_action(user: User) -> bool:
    """Those who see case records see every review action of the partnership; the others
    see those their agency, or a group they lead, owns."""
    return access.can_see_cases(user, user.partnership_id)


def review_action_list(*, user: User, data, today: datetime.date) -> ReviewActionFilter:
    everyone = sees_every_review_action(user)
    queryset = ReviewAction.objects.filter(
        learning_point__review__partnership_id=user.partnership_id
    ).select_related(
        "learning_point__review", "learning_point__theme", "owner_agency", "owner_group"
    )
    if everyone:
        queryset = queryset.order_by(
            F("owner_agency__name").asc(nulls_last=True), F("due_on").asc(nulls_last=True), "pk"
        )
    else:
        queryset = queryset.filter(access.owned_review_actions_q(user)).order_by(
            F("due_on").asc(nulls_last=True), "pk"
        )
    return ReviewActionFilter(
        data or None,
        queryset=queryset,
        partnership_id=user.partnership_id,
        everyone=everyone,
        today=today,
    )


def with_update_rights(actions, user: User) -> list[ReviewAction]:
    rows = list(actions)
    for action in rows:
        action.can_update = access.can_update_review_action(user, action)
    return rows


@dataclass
class AgencyRow:
    """One owner agency's review actions, counted by RAG status."""

    agency_id: int | None
    name: str
    counts: list[tuple[str, str, int]]  # (RAG value, label, number)
    total: int


def review_actions_by_agency(user: User) -> list[AgencyRow]:
    """Every review action of the partnership counted by owner agency and RAG status: the
    executive's "review actions by agency". One query."""
    rows = (
        ReviewAction.objects.filter(learning_point__review__partnership_id=user.partnership_id)
        .values("owner_agency_id", "owner_agency__name", "rag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_agency: dict[int | None, dict] = {}
    names: dict[int | None, str] = {}
    for row in rows:
        agency_id = row["owner_agency_id"]
        names[agency_id] = row["owner_agency__name"] or NO_AGENCY
        by_agency.setdefault(agency_id, {})[row["rag"]] = row["n"]
    ordered = sorted(names, key=lambda pk: (pk is None, names[pk].lower()))
    return [
        AgencyRow(
            agency_id=pk,
            name=names[pk],
            counts=[
                (value, label, by_agency[pk].get(value, 0))
                for value, label, _ in REVIEW_ACTION_PROGRESS_KEY
            ],
            total=sum(by_agency[pk].values()),
        )
        for pk in ordered
    ]


def review_action_timeline(action: ReviewAction) -> list[TimelineEntry]:
    return tracked_item_timeline(action, "Action")


def owned_review_actions_exist(user: User) -> bool:
    """Whether the person's agency, or a group they lead, owns any review action."""
    if user.partnership_id is None:
        return False
    return (
        ReviewAction.objects.filter(learning_point__review__partnership_id=user.partnership_id)
        .filter(access.owned_review_actions_q(user))
        .exists()
    )


def case_review_navigation(user: User) -> dict[str, bool]:
    """Which case-review entries the service navigation offers this person: "Case reviews"
    to those who see case records, "Review actions" to them and to the owners of actions.
    Worked out once per request and kept on the user object."""
    cached = getattr(user, "_case_review_navigation", None)
    if cached is None:
        if not user.is_authenticated or user.partnership_id is None:
            cached = {"cases": False, "actions": False}
        else:
            cases = access.can_see_cases(user, user.partnership_id)
            cached = {"cases": cases, "actions": cases or owned_review_actions_exist(user)}
        user._case_review_navigation = cached
    return cached


def owned_review_actions(user: User) -> list[ReviewAction]:
    """The review actions that the person's agency, or a group whose items they update, owns,
    of reviews not closed, each knowing whether the person may update it (`can_update`).
    One query, however many there are."""
    if user.partnership_id is None:
        return []
    actions = list(
        ReviewAction.objects.filter(learning_point__review__partnership_id=user.partnership_id)
        .filter(access.owned_review_actions_q(user))
        .exclude(learning_point__review__stage=Review.Stage.CLOSED)
        .select_related("learning_point__review", "owner_agency", "owner_group")
    )
    return with_update_rights(actions, user)
