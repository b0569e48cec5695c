"""The case: the serious incident notification, its rapid review and the review of practice
that follows, each with its statutory clock."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kscp.core.fields import SUMMARY_MAX_LENGTH, LimitedTextField
from kscp.core.models import Agency, History, Partnership, TimeStampedModel, User
from kscp.core.versioning import Versioned
from kscp.core.years import financial_year_start
from reviews import clocks
from reviews.models.lists import ReferralReason, Theme
from reviews.models.messages import (
    AWARE_BEFORE_INCIDENT,
    CHAIR_OTHER_PARTNERSHIP,
    COMPLETED_BEFORE_MEETING,
    COMPLETED_BEFORE_START,
    DECISION_BEFORE_COMPLETE,
    NOTIFICATION_OTHER_PARTNERSHIP,
    OTHER_PARTNERSHIP_REASON,
    PANEL_BEFORE_AWARE,
    PANEL_NOT_REQUIRED,
    PUBLICATION_DATE_REQUIRED,
    PUBLISHED_BEFORE_COMPLETE,
    PUBLISHED_STAGE_REQUIRED,
    RATIONALE_REQUIRED,
    SENT_BEFORE_COMPLETE,
    TARGET_BEFORE_START,
    before_aware,
    not_in_future,
)


class Notification(TimeStampedModel, Versioned):
    """A serious incident notification: the partnership is told that a child has died or been
    seriously harmed. Identified by a reference only."""

    partnership_path = "partnership"

    class Nature(models.TextChoices):
        DEATH = "death", "Child death"
        SERIOUS_HARM = "serious_harm", "Serious harm"

    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_10 = "5_10", "5 to 10"
        AGE_11_15 = "11_15", "11 to 15"
        AGE_16_17 = "16_17", "16 to 17"
        UNKNOWN = "unknown", "Not known"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="notifications"
    )
    reference = models.CharField(
        max_length=40,
        help_text="An anonymised reference, for example KSCP-2019/20-03 or Child G. "
        "Never a child's name, initials or date of birth.",
    )
    incident_on = models.DateField("date of the incident")
    la_aware_on = models.DateField("date the local authority became aware")
    panel_notified_on = models.DateField("date notified to the Panel", null=True, blank=True)
    panel_notification_required = models.BooleanField(
        "the Panel must be notified",
        default=True,
        help_text="A child has died or been seriously harmed and abuse or neglect is known or "
        "suspected. Otherwise the incident is recorded for the partnership only.",
    )
    panel_deadline = models.DateField(
        "Panel notification due",
        null=True,
        blank=True,
        editable=False,
        help_text="5 working days after awareness, when the Panel must be notified",
    )
    nature = models.CharField(max_length=20, choices=Nature.choices)
    referral_reason = models.ForeignKey(
        ReferralReason, on_delete=models.PROTECT, related_name="notifications"
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="notifications", verbose_name="agencies involved"
    )
    summary = LimitedTextField(
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text="A neutral summary, without names or other identifying details",
    )
    own_history = True
    history = History(m2m_fields=[agencies])

    class Meta:
        ordering = ["-la_aware_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="notification_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(la_aware_on__gte=models.F("incident_on")),
                name="notification_aware_after_incident",
            ),
            models.CheckConstraint(
                condition=Q(panel_notified_on__isnull=True)
                | Q(panel_notified_on__gte=models.F("la_aware_on")),
                name="notification_panel_after_aware",
            ),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        super().clean()
        errors = {}
        not_in_future(errors, self, "incident_on", "la_aware_on", "panel_notified_on")
        if self.incident_on and self.la_aware_on and self.la_aware_on < self.incident_on:
            errors.setdefault("la_aware_on", AWARE_BEFORE_INCIDENT)
        if (
            self.la_aware_on
            and self.panel_notified_on
            and self.panel_notified_on < self.la_aware_on
        ):
            errors.setdefault(
                "panel_notified_on",
                PANEL_BEFORE_AWARE,
            )
        if self.panel_notified_on and not self.panel_notification_required:
            errors.setdefault("panel_notified_on", PANEL_NOT_REQUIRED)
        if (
            self.referral_reason_id
            and self.partnership_id
            and self.referral_reason.partnership_id != self.partnership_id
        ):
            errors["referral_reason"] = OTHER_PARTNERSHIP_REASON
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.la_aware_on and self.panel_notification_required:
            self.panel_deadline = clocks.panel_notification_deadline(self.la_aware_on)
        else:
            self.panel_deadline = None
        super().save(*args, **kwargs)

    @property
    def financial_year(self) -> int:
        return financial_year_start(self.la_aware_on)

    def panel_clock(self, today: datetime.date | None = None) -> clocks.Clock:
        return clocks.Clock(
            "Notify the Panel",
            self.panel_deadline,
            self.panel_notified_on,
            today or timezone.localdate(),
            required=self.panel_notification_required,
        )

    def rapid_review_clock(self, today: datetime.date | None = None) -> clocks.Clock:
        """The rapid review's clock; before the rapid review is recorded, the clock it will
        have (from the same start as RapidReview.deadline), or none when the Panel need not
        be notified of the incident."""
        today = today or timezone.localdate()
        rapid_review = getattr(self, "rapid_review", None)
        if rapid_review is not None:
            return rapid_review.clock(today)
        if not self.panel_notification_required:
            return clocks.Clock("Rapid review", None, None, today, required=False)
        start = self.panel_notified_on or self.la_aware_on
        return clocks.Clock("Rapid review", clocks.rapid_review_deadline(start), None, today)


class RapidReview(TimeStampedModel, Versioned):
    """The rapid review of a notification: within 15 working days the partners gather the
    facts and decide whether a local or national review should follow."""

    partnership_path = "notification__partnership"
    date_names = {"completed_on": "date the rapid review was completed"}

    class Decision(models.TextChoices):
        LOCAL_CSPR = "local_cspr", "Hold a local child safeguarding practice review"
        LOCAL_LEARNING = "local_learning", "Hold a local learning review"
        NO_FURTHER = "no_further", "No further review"
        NATIONAL = "national", "Consider for a national review"

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="rapid_review"
    )
    deadline = models.DateField(
        editable=False, help_text="15 working days after the Panel was notified"
    )
    meeting_on = models.DateField("date of the rapid review meeting", null=True, blank=True)
    completed_on = models.DateField("date completed", null=True, blank=True)
    chair = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_rapid_reviews"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    rationale = LimitedTextField(
        "reasons for the decision", max_length=SUMMARY_MAX_LENGTH, blank=True
    )
    sent_to_panel_on = models.DateField("date sent to the Panel", null=True, blank=True)
    panel_response = LimitedTextField(
        "the Panel's response", max_length=SUMMARY_MAX_LENGTH, blank=True
    )

    class Meta:
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | ~Q(rationale=""),
                name="rapid_review_decision_has_rationale",
            ),
        ]

    def __str__(self):
        return f"Rapid review of {self.notification}"

    @property
    def partnership_id(self):
        return self.notification.partnership_id

    def clean(self):
        super().clean()
        errors = {}
        not_in_future(errors, self, "meeting_on", "completed_on", "sent_to_panel_on")
        if self.decision and not self.rationale.strip():
            errors["rationale"] = RATIONALE_REQUIRED
        if self.completed_on and not self.decision:
            errors["decision"] = DECISION_BEFORE_COMPLETE
        notification = self.notification if self.notification_id else None
        if notification:
            for field in ("meeting_on", "completed_on"):
                value = getattr(self, field)
                if value and value < notification.la_aware_on:
                    errors.setdefault(field, before_aware(self, field))
        if self.meeting_on and self.completed_on and self.completed_on < self.meeting_on:
            errors.setdefault("completed_on", COMPLETED_BEFORE_MEETING)
        if (
            self.sent_to_panel_on
            and self.completed_on
            and self.sent_to_panel_on < self.completed_on
        ):
            errors.setdefault("sent_to_panel_on", SENT_BEFORE_COMPLETE)
        if (
            self.chair_id
            and notification
            and self.chair.partnership_id != notification.partnership_id
        ):
            errors["chair"] = CHAIR_OTHER_PARTNERSHIP
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        notification = self.notification
        self.deadline = clocks.rapid_review_deadline(
            notification.panel_notified_on or notification.la_aware_on
        )
        super().save(*args, **kwargs)

    def clock(self, today: datetime.date | None = None) -> clocks.Clock:
        return clocks.Clock(
            "Rapid review", self.deadline, self.completed_on, today or timezone.localdate()
        )


class Review(TimeStampedModel, Versioned):
    """A review of practice: a local CSPR, a local learning review not referred to the Panel,
    a legacy serious case review (SCR, before 2019) or a national review the partnership
    took part in."""

    partnership_path = "partnership"

    class Kind(models.TextChoices):
        CSPR = "cspr", "Local child safeguarding practice review"
        LOCAL = "local", "Local learning review"
        SCR = "scr", "Serious case review"
        NATIONAL = "national", "National review"

    class Stage(models.TextChoices):
        SCOPING = "scoping", "Scoping"
        IN_PROGRESS = "in_progress", "In progress"
        DRAFT = "draft", "Draft report"
        AGREED = "agreed", "Agreed"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reviews")
    notification = models.ForeignKey(
        Notification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="The incident the review is of; none for a national review",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(
        max_length=200, help_text="An anonymised title, for example Child G or SUDI"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SCOPING)
    summary = LimitedTextField(max_length=SUMMARY_MAX_LENGTH, blank=True)
    decided_on = models.DateField("date of the decision to hold the review")
    publication_deadline = models.DateField(
        "publication due", null=True, blank=True, editable=False
    )
    lead_reviewer = models.CharField(max_length=200, blank=True)
    lead_reviewer_independent = models.BooleanField(
        "the lead reviewer is independent", default=False
    )
    cost = models.DecimalField(
        "lead reviewer cost (£)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    started_on = models.DateField("start date", null=True, blank=True)
    target_on = models.DateField("target completion date", null=True, blank=True)
    completed_on = models.DateField("completion date", null=True, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    publication_url = models.URLField("link to the published report", blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reviews")
    own_history = True
    history = History(m2m_fields=[themes])

    class Meta:
        ordering = ["-decided_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="review_title_unique"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="review_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="review_cost_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        not_in_future(errors, self, "decided_on", "started_on", "completed_on", "published_on")
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = COMPLETED_BEFORE_START
        if self.started_on and self.target_on and self.target_on < self.started_on:
            errors["target_on"] = TARGET_BEFORE_START
        if self.completed_on and self.published_on and self.published_on < self.completed_on:
            errors["published_on"] = PUBLISHED_BEFORE_COMPLETE
        if self.stage == self.Stage.PUBLISHED and not self.published_on:
            errors["published_on"] = PUBLICATION_DATE_REQUIRED
        if self.published_on and self.stage not in (self.Stage.PUBLISHED, self.Stage.CLOSED):
            errors["stage"] = PUBLISHED_STAGE_REQUIRED
        if (
            self.notification_id
            and self.partnership_id
            and self.notification.partnership_id != self.partnership_id
        ):
            errors["notification"] = NOTIFICATION_OTHER_PARTNERSHIP
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.kind == self.Kind.CSPR and self.decided_on:
            self.publication_deadline = clocks.publication_deadline(
                self.decided_on, self.partnership.cspr_publication_months
            )
        else:
            self.publication_deadline = None
        super().save(*args, **kwargs)

    @property
    def financial_year(self) -> int:
        return financial_year_start(self.decided_on)

    @property
    def is_open(self) -> bool:
        return self.stage not in (self.Stage.PUBLISHED, self.Stage.CLOSED)

    def publication_clock(self, today: datetime.date | None = None) -> clocks.Clock | None:
        """None unless a local CSPR; a CSPR closed without being published (the partners
        decided not to publish it) has no clock running (clocks.publication_clock_q)."""
        if self.publication_deadline is None:
            return None
        return clocks.Clock(
            "Publication",
            self.publication_deadline,
            self.published_on,
            today or timezone.localdate(),
            required=self.published_on is not None or self.stage != self.Stage.CLOSED,
        )

    @property
    def days_to_complete(self) -> int | None:
        if self.started_on and self.completed_on:
            return (self.completed_on - self.started_on).days
        return None
