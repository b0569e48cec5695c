"""What each person is due to be told by e-mail about update rounds and case-review clocks,
and the one digest e-mail a day that tells it (the core's outbox records and sends it).

- **Opening**: from the round's opening day until its deadline, every owner is sent their
  items (number, text, RAG, due date, a link to each update page; signing in is required).
- **Reminders**: ROUND_REMINDER_WORKING_DAYS working days before the deadline (5 and 1),
  owners with items still outstanding.
- **Escalation**: on the first working day after the deadline, owners with items still
  outstanding, the chair of each owning group, and the business unit for review actions.
- **Case-review clocks**: the business unit, when a Panel notification or a rapid review is
  CASE_CLOCK_WARNING_WORKING_DAYS working days from its deadline, and when it has passed,
  naming the anonymised reference only.

Opening e-mails and reminders go only to people who want them ("Your e-mail"); escalations
and clocks always go."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats

from kscp.core import mail, outbox
from kscp.core.models import EmailDue, OutgoingEmail, User
from kscp.core.workdays import add_working_days, subtract_working_days, working_days_between
from kscp.rounds.models import UpdateRound
from kscp.rounds.selectors import RoundItem, RoundState, round_state
from reviews.models import Notification, RapidReview

OPENING, ESCALATION, REMIND_NOW = "opening", "escalation", "remind-now"
NOW = "now"  # the stream of "remind now" e-mails, apart from the daily digest
CLOCK_SOON, CLOCK_PASSED = "clock-soon", "clock-passed"


def reminder_kind(days: int) -> str:
    return f"reminder-{days}"


def reminder_dates(update_round: UpdateRound) -> dict[str, datetime.date]:
    return {
        reminder_kind(days): subtract_working_days(update_round.deadline, days)
        for days in settings.ROUND_REMINDER_WORKING_DAYS
    }


def escalation_date(update_round: UpdateRound) -> datetime.date:
    return add_working_days(update_round.deadline, 1)


def _contacts(state: RoundState, *, outstanding: bool) -> dict[int, User]:
    people = {}
    for item in state.items:
        if outstanding and item.updated:
            continue
        for owner in item.owners:
            for person in owner.contacts:
                people[person.pk] = person
    return people


def round_dues(state: RoundState, today: datetime.date) -> list[outbox.Due]:
    """What the round's people are due to be told by `today`."""
    update_round = state.round
    topic = update_round.topic
    dues = []
    if today <= update_round.deadline:
        for person in _contacts(state, outstanding=False).values():
            if person.receives_reminders:
                dues.append(outbox.Due(person.pk, topic, OPENING, update_round.opens_on))
        outstanding = _contacts(state, outstanding=True)
        for kind, day in reminder_dates(update_round).items():
            if update_round.opens_on < day <= today:
                dues += [
                    outbox.Due(person.pk, topic, kind, day)
                    for person in outstanding.values()
                    if person.receives_reminders
                ]
    elif today >= (day := escalation_date(update_round)):
        people = set(_contacts(state, outstanding=True))
        for item in state.items:
            if not item.updated:
                people |= item.chairs
        dues += [outbox.Due(pk, topic, ESCALATION, day) for pk in people]
    return dues


def clock_dues(today: datetime.date) -> list[outbox.Due]:
    """Case-review clocks near or past their deadline, for each partnership's business unit."""
    warning = settings.CASE_CLOCK_WARNING_WORKING_DAYS
    horizon = add_working_days(today, warning)
    clocks = [
        (f"notification:{n.pk}", n.partnership_id, n.panel_deadline)
        for n in Notification.objects.filter(
            panel_notification_required=True,
            panel_notified_on__isnull=True,
            panel_deadline__lte=horizon,
        )
    ]
    clocks += [
        (f"rapid-review:{r.pk}", r.notification.partnership_id, r.deadline)
        for r in RapidReview.objects.filter(
            completed_on__isnull=True, deadline__lte=horizon
        ).select_related("notification")
    ]
    business_unit = defaultdict(list)
    for person in User.objects.filter(
        role=User.Role.BUSINESS_UNIT, is_active=True, partnership_id__isnull=False
    ):
        business_unit[person.partnership_id].append(person.pk)
    dues = []
    for topic, partnership_id, deadline in clocks:
        if deadline < today:
            kind, day = CLOCK_PASSED, deadline + datetime.timedelta(days=1)
        else:
            kind, day = CLOCK_SOON, subtract_working_days(deadline, warning)
        dues += [outbox.Due(pk, topic, kind, day) for pk in business_unit[partnership_id]]
    return dues


@dataclass
class Section:
    """One round in a person's e-mail: why they are written to, and their items."""

    round: UpdateRound
    kind: str
    items: list[RoundItem]

    @property
    def heading(self) -> str:
        deadline = formats.date_format(self.round.deadline, "j F Y")
        if self.kind == ESCALATION:
            return f"{self.round.name}: updates were due by {deadline} and are still missing"
        if self.kind == OPENING:
            return f"{self.round.name}: please update your items by {deadline}"
        return f"{self.round.name}: reminder, updates are due by {deadline}"


@dataclass
class ClockLine:
    reference: str
    clock: str
    deadline: datetime.date
    days_left: int  # working days; 0 on the day, and on a weekend just after it
    url: str
    passed: bool


URGENCY = [ESCALATION, REMIND_NOW, OPENING]  # the rest are reminders


def _urgency(kind: str) -> int:
    return URGENCY.index(kind) if kind in URGENCY else 1


