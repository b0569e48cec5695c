"""Forms of the case record pages: a notification, its rapid review, the review that follows,
its learning, the agencies' actions and how the learning was shared.

Each form is built on its model, so the model's own rules (dates in the future, awareness
before the incident, a decision without reasons, completion before the start…) appear on the
fields they concern. Dates are GOV.UK date inputs; choices of a few options are radios."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst

from kscp.forms import GovukDateField, GovukMonthField
from kscp.models import Agency, Group, User
from plans.models import Objective
from reviews.models import (
    Dissemination,
    LearningPoint,
    Notification,
    RapidReview,
    ReferralReason,
    Review,
    ReviewAction,
    Theme,
)

REFERENCE_REQUIRED = "Enter a reference"
REFERENCE_TAKEN = "A notification with this reference already exists"
NATURE_REQUIRED = "Select the nature of the incident"
REFERRAL_REASON_REQUIRED = "Select the referral reason"
AGE_BAND_REQUIRED = "Select the age band"
TITLE_REQUIRED = "Enter a title"
TITLE_TAKEN = "A review with this title already exists"
KIND_REQUIRED = "Select the kind of review"
STAGE_REQUIRED = "Select the stage the review has reached"
COST_NEGATIVE = "The cost cannot be negative"
COST_INVALID = "Enter the cost as a number of pounds, for example 7500"
NUMBER_REQUIRED = "Enter a number"
NUMBER_TOO_SMALL = "The number must be 1 or more"
NUMBER_TAKEN = "This review already has a learning point or recommendation numbered {number}"
KIND_OF_POINT_REQUIRED = "Select whether this is a recommendation or a learning point"
TEXT_REQUIRED = "Enter the recommendation or learning point"
SCOPE_REQUIRED = "Select the scope"
DESCRIPTION_REQUIRED = "Enter what the action is"
METHOD_REQUIRED = "Select how the learning was shared"
AUDIENCE_REQUIRED = "Enter who the learning was shared with"
REACHED_INVALID = "Enter the number of people reached as a whole number, for example 40"
CHOICE_NOT_OFFERED = "Select the {label} from the list offered"
PAGE_OUT_OF_DATE = "This page is out of date: open the change page again"
ACTION_CHANGED = (
    "Your changes have not been saved: someone else changed this action while you were "
    "editing it. Your text is still in the form: check it and save again to replace their "
    "change with yours."
)


def _formfield(db_field, **kwargs):
    """Dates as GOV.UK date inputs; links assumed secure; every other field as the model
    says."""
    if isinstance(db_field, models.DateField) and db_field.editable:
        return GovukDateField(label=capfirst(db_field.verbose_name), required=not db_field.blank)
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class CaseForm(forms.ModelForm):
    """Radios never offer the empty "---------" choice: leaving them unselected says it."""

    class Meta:
        formfield_callback = _formfield

    choice_names: dict[str, str] = {}  # how a choice's error names it, when not its label

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.label:
                # A record not offered here (another partnership's, say) is refused in words.
                what = self.choice_names.get(name, field.label[:1].lower() + field.label[1:])
                message = CHOICE_NOT_OFFERED.format(label=what)
                field.error_messages["invalid_choice"] = message
                field.error_messages["invalid_pk_value"] = message
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [(value, label) for value, label in field.choices if value != ""]

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal on the fields it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


def _person_label(person: User) -> str:
    return f"{person}, {person.agency}" if person.agency_id else str(person)


def _objective_label(objective: Objective) -> str:
    return f"{objective.plan.title}: {objective.number} {objective.action[:80]}"


class NotificationForm(CaseForm):
    class Meta(CaseForm.Meta):
        model = Notification
        fields = [
            "reference",
            "incident_on",
            "la_aware_on",
            "panel_notification_required",
            "panel_notified_on",
            "nature",
            "referral_reason",
            "age_band",
            "agencies",
            "summary",
        ]
        labels = {"agencies": "Agencies involved", "summary": "Summary"}
        widgets = {
            "nature": forms.RadioSelect,
            "age_band": forms.RadioSelect(attrs={"small": True}),
            "agencies": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "reference": {"required": REFERENCE_REQUIRED},
            "nature": {"required": NATURE_REQUIRED},
            "referral_reason": {"required": REFERRAL_REASON_REQUIRED},
            "age_band": {"required": AGE_BAND_REQUIRED},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        current = self.instance.referral_reason_id
        self.fields["referral_reason"].queryset = ReferralReason.objects.filter(
            Q(is_active=True) | Q(pk=current), partnership=partnership
        )
        self.fields["referral_reason"].empty_label = "Choose a referral reason"
        self.fields["agencies"].queryset = Agency.objects.filter(partnership=partnership)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        taken = (
            Notification.objects.filter(
                partnership=self.instance.partnership, reference__iexact=reference
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise ValidationError(REFERENCE_TAKEN)
        return reference


class RapidReviewForm(CaseForm):
    class Meta(CaseForm.Meta):
        model = RapidReview
        fields = [
            "meeting_on",
            "completed_on",
            "chair",
            "decision",
            "rationale",
            "sent_to_panel_on",
            "panel_response",
        ]
        labels = {"chair": "Who chaired the rapid review", "decision": "Decision"}
        widgets = {
            "decision": forms.RadioSelect,
            "rationale": forms.Textarea(attrs={"rows": 5}),
            "panel_response": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "rationale": "Required once a decision is made",
            "decision": "Leave unselected until the partners have decided",
        }

    choice_names = {"chair": "chair"}

    def __init__(self, *args, notification, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.notification = notification
        chair = self.fields["chair"]
        # A chair who has since left stays offered to the rapid review they chaired.
        chair.queryset = User.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.chair_id),
            partnership_id=notification.partnership_id,
        ).select_related("agency")
        chair.label_from_instance = _person_label
        chair.empty_label = "Not recorded"


class ReviewForm(CaseForm):
    cost = forms.DecimalField(
        label="Lead reviewer cost (£)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text="In pounds, for example 7500",
        error_messages={"min_value": COST_NEGATIVE, "invalid": COST_INVALID},
    )

    class Meta(CaseForm.Meta):
        model = Review
        fields = [
            "title",
            "kind",
            "decided_on",
            "summary",
            "stage",
            "lead_reviewer",
            "lead_reviewer_independent",
            "cost",
            "started_on",
            "target_on",
            "completed_on",
            "published_on",
            "publication_url",
            "themes",
        ]
        labels = {"kind": "Kind of review", "themes": "Themes"}
        widgets = {
            "kind": forms.RadioSelect,
            "stage": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": TITLE_REQUIRED},
            "kind": {"required": KIND_REQUIRED},
            "stage": {"required": STAGE_REQUIRED},
        }

    def __init__(self, *args, partnership, notification=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        if notification is not None:
            self.instance.notification = notification
        self.fields["themes"].queryset = Theme.objects.filter(partnership=partnership)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        taken = (
            Review.objects.filter(partnership=self.instance.partnership, title__iexact=title)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise ValidationError(TITLE_TAKEN)
        return title


class LearningPointForm(CaseForm):
    number = forms.IntegerField(
        min_value=1,
        error_messages={"required": NUMBER_REQUIRED, "min_value": NUMBER_TOO_SMALL},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    is_recommendation = forms.TypedChoiceField(
        label="Recommendation or learning point",
        choices=[(True, "Recommendation"), (False, "Learning point")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": KIND_OF_POINT_REQUIRED},
    )

    class Meta(CaseForm.Meta):
        model = LearningPoint
        fields = ["number", "is_recommendation", "text", "scope", "theme", "objective"]
        labels = {"text": "What it says", "theme": "Theme"}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "scope": forms.RadioSelect,
        }
        help_texts = {"objective": "Optional: the objective of a business plan it feeds"}
        error_messages = {
            "text": {"required": TEXT_REQUIRED},
            "scope": {"required": SCOPE_REQUIRED},
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        self.fields["theme"].queryset = Theme.objects.filter(partnership_id=review.partnership_id)
        self.fields["theme"].empty_label = "No theme"
        objective = self.fields["objective"]
        objective.queryset = (
            Objective.objects.filter(plan__partnership_id=review.partnership_id)
            .select_related("plan")
            .order_by("-plan__starts_on", "plan__title", "sort_key")
        )
        objective.label_from_instance = _objective_label
        objective.empty_label = "No objective"

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = (
            LearningPoint.objects.filter(review=self.instance.review, number=number)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise ValidationError(NUMBER_TAKEN.format(number=number))
        return number


class ReviewActionForm(CaseForm):
    due_on = GovukMonthField(label="Month the action is due", required=False)
    # The version of the action the editor opened: a save from an older one is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"required": PAGE_OUT_OF_DATE, "invalid": PAGE_OUT_OF_DATE},
    )

    class Meta(CaseForm.Meta):
        model = ReviewAction
        fields = ["description", "owner_agency", "owner_group", "due_on"]
        labels = {
            "description": "What the action is",
            "owner_agency": "Agency that owns the action",
            "owner_group": "Group that owns the action",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "owner_agency": "Choose the agency, the group, or both",
        }
        error_messages = {"description": {"required": DESCRIPTION_REQUIRED}}

    def __init__(self, *args, learning_point, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.learning_point = learning_point
        partnership_id = learning_point.review.partnership_id
        self.fields["owner_agency"].queryset = Agency.objects.filter(partnership_id=partnership_id)
        self.fields["owner_group"].queryset = Group.objects.filter(partnership_id=partnership_id)
        self.fields["owner_agency"].empty_label = "No agency"
        self.fields["owner_group"].empty_label = "No group"
        if self.instance.pk:
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]


class DisseminationForm(CaseForm):
    reached = forms.IntegerField(
        label="Number of people reached",
        required=False,
        min_value=0,
        error_messages={"invalid": REACHED_INVALID, "min_value": REACHED_INVALID},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
    )

    class Meta(CaseForm.Meta):
        model = Dissemination
        fields = ["method", "held_on", "audience", "reached", "notes"]
        labels = {"method": "How the learning was shared", "audience": "Who it was shared with"}
        widgets = {
            "method": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"audience": "For example, practitioners of every agency"}
        error_messages = {
            "method": {"required": METHOD_REQUIRED},
            "audience": {"required": AUDIENCE_REQUIRED},
        }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
