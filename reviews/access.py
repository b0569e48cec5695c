"""Who may see and change case-review records, and the one way views fetch them.

Case records (notifications, rapid reviews, reviews, their learning and dissemination) are
seen only by the business unit, executive members, the scrutineer and the people who sit on
a group that reviews cases (the practice review sub-group). Everyone else gets 404, as if
the records did not exist. The business unit records them. Review actions are also seen,
and updated, by the agency (or the group) that owns them.

Each `get_*` returns the record and whether the user may change it; a view that changes it
then calls `policy.require(...)`, which answers 403 to those who only read."""

from django.db.models import Q
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


def sits_on_case_review_group(user: User) -> bool:
    return policy.sits_on_group_that(user, "reviews_cases")


def can_see_cases(user: User, partnership_id: int | None) -> bool:
    if not policy.in_partnership(user, partnership_id):
        return False
    if policy.is_business_unit(user) or policy.reads_only(user):
        return True
    return sits_on_case_review_group(user)


def can_manage_cases(user: User, partnership_id: int | None) -> bool:
    """Record notifications, rapid reviews, reviews, learning and actions: the business unit."""
    return policy.can_manage(user, partnership_id)


def owned_review_actions_q(user: User) -> Q:
    """Review actions owned by the person's agency, or by a group whose items they update."""
    q = Q(owner_group__in=policy.editable_group_ids(user))
    if user.agency_id:
        q |= Q(owner_agency_id=user.agency_id)
    return q


def can_update_review_action(user: User, action: ReviewAction) -> bool:
    """Record RAG, progress and evidence: the business unit and the action's owners."""
    partnership_id = action.learning_point.review.partnership_id
    if not policy.in_partnership(user, partnership_id):
        return False
    if policy.is_business_unit(user):
        return True
    if policy.reads_only(user):
        return False
    return (user.agency_id is not None and action.owner_agency_id == user.agency_id) or (
        action.owner_group_id in policy.editable_group_ids(user)
    )


def can_see_review_action(user: User, action: ReviewAction) -> bool:
    partnership_id = action.learning_point.review.partnership_id
    return can_see_cases(user, partnership_id) or can_update_review_action(user, action)


def require_cases(user: User) -> bool:
    """For pages of the user's own partnership that show case records: 404 to those who may
    not see them. Returns whether the user may record them (the business unit)."""
    if not can_see_cases(user, user.partnership_id):
        raise Http404
    return can_manage_cases(user, user.partnership_id)


def _case_record(user: User, queryset, pk, partnership_field="partnership"):
    can_change = require_cases(user)
    return policy.get_for_user(queryset, user, pk, partnership_field=partnership_field), can_change


def get_notification(user: User, pk) -> tuple[Notification, bool]:
    return _case_record(
        user, Notification.objects.select_related("referral_reason", "partnership"), pk
    )


def get_rapid_review(user: User, pk) -> tuple[RapidReview, bool]:
    return _case_record(
        user,
        RapidReview.objects.select_related("notification__referral_reason", "chair"),
        pk,
        "notification__partnership",
    )


def get_review(user: User, pk) -> tuple[Review, bool]:
    return _case_record(user, Review.objects.select_related("partnership", "notification"), pk)


def get_learning_point(user: User, pk) -> tuple[LearningPoint, bool]:
    return _case_record(
        user,
        LearningPoint.objects.select_related("review", "theme", "objective"),
        pk,
        "review__partnership",
    )


def get_dissemination(user: User, pk) -> tuple[Dissemination, bool]:
    return _case_record(
        user, Dissemination.objects.select_related("review"), pk, "review__partnership"
    )


def get_review_action(user: User, pk) -> tuple[ReviewAction, bool]:
    """A review action, for its owners (the agency or group) and those who see case records,
    and whether the user may record its RAG, progress and evidence (its owners and the
    business unit). Changing what the action is asks `can_manage_cases` as well."""
    action = policy.get_for_user(
        ReviewAction.objects.select_related(
            "learning_point__review", "learning_point__theme", "owner_agency", "owner_group"
        ),
        user,
        pk,
        partnership_field="learning_point__review__partnership",
    )
    if not can_see_review_action(user, action):
        raise Http404
    return action, can_update_review_action(user, action)