class Composer:
    """Builds each person's e-mail from their dues, reading each round once per run."""

    def __init__(self, today: datetime.date, states: dict[int, RoundState] | None = None):
        self.today = today
        self.states = dict(states or {})

    def state(self, round_id: int) -> RoundState | None:
        if round_id not in self.states:
            update_round = UpdateRound.objects.filter(pk=round_id).first()
            self.states[round_id] = round_state(update_round) if update_round else None
        return self.states[round_id]

    def __call__(self, person: User, dues: list[EmailDue]):
        by_topic = defaultdict(list)
        for due in dues:
            by_topic[due.topic].append(due.kind)
        sections, clocks = [], []
        for topic, kinds in by_topic.items():
            name, _, pk = topic.partition(":")
            if name == "round":
                section = self._section(person, int(pk), min(kinds, key=_urgency))
                if section:
                    sections.append(section)
            else:
                clock = self._clock(name, int(pk))
                if clock:
                    clocks.append(clock)
        if not sections and not clocks:
            return None
        return mail.compose(
            to=person.email,
            template="round_digest",
            context={
                "person": person,
                "partnership_name": person.partnership.name if person.partnership_id else "",
                "subject": self._subject(sections, clocks),
                "sections": sections,
                "clocks": clocks,
            },
        )

    def _section(self, person: User, round_id: int, kind: str) -> Section | None:
        state = self.state(round_id)
        if state is None or state.round.is_closed:
            return None
        if kind == ESCALATION:
            items = [
                item
                for item in state.items
                if not item.updated and (person.pk in item.chairs or _is_contact(person, item))
            ]
        elif kind == OPENING:
            items = state.contacts_of(person)
        else:
            items = [item for item in state.contacts_of(person) if not item.updated]
        return Section(state.round, kind, items) if items else None

    def _clock(self, name: str, pk: int) -> ClockLine | None:
        today = self.today
        if name == "notification":
            n = Notification.objects.filter(pk=pk, panel_notified_on__isnull=True).first()
            if n is None or n.panel_deadline is None:
                return None
            url = mail.site_url(reverse("reviews:notification", args=[n.pk]))
            days = working_days_between(today, n.panel_deadline)
            passed = n.panel_deadline < today
            return ClockLine(n.reference, "Panel notification", n.panel_deadline, days, url, passed)
        r = (
            RapidReview.objects.filter(pk=pk, completed_on__isnull=True)
            .select_related("notification")
            .first()
        )
        if r is None:
            return None
        url = mail.site_url(reverse("reviews:notification", args=[r.notification_id]))
        days = working_days_between(today, r.deadline)
        passed = r.deadline < today
        return ClockLine(r.notification.reference, "Rapid review", r.deadline, days, url, passed)

    @staticmethod
    def _subject(sections: list[Section], clocks: list[ClockLine]) -> str:
        if sections:
            first = min(sections, key=lambda s: (_urgency(s.kind), s.round.deadline))
            deadline = formats.date_format(first.round.deadline, "j F Y")
            if first.kind == ESCALATION:
                return f"Overdue: updates for {first.round.name} were due by {deadline}"
            if first.kind == OPENING:
                return f"Updates due by {deadline}: {first.round.name}"
            return f"Reminder: updates due by {deadline} for {first.round.name}"
        return "Case-review deadlines near or passed"


def _is_contact(person: User, item: RoundItem) -> bool:
    return any(person.pk in {c.pk for c in owner.contacts} for owner in item.owners)


def remind_now_people(state: RoundState, owner_key: str | None = None) -> list[User]:
    """Who "remind now" writes to: the contacts of the outstanding owners (or of one)."""
    people = {}
    for owner in state.owners:
        if owner_key and owner.key != owner_key:
            continue
        if owner.outstanding:
            for person in owner.contacts:
                people[person.pk] = person
    return sorted(people.values(), key=str)


def emailed_on(people: list[User], day: datetime.date) -> list[User]:
    """Those of `people` already e-mailed on `day` (or being e-mailed), whatever about: "remind
    now" does not write to them again, so that nobody gets more than one e-mail a day."""
    ids = set(
        OutgoingEmail.objects.filter(
            person__in=people,
            day=day,
            status__in=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.SENDING],
        ).values_list("person_id", flat=True)
    )
    return [person for person in people if person.pk in ids]


def remind_now(update_round: UpdateRound, *, owner_key: str | None, today: datetime.date):
    state = round_state(update_round)
    people = remind_now_people(state, owner_key)
    already = emailed_on(people, today)
    people = [person for person in people if person not in already]
    outbox.record_dues(
        outbox.Due(person.pk, update_round.topic, REMIND_NOW, today, stream=NOW)
        for person in people
    )
    return outbox.dispatch(
        today=today,
        compose=Composer(today, {update_round.pk: state}),
        stream=NOW,
        people=[person.pk for person in people],
    )


def send_due(today: datetime.date) -> tuple[int, outbox.Dispatched]:
    """Record everything due by `today` and send each person their e-mail of the day, but
    for those "reminded now" today already: theirs goes the next day. Returns how many dues
    were considered, and what was sent."""
    states = {
        update_round.pk: round_state(update_round)
        for update_round in UpdateRound.objects.filter(
            closed_at__isnull=True, opens_on__lte=today
        ).prefetch_related("plans")
    }
    dues = [due for state in states.values() for due in round_dues(state, today)]
    dues += clock_dues(today)
    outbox.record_dues(dues)
    reminded_now = OutgoingEmail.objects.filter(
        day=today,
        stream=NOW,
        status__in=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.SENDING],
    ).values_list("person_id", flat=True)
    return len(dues), outbox.dispatch(
        today=today, compose=Composer(today, states), skip=list(reminded_now)
    )
