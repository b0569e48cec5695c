"""Writes of update rounds: open (create), change, close with its figures frozen, remind."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kscp.core.models import Partnership, User
from kscp.core.records import record_save
from kscp.rounds import mailing
from kscp.rounds.models import BoardPack, UpdateRound
from kscp.rounds.selectors import round_state

ALREADY_CLOSED = "This round was closed already"
PLAN_OR_REVIEW_ACTIONS = "Select at least one plan, or include the open review actions"


def _check_scope(plans, include_review_actions) -> None:
    if not plans and not include_review_actions:
        raise ValidationError({"plans": PLAN_OR_REVIEW_ACTIONS})


@transaction.atomic
def round_open(
    *, partnership: Partnership, user: User, plans, include_review_actions: bool, **fields
) -> UpdateRound:
    """Open a round; `send_reminders` e-mails its owners from its opening day."""
    _check_scope(plans, include_review_actions)
    update_round = UpdateRound(partnership=partnership)
    return record_save(
        update_round,
        user=user,
        fields={**fields, "include_review_actions": include_review_actions},
        m2m={"plans": plans},
    )


@transaction.atomic
def round_change(
    *, update_round: UpdateRound, user: User, version: int, plans, include_review_actions, **fields
) -> UpdateRound:
    """Change a round, if nobody else did since `version` was read (StaleUpdateError)."""
    if update_round.is_closed:
        raise ValidationError(ALREADY_CLOSED)
    _check_scope(plans, include_review_actions)
    update_round.version = version
    return record_save(
        update_round,
        user=user,
        fields={**fields, "include_review_actions": include_review_actions},
        m2m={"plans": plans},
    )


@transaction.atomic
def round_close(*, update_round: UpdateRound, user: User, version: int) -> UpdateRound:
    """Close the round, storing its figures as they are now, so reports can quote them."""
    if update_round.is_closed:
        raise ValidationError(ALREADY_CLOSED)
    state = round_state(update_round)
    update_round.version = version
    return record_save(
        update_round,
        user=user,
        fields={
            "closed_at": timezone.now(),
            "closed_by": user,
            "closed_done": state.done,
            "closed_total": state.total,
            "closed_figures": state.frozen_figures(),
        },
    )


def round_remind_now(
    *, update_round: UpdateRound, owner_key: str | None = None, today: datetime.date | None = None
):
    """E-mail the outstanding owners (or one of them) of the round now, once a day at most."""
    today = today or timezone.localdate()
    return mailing.remind_now(update_round, owner_key=owner_key, today=today)


@transaction.atomic
def board_pack_prepare(
    *,
    partnership: Partnership,
    user: User,
    meeting_on: datetime.date,
    since: datetime.date,
    next_meeting_on: datetime.date,
) -> BoardPack:
    """Keep the board pack prepared for the meeting on `meeting_on` (one a meeting: preparing
    it again keeps the dates and the person of the last time)."""
    pack = BoardPack.objects.filter(partnership=partnership, meeting_on=meeting_on).first()
    pack = pack or BoardPack(partnership=partnership, meeting_on=meeting_on)
    pack.since, pack.next_meeting_on, pack.prepared_by = since, next_meeting_on, user
    pack.full_clean()
    pack.save()
    return pack


def board_pack_remove(*, pack: BoardPack, user: User) -> None:
    """Forget the pack prepared for a meeting (a date mistyped, say): it leaves the list, and
    the next pack's changes no longer run from its meeting by default. Its history keeps it."""
    pack._history_user = user
    pack.delete()
