"""The multi-agency training offer: courses, each run of a course (a session), who attended
from which agency (the sector comes from the agency), cancellations, evaluations, and the
completions of e-learning courses imported as counts per course and period.

Attendees' names and e-mail addresses are personal data kept only as long as needed: the
`anonymise_attendance` command removes them from old records and keeps everything the
statistics count."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from kscp.core.fields import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH, LimitedTextField
from kscp.core.models import Agency, History, Partnership, TimeStampedModel
from kscp.core.versioning import Versioned

CAPACITY_REQUIRED = "Enter how many places the session has"
ENDS_BEFORE_START = "The session must end after it starts"
CANCELLATION_REASON_REQUIRED = "Select why the session was cancelled"
REASON_ONLY_WHEN_CANCELLED = "Only a cancelled session has a cancellation reason"
AGENCY_OTHER_PARTNERSHIP = "Select an agency of this partnership"
CONFIDENCE_RANGE = "Confidence is from 1 (not at all confident) to 5 (very confident)"
PERIOD_ORDER = "The period must end on or after the day it starts"
ELEARNING_ONLY = "E-learning completions are recorded against an e-learning course"
ATTENDED_CANCELLED_SESSION = "Nobody can have attended a cancelled session"


class CourseTheme(TimeStampedModel):
    """What a course is about, for finding courses: "Neglect", "Exploitation", ..."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="course_themes"
    )
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="course_theme_unique"),
        ]

    def __str__(self):
        return self.name


class Course(TimeStampedModel, Versioned):
    """A course of the partnership's training offer, delivered in sessions or as e-learning."""

    partnership_path = "partnership"

    class Delivery(models.TextChoices):
        CLASSROOM = "classroom", "Classroom"
        VIRTUAL = "virtual", "Virtual classroom"
        ELEARNING = "elearning", "E-learning"

    class Level(models.TextChoices):
        AWARENESS = "awareness", "Awareness (level 1)"
        CORE = "core", "Core practice (level 2)"
        ADVANCED = "advanced", "Advanced and specialist (level 3)"
        MANAGERS = "managers", "Managers and designated leads"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(max_length=300)
    description = LimitedTextField(max_length=SUMMARY_MAX_LENGTH, blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    themes = models.ManyToManyField(CourseTheme, blank=True, related_name="courses")
    audience = models.CharField(
        "intended audience",
        max_length=300,
        blank=True,
        help_text="For example, practitioners working directly with children and families",
    )
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    is_active = models.BooleanField("offered", default=True, help_text="Retired courses are kept")
    objectives = models.ManyToManyField(
        "plans.Objective",
        blank=True,
        related_name="courses",
        verbose_name="business-plan objectives it serves",
    )
    own_history = True
    history = History(m2m_fields=[themes, objectives])

    class Meta:
        ordering = ["partnership", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title", "delivery"], name="course_title_unique"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_elearning(self) -> bool:
        return self.delivery == self.Delivery.ELEARNING


class Session(TimeStampedModel, Versioned):
    """One run of a course: when, where, by whom, how many places, and whether it ran."""

    partnership_path = "course__partnership"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    class CancellationReason(models.TextChoices):
        LOW_NOMINATIONS = "low_nominations", "Low nominations"
        TRAINER_UNAVAILABLE = "trainer_unavailable", "Trainer unavailable"
        VENUE = "venue", "Venue unavailable"
        EMERGENCY = "emergency", "Public health emergency"
        OTHER = "other", "Other"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True, help_text="Or the online platform")
    is_online = models.BooleanField("online", default=False)
    trainers = models.CharField(max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField("places")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.CharField(
        max_length=30, choices=CancellationReason.choices, blank=True
    )
    cancellation_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancellation_reason=""),
                name="session_reason_only_when_cancelled",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="session_cancelled_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.course}, {self.starts_at:%d %B %Y}"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ENDS_BEFORE_START
        if self.status == self.Status.CANCELLED and not self.cancellation_reason:
            errors["cancellation_reason"] = CANCELLATION_REASON_REQUIRED
        if self.status != self.Status.CANCELLED and self.cancellation_reason:
            errors["cancellation_reason"] = REASON_ONLY_WHEN_CANCELLED
        if errors:
            raise ValidationError(errors)

    @property
    def starts_on(self) -> datetime.date:
        return self.starts_at.date()


class Attendance(TimeStampedModel, Versioned):
    """A place on a session: who (name, work e-mail, job title), from which agency, whether
    they came, and what they said about it."""

    partnership_path = "session__course__partnership"

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField("work e-mail", blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    confidence_before = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence_after = models.PositiveSmallIntegerField(null=True, blank=True)
    impact_comment = LimitedTextField("impact on practice", max_length=NOTE_MAX_LENGTH, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Names and e-mails leave the history too when a record is anonymised.
    history = History(excluded_fields=["name", "email"])
    own_history = True

    class Meta:
        ordering = ["session", "name", "pk"]
        verbose_name_plural = "attendance"
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence_before__isnull=True)
                | Q(confidence_before__gte=1, confidence_before__lte=5),
                name="attendance_confidence_before_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence_after__isnull=True)
                | Q(confidence_after__gte=1, confidence_after__lte=5),
                name="attendance_confidence_after_range",
            ),
        ]

    def __str__(self):
        return self.name or f"Attendee from {self.agency}"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("confidence_before", "confidence_after"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 5:
                errors[field] = CONFIDENCE_RANGE
        if (
            self.agency_id
            and self.session_id
            and self.agency.partnership_id != self.session.course.partnership_id
        ):
            errors["agency"] = AGENCY_OTHER_PARTNERSHIP
        if (
            self.session_id
            and self.status == self.Status.ATTENDED
            and self.session.status == Session.Status.CANCELLED
        ):
            errors["status"] = ATTENDED_CANCELLED_SESSION
        if errors:
            raise ValidationError(errors)


class ElearningCompletion(TimeStampedModel):
    """How many people completed an e-learning course in a period, as the e-learning
    platform exports it. The platform is recorded: Kirklees changed platform on 31 July
    2019, so a year's figures can come from two."""

    partnership_path = "course__partnership"

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="elearning_completions"
    )
    period_start = models.DateField("period from")
    period_end = models.DateField("period to")
    count = models.PositiveIntegerField("completions")
    platform = models.CharField(
        max_length=100, help_text="The e-learning system the figure was exported from"
    )

    class Meta:
        ordering = ["course", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "period_start", "period_end", "platform"],
                name="elearning_completion_unique",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="elearning_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.course}: {self.count} ({self.period_start:%b %Y}–{self.period_end:%b %Y})"

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = PERIOD_ORDER
        if self.course_id and not self.course.is_elearning:
            errors["course"] = ELEARNING_ONLY
        if errors:
            raise ValidationError(errors)


class ImportBatch(TimeStampedModel):
    """A file imported from a booking system (attendance of a session) or an e-learning
    platform (completions per course and period). The whole file is checked first; the rows
    are kept here between the preview and the import, which either loads all of them or
    none."""

    partnership_path = "partnership"

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", "Attendance from a booking system"
        ELEARNING = "elearning", "E-learning completions"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Checked, waiting to be imported"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="training_imports"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="imports"
    )
    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        "kscp.User", on_delete=models.SET_NULL, null=True, related_name="training_imports"
    )
    rows = models.JSONField(default=list, help_text="The checked rows, ready to import")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    imported_at = models.DateTimeField(null=True, blank=True)
    # The rows name people: they are not copied into history, and are emptied once imported.
    own_history = True
    history = History(excluded_fields=["rows"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="attendance") | Q(session__isnull=False),
                name="import_attendance_has_session",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"
