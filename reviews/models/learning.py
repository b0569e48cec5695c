"""What a review teaches: its learning points and recommendations, the actions agencies take
on them (tracked like business-plan objectives) and how the learning was shared."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from kscp.core.fields import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH, LimitedTextField
from kscp.core.models import Agency, Group, TimeStampedModel
from kscp.core.tracking import TrackedItem
from kscp.core.versioning import Versioned
from reviews.models.cases import Review
from reviews.models.lists import Theme
from reviews.models.messages import (
    AGENCY_OTHER_PARTNERSHIP,
    GROUP_OTHER_PARTNERSHIP,
    OBJECTIVE_OTHER_PARTNERSHIP,
    OWNER_REQUIRED,
    THEME_OTHER_PARTNERSHIP,
    not_in_future,
)


class LearningPoint(TimeStampedModel, Versioned):
    """A finding or recommendation of a review, numbered within it."""

    partnership_path = "review__partnership"

    class Scope(models.TextChoices):
        SINGLE_AGENCY = "single_agency", "Single-agency"
        MULTI_AGENCY = "multi_agency", "Multi-agency"
        PARTNERSHIP = "partnership", "Partnership"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="learning_points")
    number = models.PositiveSmallIntegerField()
    is_recommendation = models.BooleanField(
        "this is a recommendation", default=True, help_text="Otherwise a learning point"
    )
    text = LimitedTextField("learning or recommendation", max_length=SUMMARY_MAX_LENGTH)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="learning_points"
    )
    objective = models.ForeignKey(
        "plans.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_points",
        verbose_name="business-plan objective it feeds",
    )

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"], name="learning_point_number_unique"
            ),
        ]

    def __str__(self):
        kind = "Recommendation" if self.is_recommendation else "Learning point"
        return f"{kind} {self.number}: {self.text[:80]}"

    def clean(self):
        super().clean()
        if not self.review_id:
            return
        partnership_id = self.review.partnership_id
        errors = {}
        if self.theme_id and self.theme.partnership_id != partnership_id:
            errors["theme"] = THEME_OTHER_PARTNERSHIP
        if self.objective_id and self.objective.plan.partnership_id != partnership_id:
            errors["objective"] = OBJECTIVE_OTHER_PARTNERSHIP
        if errors:
            raise ValidationError(errors)


class ReviewAction(TrackedItem):
    """What an agency or group will do about a recommendation, tracked and updated exactly
    like a business-plan objective: RAG status, progress, evidence, history."""

    partnership_path = "learning_point__review__partnership"

    learning_point = models.ForeignKey(
        LearningPoint, on_delete=models.CASCADE, related_name="actions"
    )
    description = LimitedTextField("action", max_length=NOTE_MAX_LENGTH)
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="review_actions"
    )
    # Protected, as the agency is: an action must keep an owner (review_action_has_owner).
    owner_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="review_actions"
    )

    class Meta:
        ordering = ["learning_point", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_agency__isnull=False) | Q(owner_group__isnull=False),
                name="review_action_has_owner",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def review(self):
        return self.learning_point.review

    @property
    def owner_display(self) -> str:
        return " and ".join(str(o) for o in (self.owner_agency, self.owner_group) if o)

    def clean(self):
        super().clean()
        errors = {}
        if not self.owner_agency_id and not self.owner_group_id:
            errors["owner_agency"] = OWNER_REQUIRED
        if self.learning_point_id:
            partnership_id = self.learning_point.review.partnership_id
            if self.owner_agency_id and self.owner_agency.partnership_id != partnership_id:
                errors["owner_agency"] = AGENCY_OTHER_PARTNERSHIP
            if self.owner_group_id and self.owner_group.partnership_id != partnership_id:
                errors["owner_group"] = GROUP_OTHER_PARTNERSHIP
        if errors:
            raise ValidationError(errors)


# The words of each RAG status for review actions, which belong to no plan: the same shape
# as a plan's progress key (value, label, meaning), so the shared update form serves both.
REVIEW_ACTION_PROGRESS_KEY = [
    ("not_started", "Not started", "Not started"),
    ("red", "Red", "Not on track: the action will not be done without help"),
    ("amber", "Amber", "Some slippage, being managed"),
    ("green", "Green", "On track"),
    ("complete", "Complete", "Done, with evidence of the change"),
]


class Dissemination(TimeStampedModel, Versioned):
    """How the learning of a review was shared with practitioners."""

    partnership_path = "review__partnership"
    date_names = {"held_on": "date the learning was shared"}

    class Method(models.TextChoices):
        BRIEFING = "briefing", "7-minute briefing"
        SEMINAR = "seminar", "Seminar"
        BULLETIN = "bulletin", "E-bulletin"
        REFLECTIVE = "reflective", "Reflective discussion"
        EVENT = "event", "Practitioner event"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="disseminations")
    method = models.CharField(max_length=20, choices=Method.choices)
    held_on = models.DateField("date")
    audience = models.CharField("to whom", max_length=300)
    reached = models.PositiveIntegerField("number of people reached", null=True, blank=True)
    notes = LimitedTextField(max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["review", "-held_on"]

    def __str__(self):
        return f"{self.get_method_display()}, {self.held_on:%d %B %Y}"

    def clean(self):
        super().clean()
        errors = {}
        not_in_future(errors, self, "held_on")
        if errors:
            raise ValidationError(errors)
