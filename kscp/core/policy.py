"""The core of every permission: partnership scoping and roles.

- Everyone sees only their own partnership's records; another partnership's URLs answer 404.
- The business unit may change everything in its partnership.
- Executive members and the independent scrutineer read everything and change nothing.

Each app keeps its own rules next to its records (`plans/access.py`, `reviews/access.py`,
`training/access.py`) and builds them from these answers; views fetch through the app's
access module, which returns the record and whether the user may change it (as healthchecks'
`_get_check_for_user` does): no access raises Http404, asking to write without the right
raises PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kscp.core.models import Group, Membership, User

READ_ONLY_ROLES = (User.Role.EXECUTIVE, User.Role.SCRUTINEER)


def editable_group_ids(user: User) -> frozenset[int]:
    """The groups whose items this person may update: those they chair, vice-chair or lead.
    Computed once per request and kept on the user object."""
    cached = getattr(user, "_editable_group_ids", None)
    if cached is None:
        cached = frozenset(
            Group.objects.filter(
                Q(chair=user)
                | Q(vice_chair=user)
                | Q(memberships__person=user, memberships__role=Membership.Role.LEAD),
                partnership_id=user.partnership_id,
            ).values_list("id", flat=True)
        )
        user._editable_group_ids = cached
    return cached


def in_partnership(user: User, partnership_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.partnership_id is not None
        and user.partnership_id == partnership_id
    )


def can_manage(user: User, partnership_id: int) -> bool:
    """Set up and change anything of the partnership: the business unit."""
    return in_partnership(user, partnership_id) and is_business_unit(user)


def is_business_unit(user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.BUSINESS_UNIT


def reads_only(user: User) -> bool:
    """Executive members and the scrutineer: they read everything and change nothing."""
    return user.is_authenticated and user.role in READ_ONLY_ROLES


def get_for_user(queryset, user: User, pk, *, partnership_field: str = "partnership"):
    """The record `pk` of the user's partnership, or 404."""
    if not user.is_authenticated or user.partnership_id is None:
        raise Http404
    try:
        return queryset.get(pk=pk, **{f"{partnership_field}_id": user.partnership_id})
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _sits_on_group_that(user: User, flag: str) -> bool:
    """Whether the person chairs, vice-chairs or is a member of a group of their partnership
    whose Group flag `flag` is set. Computed once per request and kept on the user object."""
    cache = f"_sits_on_group_that_{flag}"
    cached = getattr(user, cache, None)
    if cached is None:
        cached = Group.objects.filter(
            Q(chair=user) | Q(vice_chair=user) | Q(memberships__person=user),
            partnership_id=user.partnership_id,
            **{flag: True},
        ).exists()
        setattr(user, cache, cached)
    return cached


# --- case reviews ------------------------------------------------------------------------
# Case records (notifications, rapid reviews, reviews, their learning and dissemination) are
# seen only by the business unit, executive members, the scrutineer and the people who sit on
# a group that reviews cases (the practice review sub-group). Everyone else gets 404, as if
# the records did not exist. Review actions are also seen, and updated, by the agency (or the
# group) that owns them.


def sits_on_case_review_group(user: User) -> bool:
    return _sits_on_group_that(user, "reviews_cases")


def can_see_cases(user: User, partnership_id: int | None) -> bool:
    if not in_partnership(user, partnership_id):
        return False
    if user.role in (User.Role.BUSINESS_UNIT, *READ_ONLY_ROLES):
        return True
    return sits_on_case_review_group(user)


def can_manage_cases(user: User, partnership_id: int | None) -> bool:
    """Record notifications, rapid reviews, reviews, learning and actions: the business unit."""
    return can_manage(user, partnership_id)


def owned_review_actions_q(user: User) -> Q:
    """Review actions owned by the person's agency, or by a group whose items they update."""
    q = Q(owner_group__in=editable_group_ids(user))
    if user.agency_id:
        q |= Q(owner_agency_id=user.agency_id)
    return q


def can_update_review_action(user: User, action) -> bool:
    partnership_id = action.learning_point.review.partnership_id
    if not in_partnership(user, partnership_id):
        return False
    if user.role == User.Role.BUSINESS_UNIT:
        return True
    if user.role in READ_ONLY_ROLES:
        return False
    return (user.agency_id is not None and action.owner_agency_id == user.agency_id) or (
        action.owner_group_id in editable_group_ids(user)
    )


def can_see_review_action(user: User, action) -> bool:
    partnership_id = action.learning_point.review.partnership_id
    return can_see_cases(user, partnership_id) or can_update_review_action(user, action)


# --- training ------------------------------------------------------------------------------
# The training offer (the course catalogue and its sessions) is the partnership's, read by
# everyone in it. Registers, imports and the changes to courses and sessions are the business
# unit's and the learning and development sub-group's (a group marked "manages training").
# Attendance records name people: the managers, executive members and the scrutineer read
# them all; anyone else sees only those of their own agency.


def sits_on_training_group(user: User) -> bool:
    return _sits_on_group_that(user, "manages_training")


def can_manage_training(user: User, partnership_id: int | None) -> bool:
    if not in_partnership(user, partnership_id):
        return False
    if user.role == User.Role.BUSINESS_UNIT:
        return True
    return user.role not in READ_ONLY_ROLES and sits_on_training_group(user)


def can_read_all_attendance(user: User, partnership_id: int | None) -> bool:
    """Every attendance record and the workforce statistics of the partnership."""
    if not in_partnership(user, partnership_id):
        return False
    return user.role in READ_ONLY_ROLES or can_manage_training(user, partnership_id)


def attendance_visible_q(user: User, prefix: str = "") -> Q:
    """The attendance records a person may see: all of the partnership's for those who read
    them all; otherwise their own agency's; nothing for a person of no agency."""
    partnership = Q(**{f"{prefix}session__course__partnership_id": user.partnership_id})
    if can_read_all_attendance(user, user.partnership_id):
        return partnership
    if user.agency_id is None:
        return Q(pk__in=[])
    return partnership & Q(**{f"{prefix}agency_id": user.agency_id})
