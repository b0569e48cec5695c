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

# Who is a lead safeguarding partner (or their delegate) is recorded by kscp.assurance, which
# nothing below the composition layer imports and its sibling kscp.overview may not either:
# it registers its answer here from its AppConfig.ready(), as it registers its demo loader.
_LEAD_PARTNER_CHECKS: list = []


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


def register_lead_partner_check(check) -> None:
    """`check(user) -> bool`: whether the person is a lead safeguarding partner (or their
    delegate) of their partnership."""
    if check not in _LEAD_PARTNER_CHECKS:
        _LEAD_PARTNER_CHECKS.append(check)


def is_lead_partner(user: User) -> bool:
    """A lead safeguarding partner of their partnership, as the app that records them says."""
    return user.is_authenticated and any(check(user) for check in _LEAD_PARTNER_CHECKS)


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


def sits_on_group_that(user: User, flag: str) -> bool:
    """Whether the person chairs, vice-chairs or is a member of a group of their partnership
    whose Group flag `flag` is set ("reviews_cases", "manages_training"). Computed once per
    request and kept on the user object."""
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
