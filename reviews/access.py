"""Fetch case-review records for a user, as the policy says: a record the user may not see
answers 404 (as if it did not exist); asking to change it without the right answers 403.

Every view of the reviews app fetches its record here and never checks roles itself."""

from django.http import Http404

from kscp.core import policy
from kscp.core.models import User
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    Review,
    ReviewAction,
)


def require_cases(user: User, *, write: bool = False) -> None:
    """For pages of the user's own partnership that show (or, `write`, add) case records:
    those who may not see case records get 404, those who only read them 403."""
    if not policy.can_see_cases(user, user.partnership_id):
        raise Http404
    if write:
        policy.require(policy.can_manage_cases(user, user.partnership_id))


def get_notification(user: User, pk, *, write: bool = False) -> Notification:
    require_cases(user, write=write)
    return policy.get_for_user(
        Notification.objects.select_related("referral_reason", "partnership"), user, pk
    )


def get_rapid_review(user: User, pk, *, write: bool = False) -> RapidReview:
    require_cases(user, write=write)
    return policy.get_for_user(
        RapidReview.objects.select_related("notification__referral_reason", "chair"),
        user,
        pk,
        partnership_field="notification__partnership",
    )


def get_review(user: User, pk, *, write: bool = False) -> Review:
    require_cases(user, write=write)
    return policy.get_for_user(
        Review.objects.select_related("partnership", "notification"), user, pk
    )


def get_learning_point(user: User, pk, *, write: bool = False) -> LearningPoint:
    require_cases(user, write=write)
    return policy.get_for_user(
        LearningPoint.objects.select_related("review", "theme", "objective"),
        user,
        pk,
        partnership_field="review__partnership",
    )


def get_dissemination(user: User, pk, *, write: bool = False) -> Dissemination:
    require_cases(user, write=write)
    return policy.get_for_user(
        Dissemination.objects.select_related("review"),
        user,
        pk,
        partnership_field="review__partnership",
    )


def get_review_action(user: User, pk, *, write: bool = False, update: bool = False):
    """A review action, for its owners (the agency or group) and those who see case records.
    `write`: change what the action is (the business unit); `update`: record RAG, progress
    and evidence (the owners and the business unit)."""
    action = policy.get_for_user(
        ReviewAction.objects.select_related(
            "learning_point__review", "learning_point__theme", "owner_agency", "owner_group"
        ),
        user,
        pk,
        partnership_field="learning_point__review__partnership",
    )
    if not policy.can_see_review_action(user, action):
        raise Http404
    if write:
        policy.require(policy.can_manage_cases(user, user.partnership_id))
    if update:
        policy.require(policy.can_update_review_action(user, action))
    return action
