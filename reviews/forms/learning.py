"""Forms of what a review teaches: its learning points and recommendations, the agencies'
actions on them and how the learning was shared."""

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.forms import GovukMonthField
from kscp.core.models import Agency, Group
from plans.models import Objective
from reviews.forms.base import CaseForm
from reviews.models import Dissemination, LearningPoint, ReviewAction, Theme

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


def _objective_label(objective: Objective) -> str:
    return f"{objective.plan.title}: {objective.number} {objective.action[:80]}"


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
    record_noun = "action"

    due_on = GovukMonthField(label="Month the action is due", required=False)

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
