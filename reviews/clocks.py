"""Clocks of case reviews, in working days (weekends and bank holidays in England left out),
as Working Together to Safeguard Children (2026, which replaced the 2023 edition) and the
Child Safeguarding Practice Review Panel's guidance for safeguarding partners set them:

- the Panel is notified within 5 working days of the local authority becoming aware of a
  serious incident (Children Act 2004, s16C, and Working Together);
- the rapid review is completed within 15 working days of that notification (the Panel's
  expectation; counted from the day the local authority became aware until the Panel is
  notified);
- a local child safeguarding practice review (CSPR) is published within a number of months of
  the decision to hold it (six by default, the Panel's expectation; a setting of the
  partnership, as the expectation has been relaxed before).

The deadlines are stored on the records when they are saved; the queries at the bottom find
the records whose clocks have run out, for the lists' filters.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import F, Q

from kscp.core.workdays import add_working_days, working_days_between

PANEL_NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15


def panel_notification_deadline(la_aware_on: datetime.date) -> datetime.date:
    return add_working_days(la_aware_on, PANEL_NOTIFICATION_WORKING_DAYS)


def rapid_review_deadline(notified_on: datetime.date) -> datetime.date:
    return add_working_days(notified_on, RAPID_REVIEW_WORKING_DAYS)


def publication_deadline(decided_on: datetime.date, months: int) -> datetime.date:
    return decided_on + relativedelta(months=months)


@dataclass(frozen=True)
class Clock:
    """One statutory clock of a record: what must happen by when, and whether it has."""

    label: str
    deadline: datetime.date | None
    done_on: datetime.date | None
    today: datetime.date
    required: bool = True  # False: the law sets no clock for this record

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def working_days_left(self) -> int | None:
        """Working days left before the deadline: negative once it has passed."""
        if not self.required or self.deadline is None or self.is_done:
            return None
        return working_days_between(self.today, self.deadline)

    @property
    def is_overdue(self) -> bool:
        return (
            self.required
            and self.deadline is not None
            and not self.is_done
            and self.today > self.deadline
        )

    @property
    def status(self) -> str:
        if not self.required:
            return "Not required"
        if self.deadline is None:
            return "No deadline"
        if self.is_done:
            return "Done on time" if self.done_on <= self.deadline else "Done late"
        if self.is_overdue:
            # A weekend or bank holiday after the deadline: late, but no working day yet.
            late = -self.working_days_left
            if late == 0:
                return "Overdue"
            return f"Overdue by {late} working day{'s' if late != 1 else ''}"
        left = self.working_days_left
        if left == 0:
            return "Due today"
        return f"{left} working day{'s' if left != 1 else ''} left"

    @property
    def tag_class(self) -> str:
        if not self.required or self.deadline is None:
            return "govuk-tag--grey"
        if self.is_done:
            return "govuk-tag--green" if self.done_on <= self.deadline else "govuk-tag--orange"
        if self.is_overdue:
            return "govuk-tag--red"
        if self.working_days_left <= 2:
            return "govuk-tag--orange"
        return "govuk-tag--blue"


# --- the clocks that have run out, as queries of the stored deadlines --------------------


def _latest_overdue_start(today: datetime.date) -> datetime.date:
    """The latest date from which the rapid-review clock would have run out before `today`.
    Deadlines only move later as the start does, so every earlier start is overdue too."""
    start = today - datetime.timedelta(days=1)
    while rapid_review_deadline(start) >= today:
        start -= datetime.timedelta(days=1)
    return start


def _rapid_review_not_recorded_q(today: datetime.date, *, overdue: bool) -> Q:
    """A rapid review not yet recorded, where the Panel must be notified: its clock runs
    from the same start as RapidReview.deadline (the Panel notification, else the awareness
    date), compared with one date worked out here."""
    cutoff = _latest_overdue_start(today)
    started = "lte" if overdue else "gt"
    return Q(rapid_review__isnull=True, panel_notification_required=True) & (
        Q(**{f"panel_notified_on__{started}": cutoff})
        | Q(**{"panel_notified_on__isnull": True, f"la_aware_on__{started}": cutoff})
    )


class ClockState(models.TextChoices):
    """Where a statutory clock stands, as the lists filter by it and the dashboard counts
    it: the four states of Clock.status (a clock not required is in none of them)."""

    ON_TIME = "on_time", "Done on time"
    LATE = "late", "Done late"
    OPEN = "open", "Open, within time"
    OVERDUE = "overdue", "Open and overdue"


def _clock_q(state: str, today: datetime.date, *, deadline: str, done: str) -> Q:
    """A stored clock: `deadline` and `done` are the fields of its deadline and of the day
    it was done (Clock.status: done by the deadline is on time; overdue after it)."""
    if state == ClockState.ON_TIME:
        return Q(**{f"{done}__lte": F(deadline)})
    if state == ClockState.LATE:
        return Q(**{f"{done}__gt": F(deadline)})
    lookup = "gte" if state == ClockState.OPEN else "lt"
    return Q(**{f"{done}__isnull": True, f"{deadline}__{lookup}": today})


def panel_clock_q(state: str, today: datetime.date) -> Q:
    """Notifications whose Panel notification clock (Notification.panel_clock) is in
    `state`; none where the Panel need not be notified (no deadline is stored)."""
    return Q(panel_deadline__isnull=False) & _clock_q(
        state, today, deadline="panel_deadline", done="panel_notified_on"
    )


def rapid_review_clock_q(state: str, today: datetime.date) -> Q:
    """Notifications whose rapid review clock (Notification.rapid_review_clock) is in
    `state`: a rapid review's stored deadline, or, before it is recorded, the clock it will
    have (open or overdue, never done); none where no rapid review is needed."""
    recorded = Q(rapid_review__isnull=False) & _clock_q(
        state, today, deadline="rapid_review__deadline", done="rapid_review__completed_on"
    )
    if state in (ClockState.ON_TIME, ClockState.LATE):
        return recorded
    return recorded | _rapid_review_not_recorded_q(today, overdue=state == ClockState.OVERDUE)


# Review.Stage.CLOSED (the models import this module): a CSPR closed without being
# published has no publication clock running, neither open nor overdue.
CLOSED_STAGE = "closed"


def publication_clock_q(state: str, today: datetime.date) -> Q:
    """Reviews whose publication clock (Review.publication_clock, local CSPRs only) is in
    `state`."""
    q = Q(publication_deadline__isnull=False) & _clock_q(
        state, today, deadline="publication_deadline", done="published_on"
    )
    if state in (ClockState.OPEN, ClockState.OVERDUE):
        q &= ~Q(stage=CLOSED_STAGE)
    return q


def publication_in_progress_on_q(day: datetime.date) -> Q:
    """CSPRs whose publication clock (Review.publication_clock) may have been running at the
    end of `day`: with a deadline and not published by then (published after `day`, it was
    still to do). Of those, one closed unpublished by then ran no clock (as
    publication_clock_q has it): the caller reads their stage at `day` from history."""
    return Q(publication_deadline__isnull=False) & (
        Q(published_on__gt=day) | Q(published_on__isnull=True)
    )


def notification_overdue_q(today: datetime.date) -> Q:
    """Notifications with a statutory clock run out, from the stored deadlines: the Panel not
    notified by `panel_deadline` (none when the Panel need not be notified), or the rapid
    review not completed by its `deadline`, or not recorded when its clock has run out."""
    return panel_clock_q(ClockState.OVERDUE, today) | rapid_review_clock_q(
        ClockState.OVERDUE, today
    )


def notification_in_progress_q() -> Q:
    """Still moving: a rapid review under way, or, where the Panel must be notified, the
    Panel not yet notified or the rapid review not yet recorded."""
    return Q(rapid_review__isnull=False, rapid_review__completed_on__isnull=True) | Q(
        Q(panel_notified_on__isnull=True) | Q(rapid_review__isnull=True),
        panel_notification_required=True,
    )


def notification_in_progress_on_q(day: datetime.date) -> Q:
    """`notification_in_progress_q` as it stood at the end of `day`, from the dates each step
    was done: a step done after `day` was still to do then."""
    rapid_review_open = Q(rapid_review__completed_on__isnull=True) | Q(
        rapid_review__completed_on__gt=day
    )
    return Q(rapid_review__isnull=False) & rapid_review_open | Q(
        Q(panel_notified_on__isnull=True)
        | Q(panel_notified_on__gt=day)
        | Q(rapid_review__isnull=True)
        | rapid_review_open,
        panel_notification_required=True,
    )


def review_overdue_q(today: datetime.date) -> Q:
    """CSPRs not published by their stored publication deadline, nor closed unpublished."""
    return publication_clock_q(ClockState.OVERDUE, today)
