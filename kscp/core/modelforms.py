"""The base of the model forms of the partnership's records (case reviews, training): built
on their model, so the model's own rules appear on the fields they concern; radios without
the empty choice; a record not offered refused in words; a service's refusal shown on the
fields it names; and nothing lost: the form of a versioned record posts back the version the
editor opened, so that a save from a stale page is refused."""

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.forms import name_field_errors
from kscp.core.versioning import (
    OUT_OF_DATE,
    StaleUpdateError,
    Versioned,
    other_change,
    stale_message,
)

CHOICE_NOT_OFFERED = "Select the {label} from the list offered"


class PartnershipModelForm(forms.ModelForm):
    """Radios never offer the empty "---------" choice: leaving them unselected says it. A
    record not offered here (another partnership's, say) is refused in words.

    A versioned record's form carries, hidden, the version the editor opened (`version` in
    `cleaned_data`, for the service's `record_save`): a save from an older one raises
    StaleUpdateError, which `refuse_stale` shows, moving the form to the current version so
    that a second save knowingly replaces the other change."""

    choice_names: dict[str, str] = {}  # how a choice's error names it, when not its label
    record_noun = ""  # how the stale refusal names the record, when not the model's name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if isinstance(self.instance, Versioned) and self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput,
                error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
            )
            self.initial.setdefault("version", self.instance.version)
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.label:
                what = self.choice_names.get(name, field.label[:1].lower() + field.label[1:])
                message = CHOICE_NOT_OFFERED.format(label=what)
                field.error_messages["invalid_choice"] = message
                field.error_messages["invalid_pk_value"] = message
            # Checkboxes are radios to Django: left alone.
            radios = isinstance(field.widget, forms.RadioSelect) and not isinstance(
                field.widget, forms.CheckboxSelectMultiple
            )
            if radios and isinstance(field, forms.ModelChoiceField):
                # Setting choices would freeze the queryset before the form narrows it to
                # the partnership's records: leave it live, without the empty choice.
                field.empty_label = None
            elif radios:
                field.choices = [(value, label) for value, label in field.choices if value != ""]
        name_field_errors(self)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's refusal on the fields it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    def refuse_stale(self, stale: StaleUpdateError) -> None:
        """Say who saved the record meanwhile, and when; keep the editor's words, and keep
        their change (`conflict`) for the page to show."""
        self.conflict = other_change(stale.current, stale.editor)
        noun = self.record_noun or stale.current._meta.verbose_name
        self.add_error(None, stale_message(stale, noun=noun))
        data = self.data.copy()
        data[self.add_prefix("version")] = stale.current.version
        self.data = data
