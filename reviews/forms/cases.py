"""Forms of the case: a notification, its rapid review and the review that follows."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from kscp.core.models import Agency, User
from reviews.forms.base import CaseForm
from reviews.models import Notification, RapidReview, ReferralReason, Review, Theme

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


def _person_label(person: User) -> str:
    return f"{person}, {person.agency}" if person.agency_id else str(person)


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
