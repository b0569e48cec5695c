"""Who may see and run update rounds. The business unit opens, changes, closes and reminds;
executive members and the scrutineer read the rounds; everyone else sees only their own
items of an open round on their home page (the round pages answer 403)."""

from django.core.exceptions import PermissionDenied

from kscp.core import policy
from kscp.core.models import User
from kscp.rounds.models import UpdateRound


def can_read_rounds(user: User) -> bool:
    return policy.is_business_unit(user) or policy.reads_only(user)


def require_readers(user: User) -> bool:
    """For the round pages of the user's own partnership: 403 to those who may not read
    them. Returns whether the user may run rounds (the business unit)."""
    if not can_read_rounds(user):
        raise PermissionDenied
    return policy.can_manage(user, user.partnership_id)


def get_round(user: User, pk) -> tuple[UpdateRound, bool]:
    """A round of the user's partnership (404 otherwise) and whether they may run it."""
    update_round = policy.get_for_user(UpdateRound.objects.prefetch_related("plans"), user, pk)
    return update_round, require_readers(user)
