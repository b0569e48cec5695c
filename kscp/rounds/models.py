"""Update rounds: before an executive meeting the business unit asks the owners of the live
plans' objectives and actions (and, if it chooses, of the open review actions) for their
updates by a deadline. Owners are e-mailed, reminded and escalated (`send_reminders`); the
round page shows who has updated; a closed round keeps its figures."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from kscp.core.fields import NOTE_MAX_LENGTH, LimitedTextField
from kscp.core.models import Partnership, TimeStampedModel, User
from kscp.core.statistics import whole_percent
from kscp.core.versioning import Versioned
from plans.models import Plan

DEADLINE_BEFORE_OPENING = "The deadline must be on or after the day the round opens"


class UpdateRound(TimeStampedModel, Versioned):
    """A round of updates: which plans it covers, when it opens, the deadline, and the
    meeting it feeds. Once closed, its figures are stored and no longer move."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="update_rounds"
    )
    name = models.CharField(max_length=200, help_text="For example Quarter 3 2026/27")
    opens_on = models.DateField("opens")
    deadline = models.DateField("updates due by")
    meeting = models.CharField(
        "meeting it feeds",
        max_length=200,
        blank=True,
        help_text="Optional, for example Executive group, 22 January 2027",
    )
    plans = models.ManyToManyField(Plan, blank=True, related_name="update_rounds")
    include_review_actions = models.BooleanField("include open review actions", default=False)
    message = LimitedTextField(
        "message to owners",
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text="Optional words for the opening e-mail, above the list of items",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_done = models.PositiveIntegerField(null=True, blank=True)
    closed_total = models.PositiveIntegerField(null=True, blank=True)
    closed_figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-deadline", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_on")), name="round_deadline_after_opening"
            ),
            models.UniqueConstraint(fields=["partnership", "name"], name="round_name_unique"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError({"deadline": DEADLINE_BEFORE_OPENING})

    @property
    def topic(self) -> str:
        """How the round's e-mails are recorded in the outbox."""
        return f"round:{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.is_closed and self.opens_on <= today

    def status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.is_closed:
            return "Closed"
        if self.opens_on > today:
            return "Not open yet"
        return "Open" if today <= self.deadline else "Past its deadline"

    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the start of the opening day to the end of the deadline day, local time."""
        start = timezone.make_aware(datetime.datetime.combine(self.opens_on, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(self.deadline, datetime.time.max))
        return start, end

    @property
    def closed_percent(self) -> int | None:
        if self.closed_total is None:
            return None
        return whole_percent(self.closed_done, self.closed_total)


class BoardPack(TimeStampedModel):
    """A board pack the business unit prepared for a meeting: the meeting's date, the date
    its changes run from and the next meeting's date. The next pack's changes run, by
    default, from the last meeting a pack was prepared for."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_packs"
    )
    meeting_on = models.DateField("meeting date")
    since = models.DateField("changes since")
    next_meeting_on = models.DateField("next meeting")
    prepared_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-meeting_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "meeting_on"], name="board_pack_meeting_unique"
            ),
            models.CheckConstraint(
                condition=Q(since__lt=F("meeting_on")), name="board_pack_since_before_meeting"
            ),
            models.CheckConstraint(
                condition=Q(next_meeting_on__gt=F("meeting_on")),
                name="board_pack_next_meeting_after",
            ),
        ]

    def __str__(self):
        return f"Board pack for the meeting of {self.meeting_on:%d %B %Y}"
