"""What every tracked commitment shares, whether a business-plan objective, one of its
actions or (later) an agency's action from a case review: a RAG status, progress and
evidence, a due month, and a version number that stops two people overwriting each other.

RAG means Red / Amber / Green: the traffic-light status partnerships report progress in.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kscp.core.fields import PROGRESS_MAX_LENGTH, LimitedTextField
from kscp.core.models import TimeStampedModel
from kscp.core.versioning import Versioned


class RAG(models.TextChoices):
    """One fixed set of statuses across the product, so everything can be counted.
    A plan's progress key gives the words each plan uses for them."""

    NOT_STARTED = "not_started", "Not started"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    COMPLETE = "complete", "Complete"


# GOV.UK tag colour modifiers: the tag always shows words too, never colour alone.
RAG_TAG_CLASSES = {
    RAG.NOT_STARTED: "govuk-tag--grey",
    RAG.RED: "govuk-tag--red",
    RAG.AMBER: "govuk-tag--orange",
    RAG.GREEN: "govuk-tag--green",
    RAG.BLUE: "govuk-tag--blue",
    RAG.COMPLETE: "govuk-tag--purple",
}

RAG_NEEDING_COMMENT = (RAG.RED, RAG.AMBER)

# The history of an owner's update says which it was, so that update rounds can count both:
# an update of RAG, progress or evidence, or a confirmation that nothing has changed.
UPDATE_REASON = "Update"
NO_CHANGE_REASON = "No change since the last update"
OWNER_UPDATE_REASONS = (UPDATE_REASON, NO_CHANGE_REASON)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Due in a month that has ended, and not complete."""
    return Q(**{f"{prefix}due_on__lt": today.replace(day=1)}) & ~Q(**{f"{prefix}rag": RAG.COMPLETE})


def stale_cutoff(today: datetime.date) -> datetime.datetime:
    """An item last updated before this is stale: STALE_AFTER_DAYS days before `today`."""
    return timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=settings.STALE_AFTER_DAYS), datetime.time.min
        )
    )


def stale_q(today: datetime.date, prefix: str = "") -> Q:
    """Not updated for more than STALE_AFTER_DAYS days, and not complete."""
    cutoff = stale_cutoff(today)
    return Q(**{f"{prefix}updated_at__lt": cutoff}) & ~Q(**{f"{prefix}rag": RAG.COMPLETE})


class Tracked:
    """What is worked out of a tracked item's due month, recurring timescale, RAG status and
    last update (`due_on`, `due_text`, `rag`, `updated_at`): of a TrackedItem, or of its
    values read without the model (a list of hundreds, the dashboard's)."""

    @property
    def due_display(self) -> str:
        parts = []
        if self.due_on:
            parts.append(self.due_on.strftime("%B %Y"))
        if self.due_text:
            parts.append(self.due_text)
        return "; ".join(parts) or "No date set"

    @property
    def due_by(self) -> datetime.date | None:
        return month_end(self.due_on) if self.due_on else None

    @property
    def is_complete(self) -> bool:
        return self.rag == RAG.COMPLETE

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """What overdue_q selects."""
        today = today or timezone.localdate()
        return bool(self.due_on) and not self.is_complete and self.due_by < today

    def is_stale(self, today: datetime.date, cutoff: datetime.datetime | None = None) -> bool:
        """What stale_q selects; `cutoff`, stale_cutoff(today) when already worked out."""
        cutoff = cutoff or stale_cutoff(today)
        return not self.is_complete and self.updated_at < cutoff

    @property
    def rag_tag_class(self) -> str:
        return RAG_TAG_CLASSES[RAG(self.rag)]


class TrackedItem(Tracked, TimeStampedModel, Versioned):
    due_on = models.DateField(
        "due",
        null=True,
        blank=True,
        help_text="Month precision: stored as the first day of the month it is due",
    )
    due_text = models.CharField(
        "recurring timescale",
        max_length=100,
        blank=True,
        help_text="When there is no single due month, for example “Each year in March”",
    )
    rag = models.CharField(
        "RAG status", max_length=20, choices=RAG.choices, default=RAG.NOT_STARTED
    )
    progress = LimitedTextField("progress", max_length=PROGRESS_MAX_LENGTH, blank=True)
    evidence = LimitedTextField("evidence", max_length=PROGRESS_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.due_on:
            self.due_on = self.due_on.replace(day=1)
        super().save(*args, **kwargs)


@dataclass
class DueSections:
    """Tracked items of any app sorted by when they are due, as a person's home page lists
    them: overdue, due soon (within DUE_SOON_DAYS), later, complete."""

    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    later: list = field(default_factory=list)
    complete: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.overdue or self.due_soon or self.later or self.complete)

    @property
    def sections(self):
        return [
            ("overdue", "Overdue", self.overdue),
            ("due-soon", f"Due within {settings.DUE_SOON_DAYS} days", self.due_soon),
            ("later", "Due later", self.later),
            ("complete", "Complete", self.complete),
        ]


def due_sections(items, today: datetime.date) -> DueSections:
    """`items` (tracked items) sorted into sections, each by due month, then by name."""
    sections = DueSections()
    soon = today + datetime.timedelta(days=settings.DUE_SOON_DAYS)
    for item in items:
        if item.rag == RAG.COMPLETE:
            sections.complete.append(item)
        elif item.is_overdue(today):
            sections.overdue.append(item)
        elif item.due_by and item.due_by <= soon:
            sections.due_soon.append(item)
        else:
            sections.later.append(item)
    for bucket in (sections.overdue, sections.due_soon, sections.later, sections.complete):
        bucket.sort(key=lambda i: (i.due_on or datetime.date.max, str(i)))
    return sections


def _owner_update_rows(model, start: datetime.datetime, end: datetime.datetime):
    return model.history.filter(
        history_date__gte=start,
        history_date__lte=end,
        history_change_reason__in=OWNER_UPDATE_REASONS,
    )


def owner_updates_between(model, start: datetime.datetime, end: datetime.datetime, ids=None):
    """The ids of the items of `model` (of `ids`, if given) whose owners saved an update, or
    confirmed no change, between `start` and `end`, read from their history in one query."""
    rows = _owner_update_rows(model, start, end)
    if ids is not None:
        rows = rows.filter(id__in=ids)
    return set(rows.order_by().values_list("id", flat=True).distinct())


def owner_updated_between(model, start: datetime.datetime, end: datetime.datetime) -> Exists:
    """Whether an item of `model` is one owner_updates_between finds, as an expression to
    annotate the items with (read in the same query as them)."""
    return Exists(_owner_update_rows(model, start, end).filter(id=OuterRef("pk")))
