"""An update round on the personas' plan (tests/conftest.py): the lead chairs the group that
owns objective 1.1 and leads its action a); the other lead leads the group that owns
objective 1.2, whose action a) has no lead of its own. Everyone has an e-mail address."""

import datetime

import pytest
from django.utils import timezone

from kscp.core.services import tracked_item_confirm_no_change, tracked_item_update
from kscp.rounds import services
from kscp.rounds.models import UpdateRound
from tests.reviews.conftest import (  # noqa: F401 - a review action for rounds that include them
    learning_point,
    notification,
    rapid_review,
    review,
    review_action,
)

TODAY = timezone.localdate()


@pytest.fixture
def addresses(lead, other_lead, member, business_unit):
    for person in (lead, other_lead, member, business_unit):
        person.email = f"{person.username}@example.org"
        person.save()


@pytest.fixture
def round_items(objective, other_objective, action, other_action):
    return [objective, other_objective, action, other_action]


@pytest.fixture
def update_round(partnership, plan, round_items, addresses):
    update_round = UpdateRound.objects.create(
        partnership=partnership,
        name="Quarter 3 2026/27",
        opens_on=TODAY - datetime.timedelta(days=3),
        deadline=TODAY + datetime.timedelta(days=20),
        meeting="Executive group",
    )
    update_round.plans.add(plan)
    return update_round


def update(item, user, rag="green", progress="On track"):
    item.refresh_from_db()
    return tracked_item_update(
        item=item, user=user, rag=rag, progress=progress, evidence="", version=item.version
    )


def confirm_no_change(item, user):
    item.refresh_from_db()
    return tracked_item_confirm_no_change(item=item, user=user, version=item.version)


def move_history(item, when: datetime.datetime):
    """Date the item's latest history row (and the item) at `when`."""
    row = item.history.order_by("-history_date").first()
    type(row).objects.filter(pk=row.pk).update(history_date=when)
    type(item).objects.filter(pk=item.pk).update(updated_at=when)


def closed_round(partnership, plans, business_unit, name, closed_on, *, review_actions=False):
    """A round of `plans` closed on `closed_on` with its figures stored by round_close."""
    update_round = UpdateRound.objects.create(
        partnership=partnership,
        name=name,
        opens_on=timezone.localdate() - datetime.timedelta(days=10),
        deadline=timezone.localdate(),
        include_review_actions=review_actions,
    )
    update_round.plans.set(plans)
    services.round_close(update_round=update_round, user=business_unit, version=1)
    closed_at = timezone.make_aware(datetime.datetime.combine(closed_on, datetime.time(10)))
    UpdateRound.objects.filter(pk=update_round.pk).update(closed_at=closed_at)
    update_round.refresh_from_db()
    return update_round
