"""Load the update rounds of a partnership's fixture file (fixtures/<partnership>/rounds.yaml)
for the load_demo command, in the shape of every demo loader (kscp.core.loading).

A round with fixed dates (`opens_on`, `deadline`) is a round of the past: the owners' updates
it lists are recorded in their items' history on the day given, without changing the items,
and, with `closed_at`, it is closed with its figures stored as closing a round stores them.
A round with `opens_working_days_before_loading` and `deadline_working_days_after_loading`
is dated from the day of loading and named after the financial quarter of its deadline; its
`no_change` confirmations are saved that day through the owners' own "no change" service.
Rounds are found by name: once one exists it is left alone, so loading twice changes nothing."""

import datetime

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from kscp.core.loading import Loader, as_text
from kscp.core.models import Partnership
from kscp.core.services import tracked_item_confirm_no_change
from kscp.core.tracking import UPDATE_REASON
from kscp.core.workdays import add_working_days, subtract_working_days
from kscp.rounds.models import UpdateRound
from kscp.rounds.selectors import round_state
from plans.models import Objective, Plan


def quarter_name(day: datetime.date) -> str:
    """The financial quarter (April to June is the first) of `day`: "Quarter 3 2026/27"."""
    year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"Quarter {quarter} {year}/{(year + 1) % 100:02d}"


def _aware(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12)))


@transaction.atomic
def load_rounds(
    partnership: Partnership,
    data: dict,
    loader: Loader | None = None,
    today: datetime.date | None = None,
) -> int:
    """The rounds of one rounds file; `today` is the day of loading (by default, today)."""
    loader = Loader() if loader is None else loader
    today = today or timezone.localdate()
    start = loader.created
    for spec in data.get("rounds") or []:
        _RoundLoader(partnership, spec, loader, today).load()
    return loader.created - start


class _RoundLoader:
    def __init__(self, partnership: Partnership, spec: dict, loader: Loader, today):
        self.partnership = partnership
        self.spec = spec
        self.loader = loader
        if "deadline_working_days_after_loading" in spec:
            self.opens_on = subtract_working_days(
                today, spec.get("opens_working_days_before_loading", 0)
            )
            self.deadline = add_working_days(today, spec["deadline_working_days_after_loading"])
            self.name = spec.get("name") or quarter_name(self.deadline)
            self.recorded_at = timezone.now()
        else:
            self.opens_on, self.deadline = spec["opens_on"], spec["deadline"]
            self.name = spec["name"]
            self.recorded_at = _aware(self.opens_on)

    def objective(self, plans: list[Plan], number) -> Objective:
        found = Objective.objects.filter(plan__in=plans, number=str(number)).first()
        if found is None:
            raise CommandError(f"Round {self.name}: no objective {number} in its plans")
        return found

    def load(self) -> None:
        spec = self.spec
        plans = []
        for title in spec.get("plans") or []:
            plan = Plan.objects.filter(partnership=self.partnership, title=title).first()
            if plan is None:
                raise CommandError(f"Round {self.name}: unknown plan {title!r}")
            plans.append(plan)
        opened_by = self.loader.person(self.partnership, spec.get("opened_by"))
        if UpdateRound.objects.filter(partnership=self.partnership, name=self.name).exists():
            return
        update_round = UpdateRound(
            partnership=self.partnership,
            name=self.name,
            opens_on=self.opens_on,
            deadline=self.deadline,
            meeting=as_text(spec.get("meeting")),
            message=as_text(spec.get("message")),
            include_review_actions=bool(spec.get("include_review_actions")),
        )
        update_round.full_clean()
        update_round._history_date = self.recorded_at
        update_round._history_user = opened_by
        update_round.save()
        self.loader.created += 1
        update_round.plans.set(plans)
        updates = spec.get("updates") or {}
        if updates:
            self.record_updates(plans, updates)
        for entry in spec.get("no_change") or []:
            item = self.objective(plans, entry["objective"])
            tracked_item_confirm_no_change(
                item=item,
                user=self.loader.person(self.partnership, entry["by"]),
                version=item.version,
            )
        if spec.get("closed_at"):
            self.close(update_round, _aware(spec["closed_at"]), spec.get("closed_by"))
        else:
            dated = {"created_at": self.recorded_at, "updated_at": self.recorded_at}
            UpdateRound.objects.filter(pk=update_round.pk).update(**dated)

    def record_updates(self, plans: list[Plan], updates: dict) -> None:
        """The owners' updates of a round of the past, as history rows of the items as they
        stand (the values the document printed), dated when the document recorded them."""
        when = _aware(updates["recorded_at"])
        for entry in updates.get("items") or []:
            item = self.objective(plans, entry["objective"])
            Objective.history.bulk_history_create(
                [item],
                update=True,
                default_user=self.loader.person(self.partnership, entry["by"]),
                default_change_reason=UPDATE_REASON,
                default_date=when,
            )

    def close(self, update_round: UpdateRound, closed_at: datetime.datetime, username) -> None:
        """Closed on the day given, its figures stored as kscp.rounds.services.round_close
        stores them."""
        state = round_state(update_round)
        update_round.closed_at = closed_at
        update_round.closed_by = self.loader.person(self.partnership, username)
        update_round.closed_done = state.done
        update_round.closed_total = state.total
        update_round.closed_figures = state.frozen_figures()
        update_round._history_date = closed_at
        update_round._history_user = update_round.closed_by
        update_round.save()
        dated = {"created_at": self.recorded_at, "updated_at": closed_at}
        UpdateRound.objects.filter(pk=update_round.pk).update(**dated)
