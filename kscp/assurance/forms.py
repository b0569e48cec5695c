"""The forms of the yearly report's pages, on the partnership's model form base (nothing
lost: a versioned record's form posts back the version the editor opened)."""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxValueValidator
from django.utils import timezone

from kscp.assurance.models import (
    AMOUNT_TOO_LARGE,
    BUDGET_MAX_POUNDS,
    BudgetLine,
    ChecklistItem,
    Comment,
    Report,
    Section,
    SectionImage,
    SignOff,
)
from kscp.core.fields import text_too_long
from kscp.core.forms import GovukDateField, GovukTextareaField, NamedErrorsForm
from kscp.core.modelforms import PartnershipModelForm

PERIOD_START_NOT_FIRST = "The period must start on the first day of a month"
PERIOD_TAKEN = "The partnership already has a report for this period"


class ReportForm(NamedErrorsForm):
    title = forms.CharField(max_length=300, label="Title")
    period_start = GovukDateField(
        label="Period starts",
        help_text="The report covers the 12 months from this day; the financial year starts "
        "on 1 April. For example, 1 4 2025",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the title"

    def clean_period_start(self):
        start = self.cleaned_data["period_start"]
        if start.day != 1:
            raise forms.ValidationError(PERIOD_START_NOT_FIRST)
        return start

    def add_service_errors(self, error):
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, refusals in error.error_dict.items():
            for refusal in refusals:
                target = field if field in self.fields else None
                if field == "period_end":
                    target = "period_start"
                if field == NON_FIELD_ERRORS and refusal.code == "unique_together":
                    # The model's one report per period names no field: say it on the start.
                    self.add_error("period_start", PERIOD_TAKEN)
                else:
                    self.add_error(target, refusal.messages)

    @staticmethod
    def initial_for(today: datetime.date | None = None) -> dict:
        """The latest financial year that has ended."""
        today = today or timezone.localdate()
        year = (today.year if today.month >= 4 else today.year - 1) - 1
        return {"period_start": datetime.date(year, 4, 1)}


class SectionForm(PartnershipModelForm):
    record_noun = "section"

    class Meta:
        model = Section
        fields = ["title", "body"]
        labels = {"body": "Text"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the title"


class SignOffForm(PartnershipModelForm):
    class Meta:
        model = SignOff
        fields = ["comment"]
        labels = {"comment": "Comment (optional)"}


class CommentForm(PartnershipModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": "Comment"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Enter your comment"


class EvaluationForm(PartnershipModelForm):
    record_noun = "report"

    class Meta:
        model = Report
        fields = ["scrutiny_evaluation"]
        labels = {"scrutiny_evaluation": "Your evaluation of the arrangements and the report"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scrutiny_evaluation"].required = True
        self.fields["scrutiny_evaluation"].error_messages["required"] = "Enter your evaluation"


class PublishForm(PartnershipModelForm):
    record_noun = "report"

    class Meta:
        model = Report
        fields = []

    published_on = GovukDateField(label="Publication date")


class SendingForm(PartnershipModelForm):
    record_noun = "report"

    class Meta:
        model = Report
        fields = []

    sent_to_panel_on = GovukDateField(label="Sent to the national Panel on", required=False)
    sent_to_dfe_on = GovukDateField(label="Sent to the Department for Education on", required=False)


class BudgetLineForm(PartnershipModelForm):
    record_noun = "budget line"

    class Meta:
        model = BudgetLine
        fields = ["kind", "label", "amount"]
        labels = {"kind": "Kind of line", "label": "Partner or line", "amount": "Amount in pounds"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].error_messages["required"] = "Enter the partner or line"
        amount = self.fields["amount"]
        amount.widget.attrs["max"] = BUDGET_MAX_POUNDS
        amount.validators.append(MaxValueValidator(BUDGET_MAX_POUNDS, AMOUNT_TOO_LARGE))
        amount.error_messages.update(
            {
                "required": "Enter the amount in pounds",
                "invalid": "Enter the amount in whole pounds, like 12500",
                "min_value": "Enter an amount of £0 or more",
            }
        )


class BudgetLineRemoveForm(PartnershipModelForm):
    record_noun = "budget line"

    class Meta:
        model = BudgetLine
        fields = []


class SectionImageForm(PartnershipModelForm):
    image = forms.FileField(
        label="Image",
        help_text="A PNG or JPEG file",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        error_messages={"required": "Select an image", "empty": "The selected file is empty"},
    )

    class Meta:
        model = SectionImage
        fields = ["alt_text"]
        widgets = {"alt_text": forms.Textarea(attrs={"rows": 3})}

    field_order = ["image", "alt_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].error_messages["required"] = (
            "Enter the alternative text: what the image shows"
        )
        self.order_fields(self.field_order)


CHECKLIST_TEXT_MAX_LENGTH = ChecklistItem._meta.get_field("text").max_length


class ChecklistItemForm(PartnershipModelForm):
    """An item of the contents checklist: what the guidance says the report should contain,
    typed with GOV.UK's character count."""

    record_noun = "checklist item"

    text = GovukTextareaField(
        label="What the report should contain",
        max_length=CHECKLIST_TEXT_MAX_LENGTH,
        help_text="As the statutory guidance words it, for example How feedback from children "
        "and families was sought and used",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter what the report should contain",
            "max_length": text_too_long(
                "What the report should contain", CHECKLIST_TEXT_MAX_LENGTH
            ),
        },
    )

    class Meta:
        model = ChecklistItem
        fields = ["text"]


class ChecklistItemRemoveForm(PartnershipModelForm):
    record_noun = "checklist item"

    class Meta:
        model = ChecklistItem
        fields = []


class SectionCoversForm(PartnershipModelForm):
    """Which items of the partnership's contents checklist a section covers."""

    record_noun = "section"

    class Meta:
        model = Section
        fields = ["covers"]
        labels = {"covers": "Which checklist items does this section cover?"}
        help_texts = {"covers": "Select all that apply, or none"}
        widgets = {"covers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covers"].queryset = ChecklistItem.objects.filter(
            partnership_id=self.instance.report.partnership_id
        )
        self.fields["covers"].error_messages["invalid_choice"] = (
            "Select the checklist items from the list offered"
        )
        self.fields["covers"].error_messages["invalid_pk_value"] = (
            "Select the checklist items from the list offered"
        )
