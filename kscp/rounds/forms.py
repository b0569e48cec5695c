from django import forms

from kscp.core.fields import NOTE_MAX_LENGTH, text_too_long
from kscp.core.forms import GovukTextareaField, NamedErrorsForm
from kscp.core.modelforms import PartnershipModelForm
from kscp.rounds.models import UpdateRound
from plans.models import Plan

ENTER_NAME = "Enter a name for the round, for example Quarter 3 2026/27"
ENTER_OPENS = "Enter the date the round opens"
ENTER_DEADLINE = "Enter the date updates are due by"
NAME_TAKEN = "Your partnership already has a round with this name"


class RoundForm(PartnershipModelForm):
    """Open or change a round: its name, dates, meeting, and which items it asks about."""

    message = GovukTextareaField(
        label="Message to owners",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": text_too_long("Message to owners", NOTE_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional words for the opening e-mail, above the list of items",
    )

    class Meta:
        model = UpdateRound
        fields = [
            "name",
            "opens_on",
            "deadline",
            "meeting",
            "plans",
            "include_review_actions",
            "message",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "plans": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": ENTER_NAME},
            "opens_on": {"required": ENTER_OPENS, "invalid": ENTER_OPENS},
            "deadline": {"required": ENTER_DEADLINE, "invalid": ENTER_DEADLINE},
        }
        help_texts = {"plans": "Live plans of your partnership: their objectives and actions"}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        self.fields["plans"].queryset = Plan.objects.filter(
            partnership=partnership, status=Plan.Status.LIVE
        ) | Plan.objects.filter(pk__in=self.instance.plans.all() if self.instance.pk else [])
        self.fields["plans"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = UpdateRound.objects.filter(partnership=self.partnership, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(NAME_TAKEN)
        return name

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class RoundFilterForm(NamedErrorsForm):
    """The round page's filters: a plan, a group, updated or outstanding."""

    plan = forms.ChoiceField(label="Plan", required=False)
    group = forms.ChoiceField(label="Group", required=False)
    status = forms.ChoiceField(
        label="Updated",
        required=False,
        choices=[("", "Everyone"), ("outstanding", "Not yet updated"), ("done", "Updated")],
    )

    def __init__(self, *args, plans, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "Every plan"), *((p, p) for p in plans)]
        self.fields["group"].choices = [("", "Every group"), *((g, g) for g in groups)]
