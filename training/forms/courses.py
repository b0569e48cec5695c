"""The forms of a course and of its sessions: a session's date as a GOV.UK date input and
its times as hours and minutes in the partnership's time zone; cancelling a session.

Each record's form is built on its model, so the model's own rules (a session ends after it
starts, a cancelled session says why) appear on the fields they concern."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from kscp.core.forms import GovukDateField, NamedErrorsForm
from plans.models import Objective, Plan
from training.forms.base import TimeTextField, TrainingForm
from training.models import (
    CANCELLATION_REASON_REQUIRED,
    CAPACITY_REQUIRED,
    ENDS_BEFORE_START,
    Course,
    CourseTheme,
    Session,
)

TITLE_REQUIRED = "Enter the title of the course"
DELIVERY_REQUIRED = "Select how the course is delivered"
COURSE_TAKEN = "A {delivery} course with this title already exists"
START_TIME_REQUIRED = "Enter the start time"
START_TIME_INVALID = "Enter the start time as hours and minutes, for example 09:30"
END_TIME_INVALID = "Enter the end time as hours and minutes, for example 12:30"
PLACES_INVALID = "Enter the number of places as a whole number, for example 20"
PLACES_TOO_FEW = "A session has at least 1 place"
PLACES_TOO_MANY = "A session has at most 1,000 places"
STATUS_REQUIRED = "Select the status of the session"

MAX_PLACES = 1000
NOT_STATED = ("", "Not stated")


def _objective_label(objective: Objective) -> str:
    return f"{objective.plan.title}: {objective.number} {objective.action[:100]}"


class CourseForm(TrainingForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "description",
            "delivery",
            "themes",
            "audience",
            "level",
            "is_active",
            "objectives",
        ]
        labels = {
            "delivery": "How it is delivered",
            "themes": "Themes",
            "level": "Level",
            "is_active": "Offered: people can book it",
            "objectives": "Business-plan objectives it serves",
        }
        help_texts = {
            "is_active": "Untick to retire the course; it stays with its sessions and figures",
            "objectives": "Objectives of the partnership's live business plans",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "delivery": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "level": forms.RadioSelect(attrs={"small": True}),
            "objectives": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": TITLE_REQUIRED},
            "delivery": {"required": DELIVERY_REQUIRED},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["level"].choices = [*self.fields["level"].choices, NOT_STATED]
        self.fields["themes"].queryset = CourseTheme.objects.filter(partnership=partnership)
        current = list(self.instance.objectives.all()) if self.instance.pk else []
        objectives = self.fields["objectives"]
        # An objective the course already serves stays offered once its plan has closed.
        objectives.queryset = (
            Objective.objects.filter(plan__partnership=partnership)
            .filter(Q(plan__status=Plan.Status.LIVE) | Q(pk__in=[o.pk for o in current]))
            .select_related("plan")
            .order_by("plan__title", "sort_key", "pk")
        )
        objectives.label_from_instance = _objective_label

    def clean(self):
        data = super().clean()
        title, delivery = (data.get("title") or "").strip(), data.get("delivery")
        if title and delivery:
            data["title"] = title
            taken = (
                Course.objects.filter(
                    partnership=self.instance.partnership, title__iexact=title, delivery=delivery
                )
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                label = Course.Delivery(delivery).label.lower()
                self.add_error("title", COURSE_TAKEN.format(delivery=label))
        return data


# Sessions are booked a year or so ahead, never more than two.
SESSION_YEARS_AHEAD = 2


class SessionForm(TrainingForm):
    """A session's date and times are three fields here and two on the record (`starts_at`,
    `ends_at`, in the partnership's time zone): `session_fields` gives what to save."""

    date = GovukDateField(label="Date", years_ahead=SESSION_YEARS_AHEAD)
    start_time = TimeTextField(
        label="Start time",
        help_text="For example, 09:30",
        invalid=START_TIME_INVALID,
        error_messages={"required": START_TIME_REQUIRED},
    )
    end_time = TimeTextField(
        label="End time",
        required=False,
        help_text="For example, 12:30. Leave blank if it is not known",
        invalid=END_TIME_INVALID,
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=MAX_PLACES,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": CAPACITY_REQUIRED,
            "invalid": PLACES_INVALID,
            "min_value": PLACES_TOO_FEW,
            "max_value": PLACES_TOO_MANY,
        },
    )

    field_order = ["date", "start_time", "end_time"]

    class Meta:
        model = Session
        fields = [
            "venue",
            "is_online",
            "trainers",
            "capacity",
            "status",
            "cancellation_reason",
            "cancellation_note",
        ]
        labels = {
            "is_online": "Online",
            "trainers": "Trainers",
            "status": "Status",
            "cancellation_reason": "Why it was cancelled",
            "cancellation_note": "Note about the cancellation",
        }
        help_texts = {
            "is_online": "Delivered online, on the platform named as the venue",
            "cancellation_reason": "Only for a cancelled session",
        }
        widgets = {
            "status": forms.RadioSelect,
            "cancellation_reason": forms.RadioSelect(attrs={"small": True}),
        }
        error_messages = {"status": {"required": STATUS_REQUIRED}}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.course = course
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", starts.date())
            self.initial.setdefault("start_time", starts.time())
            if self.instance.ends_at:
                self.initial.setdefault(
                    "end_time", timezone.localtime(self.instance.ends_at).time()
                )

    def clean(self):
        data = super().clean()
        if data.get("status") != Session.Status.CANCELLED:
            # Radios cannot be unticked: a reason left from before means nothing now.
            data["cancellation_reason"] = ""
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start:
            starts = timezone.make_aware(datetime.datetime.combine(day, start))
            ends = timezone.make_aware(datetime.datetime.combine(day, end)) if end else None
            if ends is not None and ends <= starts:
                self.add_error("end_time", ENDS_BEFORE_START)
                ends = None
            self.instance.starts_at, self.instance.ends_at = starts, ends
        return data

    def session_fields(self) -> dict:
        """The record's fields, as the services take them."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["starts_at"], data["ends_at"] = self.instance.starts_at, self.instance.ends_at
        if "version" in self.cleaned_data:
            data["version"] = self.cleaned_data["version"]
        return data


class CancelSessionForm(NamedErrorsForm):
    reason = forms.ChoiceField(
        label="Why is the session cancelled?",
        choices=Session.CancellationReason.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={
            "required": CANCELLATION_REASON_REQUIRED,
            "invalid_choice": CANCELLATION_REASON_REQUIRED,
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, who was told and whether it will be rearranged",
    )

    def add_service_errors(self, error: ValidationError) -> None:
        for message in error.messages:
            self.add_error(None, message)
