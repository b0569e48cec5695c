from django import forms

from kscp.services import COMMENT_REQUIRED
from kscp.tracking import RAG_NEEDING_COMMENT

OUT_OF_DATE = "This page is out of date: open the update page again"


class TrackedItemUpdateForm(forms.Form):
    """An owner's update: RAG in the plan's own words, progress and evidence."""

    rag = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a status",
            "invalid_choice": "Select a status from this plan's progress key",
        },
    )
    progress = forms.CharField(
        label="Progress",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has happened since the last update. Required for Red or Amber.",
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the evidence of progress can be found, for example a report or audit",
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = [(value, label) for value, label, _ in plan.progress_key]
        self.fields["rag"].choice_hints = {
            value: meaning for value, label, meaning in plan.progress_key if meaning != label
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rag") in RAG_NEEDING_COMMENT and not cleaned.get("progress", "").strip():
            self.add_error("progress", COMMENT_REQUIRED)
        return cleaned
